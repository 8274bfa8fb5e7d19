import type { CheckResult, UpgradeProgress, UpgradeReport } from '../upgrade/types';
import { formatTable } from './format';

const seconds = (ms: number) => (ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 1000).toFixed(1)} s`);

/** One terminal line: bar, percentage, phase, current step, tables done and the ETA. */
export function formatProgressLine(p: UpgradeProgress, width = 24): string {
  const filled = Math.round(p.fraction * width);
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
  const pct = `${Math.floor(p.fraction * 100)}%`.padStart(4);
  const tables = p.phase === 'migrate' ? ` ${p.tablesDone}/${p.tablesTotal} tables` : '';
  const eta = p.etaMs === null ? '' : ` ETA ${seconds(p.etaMs)}`;
  return `${bar} ${pct} ${p.phase.padEnd(9)} ${p.step}${tables}  ${seconds(p.elapsedMs)}${eta}`;
}

/** What a technician reads after `pos-db upgrade`: rows per table before and after, timings, where the backup is. */
export function formatUpgradeSummary(report: UpgradeReport, reportFile: string | null): string[] {
  if (report.upToDate) return [`${report.dbPath} is already up to date: nothing to do.`];
  const lines: string[] = [];
  const after = new Map(report.after.map((t) => [t.table, t]));
  if (report.before.length > 0) {
    lines.push(
      formatTable(
        ['table', 'rows before', 'rows after', 'tenant_id'],
        report.before.map((b) => {
          const a = after.get(b.table);
          return [b.table, String(b.rows), a ? String(a.rows) : '-', a?.columns.includes('tenant_id') ? 'yes' : 'no'];
        }),
      ),
      '',
    );
  }
  const phases = Object.entries(report.timingsMs).filter(([k]) => k !== 'total');
  lines.push(
    formatTable(['phase', 'time'], [...phases.map(([k, v]) => [k, `${Math.round(v)} ms`]), ['total', `${Math.round(report.timingsMs.total)} ms`]]),
    '',
  );
  const failed = report.checks.filter((c) => !c.ok);
  if (report.checks.length > 0) lines.push(`Checks: ${report.checks.length - failed.length} of ${report.checks.length} passed`);
  for (const c of failed) lines.push(`  FAILED ${describeCheck(c)}`);
  if (report.backupId) lines.push(`Pre-upgrade backup: ${report.backupId} (${report.backupPath})`);
  if (reportFile) lines.push(`Report: ${reportFile}`);
  if (report.ok) {
    const rows = report.after.reduce((a, t) => a + t.rows, 0);
    lines.push(
      `Upgraded ${report.dbPath}: ${report.migrations.join(', ')}; ${report.after.length} tables, ${rows} rows, in ${seconds(report.timingsMs.total)}.`,
    );
  } else if (report.error) {
    const where = [report.error.check && `check ${report.error.check}`, report.error.table && `table ${report.error.table}`].filter(Boolean).join(', ');
    lines.push(`Upgrade failed${where ? ` (${where})` : ''}: ${report.error.message}. ${report.error.hint}`);
  }
  return lines;
}

export function describeCheck(c: CheckResult): string {
  return `${c.check}${c.table ? ` [${c.table}]` : ''}: ${c.detail}`;
}
