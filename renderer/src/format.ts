/** Display helpers: plain, short, and fixed-width where numbers change while you watch. */

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ${units[i]}`;
}

/** 0:07, 2:15, 1:02:03 */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** Seconds read better than a clock for short spans: "0.8 s", "12 s", "2 min 5 s". */
export function formatDuration(ms: number): string {
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

export function formatEta(ms: number | null): string {
  if (ms === null) return 'estimating…';
  if (ms < 5_000) return 'a few seconds';
  return `about ${formatClock(ms)}`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function formatPercent(fraction: number): string {
  return `${Math.floor(Math.min(1, Math.max(0, fraction)) * 100)}%`;
}

/** "2026-11-29 17:01" in the till's local time. */
export function formatDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

const REASONS: Record<string, string> = {
  'pre-upgrade': 'Before upgrade',
  manual: 'Manual',
  'pre-restore': 'Before restore',
  scheduled: 'Scheduled',
};

export const formatReason = (reason: string): string => REASONS[reason] ?? reason;

/** "0002-tenant-id" -> "0002"; the full name stays in the title attribute. */
export const shortVersion = (schemaVersion: string | null): string => (schemaVersion ? (schemaVersion.split('-')[0] ?? schemaVersion) : 'empty');
