import fs from 'node:fs';
import path from 'node:path';
import type { UpgradeReport } from './types';

export const upgradeReportFileName = (backupId: string): string => `${backupId}.upgrade-report.json`;

/**
 * Saves the report beside the pre-upgrade backup, so whoever restores that
 * backup also finds what the upgrade saw. Written to a temporary name and
 * renamed, so a crash never leaves half a report.
 */
export function writeUpgradeReport(backupDir: string, backupId: string, report: UpgradeReport): string {
  const file = path.join(backupDir, upgradeReportFileName(backupId));
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(report, null, 2) + '\n');
  fs.renameSync(tmp, file);
  return file;
}
