import fs from 'node:fs';
import path from 'node:path';
import { buildMissingPerfIndexes, type PerfIndexBuild } from '../../db/perf-indexes';
import { openDatabase } from '../../db/open';
import { BadInputError } from '../../errors';
import { formatProgressLine, formatUpgradeSummary } from '../format-upgrade';
import { upgradeReportFileName } from '../../upgrade/report';
import { runUpgrade } from '../../upgrade/run-upgrade';
import type { Command } from '../command';
import { requireString } from '../command';

export const upgradeCommand: Command = {
  name: 'upgrade',
  summary: 'upgrade a store database to the multi-tenant schema (preflight, verified backup, audit, migrate, verify, commit)',
  usage: [
    'pos-db upgrade --db FILE [--backup-dir DIR] [--json]',
    '',
    '  --backup-dir DIR  where the pre-upgrade backup goes (default: backups/ beside the database)',
    '  --json            one JSON object per line: {"type":"progress",...} per event, then {"type":"report",...}',
    '',
    'Exit 0: upgraded, or nothing was pending. Exit 1: the upgrade failed and was rolled back (the database',
    'is unchanged; the report names the check and the table). Exit 2: bad input, nothing done.',
  ].join('\n'),
  options: { db: { type: 'string' }, 'backup-dir': { type: 'string' }, json: { type: 'boolean' } },
  async run(values, io) {
    const dbPath = requireString(values, 'db', 'upgrade');
    const backupDir = values['backup-dir'];
    if (backupDir !== undefined && (typeof backupDir !== 'string' || backupDir.length === 0)) {
      throw new BadInputError('--backup-dir needs a folder', 'Run `pos-db upgrade --help` for usage');
    }
    const json = values.json === true;
    const report = await runUpgrade({
      dbPath,
      backupDir: backupDir as string | undefined,
      onProgress: json ? (p) => io.out(JSON.stringify({ type: 'progress', ...p })) : (p) => io.status(formatProgressLine(p)),
    });
    // After the COMMIT, outside the upgrade's budget: the indexes that only make queries faster, one transaction each.
    const indexes = report.ok ? await buildIndexes(dbPath) : null;
    const saved = report.backupId && report.backupPath ? path.join(path.dirname(report.backupPath), upgradeReportFileName(report.backupId)) : null;
    const reportFile = saved && fs.existsSync(saved) ? saved : null;
    if (json) {
      io.out(JSON.stringify({ type: 'report', ...report, reportFile, perfIndexes: indexes }));
    } else {
      io.status('');
      const lines = formatUpgradeSummary(report, reportFile);
      // The verdict goes to stderr on failure, so a script that only keeps stderr still learns what failed.
      for (const line of report.ok ? lines : lines.slice(0, -1)) io.out(line);
      if (indexes && indexes.built.length > 0) {
        const ms = indexes.built.reduce((a, b) => a + b.ms, 0);
        io.out(`Performance indexes: ${indexes.built.length} built after the commit in ${(ms / 1000).toFixed(1)} s`);
      }
      for (const warning of report.warnings ?? []) io.err(`Warning: ${warning}`);
      if (!report.ok) io.err(lines.at(-1) ?? 'Upgrade failed');
    }
    return report.ok ? 0 : 1;
  },
};

/** Builds the performance indexes the upgraded store lacks (electron/db/perf-indexes.ts); also finishes a build an earlier run or the app left half done. */
async function buildIndexes(dbPath: string): Promise<PerfIndexBuild> {
  const db = openDatabase(dbPath);
  try {
    return await buildMissingPerfIndexes(db);
  } finally {
    db.close();
  }
}
