import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../backup/durable';
import type { UpgradeReport } from './types';

export const upgradeReportFileName = (backupId: string): string => `${backupId}.upgrade-report.json`;

/**
 * What the saved file says about the upgrade's end: `committing` is written
 * just before COMMIT (so a process killed after COMMIT still leaves a report),
 * `final` after it, `settled` when a later start found a `committing` report
 * and looked at the database to say what really happened.
 */
export type SavedReportState = 'committing' | 'final' | 'settled';

export interface SavedUpgradeReport extends UpgradeReport {
  saved: SavedReportState;
}

/** Writes a report; the default is writeUpgradeReport. Injectable: a test can fail it to see that the upgrade still says what it did. */
export type ReportWriter = (backupDir: string, backupId: string, report: SavedUpgradeReport) => string;

/**
 * Saves the report beside the pre-upgrade backup, so whoever restores that
 * backup also finds what the upgrade saw. Written to a temporary name, synced
 * and renamed: a crash never leaves half a report, and a failure (a full disk)
 * leaves no temp file.
 */
export const writeUpgradeReport: ReportWriter = (backupDir, backupId, report) => {
  const file = path.join(backupDir, upgradeReportFileName(backupId));
  writeFileAtomic(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
};

/**
 * At the next start: a report left as `committing` (the process died between
 * writing it and COMMIT, or after COMMIT before the final report) is settled by
 * what the database says: committed when every migration it names is
 * executed, otherwise rolled back (SQLite rolled the transaction back when the
 * file was next opened). Returns the files settled.
 */
export function settleUpgradeReports(backupDirs: readonly string[], executed: readonly string[], write: ReportWriter = writeUpgradeReport): string[] {
  const settled: string[] = [];
  const done = new Set(executed);
  for (const dir of backupDirs) {
    let names: string[];
    try {
      names = fs.readdirSync(dir).filter((n) => n.endsWith('.upgrade-report.json'));
    } catch {
      continue;
    }
    for (const name of names) {
      let report: SavedUpgradeReport;
      try {
        report = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as SavedUpgradeReport;
      } catch {
        continue;
      }
      if (report.saved !== 'committing' || !report.backupId) continue;
      const committed = report.migrations.length > 0 && report.migrations.every((m) => done.has(m));
      const note = committed
        ? 'The upgrade process stopped after its COMMIT, before it could finish this report: the database records every migration above, so the upgrade is committed'
        : 'The upgrade process stopped before its COMMIT completed: SQLite rolled the transaction back, the database is as it was before the upgrade';
      write(dir, report.backupId, {
        ...report,
        ok: committed,
        saved: 'settled',
        warnings: [...(report.warnings ?? []), note],
        error: committed
          ? null
          : { code: 'INTERRUPTED', message: 'The upgrade was interrupted before its COMMIT', hint: 'Run the upgrade again', table: null, check: 'commit' },
      });
      settled.push(path.join(dir, name));
    }
  }
  return settled;
}
