import type { ErrorInfo } from '../errors';
import type { UpgradeReport } from './types';

export interface DiagnosticContext {
  appVersion: string;
  /** e.g. "linux x64, Electron 45.5.0" */
  runtime: string;
  databasePath: string;
  backupFolder: string;
}

export interface DiagnosticInput extends DiagnosticContext {
  report: UpgradeReport | null;
  /** Set when the upgrade could not even produce a report (worker crash, refused request). */
  error: ErrorInfo | null;
  now: Date;
}

/**
 * What "Copy diagnostic report" puts on the clipboard: readable lines a
 * technician can act on, then the full report as JSON for support.
 */
export function diagnosticReport(input: DiagnosticInput): string {
  const { report, error } = input;
  const lines = [
    'POS Desktop upgrade diagnostic report',
    `Generated:   ${input.now.toISOString()}`,
    `App:         POS Desktop ${input.appVersion} (${input.runtime})`,
    `Database:    ${input.databasePath}`,
    `Backups:     ${input.backupFolder}`,
    `Result:      ${report?.ok ? 'upgraded' : 'FAILED (the database was not changed)'}`,
  ];
  const e = report?.error ?? error;
  if (e) {
    lines.push(`Error:       ${e.code}: ${e.message}`, `What to do:  ${e.hint}`);
  }
  if (report?.error?.table || report?.error?.check) {
    lines.push(`Where:       table ${report.error.table ?? '-'}, check ${report.error.check ?? '-'}`);
  }
  if (report) {
    lines.push(`Backup:      ${report.backupId ?? 'none'}${report.backupPath ? ` (${report.backupPath})` : ''}`);
    lines.push(`Migrations:  ${report.migrations.join(', ') || '(none)'}`);
    const phases = Object.entries(report.timingsMs).map(([phase, ms]) => `${phase} ${Math.round(ms ?? 0)}`);
    lines.push(`Timings ms:  ${phases.join(', ')}`);
    const failed = report.checks.filter((c) => !c.ok);
    lines.push(`Checks:      ${report.checks.length - failed.length} passed, ${failed.length} failed`);
    failed.forEach((c) => lines.push(`  FAILED ${c.check}${c.table ? ` on ${c.table}` : ''}: ${c.detail}`));
    lines.push('', '--- full report (JSON) ---', JSON.stringify(report, null, 2));
  }
  return lines.join('\n');
}
