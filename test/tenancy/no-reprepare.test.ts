import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA_LAYER_SQL } from '../../electron/tenancy/repositories';

/**
 * SQLite (3.53, as better-sqlite3 builds it) reads a bare parameter's bound value while planning a
 * `LIMIT @limit` (to size the result) or a `LIKE @pattern` (for the prefix optimisation), and marks the
 * statement so that binding that parameter again re-prepares it: every call then parses and plans the
 * statement anew, about 70% of a ledger read's instructions (docs/performance.md). `+@limit` is the same
 * value at run time but an expression to the planner, so the statement is prepared once.
 */
const BARE_PARAMETER = /\b(LIMIT|OFFSET|LIKE|GLOB)\s+[@?:$]/i;

/** Every TypeScript file of the till that may hold SQL for SQLite (the hub speaks PostgreSQL, which plans otherwise). */
function tillSources(): string[] {
  const root = path.resolve(__dirname, '../..');
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) out.push(full);
    }
  };
  for (const dir of ['electron', 'migrations']) walk(path.join(root, dir));
  return out.map((f) => path.relative(root, f));
}

describe('data-layer statements are planned once, not on every call', () => {
  it.each(DATA_LAYER_SQL.map((s) => [`${s.file}.${s.name}`, s.sql] as const))('%s binds no bare parameter as LIMIT or LIKE pattern', (_name, sql) => {
    expect(sql).not.toMatch(BARE_PARAMETER);
  });

  // The sync queue and its overview (electron/sync) prepare their own statements outside the repositories.
  it('no SQL anywhere in the till binds a bare parameter as LIMIT, OFFSET or LIKE pattern', () => {
    const root = path.resolve(__dirname, '../..');
    const offenders = tillSources().flatMap((file) =>
      fs
        .readFileSync(path.join(root, file), 'utf8')
        .split('\n')
        .flatMap((line, i) => (BARE_PARAMETER.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(offenders).toEqual([]);
  });
});
