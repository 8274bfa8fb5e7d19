import { formatTable } from '../format';
import { describeCheck } from '../format-upgrade';
import { verifyDatabaseFile } from '../../verify';
import type { Command } from '../command';
import { requireString } from '../command';

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'check a migrated database: tenant_id everywhere, indexes, per-tenant keys, foreign keys, no cross-tenant reference (read-only)',
  usage: 'pos-db verify --db FILE [--json]\n\nRead-only. Exit 0 when every check holds, 1 otherwise (each failing check is named), 2 on bad input.',
  options: { db: { type: 'string' }, json: { type: 'boolean' } },
  async run(values, io) {
    const result = verifyDatabaseFile(requireString(values, 'db', 'verify'));
    if (values.json) {
      io.out(JSON.stringify(result));
      return result.ok ? 0 : 1;
    }
    const byCheck = new Map<string, { passed: number; total: number }>();
    for (const c of result.checks) {
      const s = byCheck.get(c.check) ?? { passed: 0, total: 0 };
      s.total++;
      if (c.ok) s.passed++;
      byCheck.set(c.check, s);
    }
    io.out(
      formatTable(
        ['check', 'passed', 'of'],
        [...byCheck].map(([check, s]) => [check, String(s.passed), String(s.total)]),
      ),
    );
    for (const c of result.failed) io.err(`FAILED ${describeCheck(c)}`);
    const summary = `${result.checks.length - result.failed.length} of ${result.checks.length} checks passed on ${result.dbPath} in ${result.durationMs} ms`;
    if (result.ok) io.out(`OK: ${summary}`);
    else io.err(`NOT OK: ${summary}`);
    return result.ok ? 0 : 1;
  },
};
