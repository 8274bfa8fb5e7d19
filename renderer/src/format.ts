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

/** "2026-11-29 17:01:07" in the till's local time: to the second, so two backups a minute apart are told apart. */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${formatDate(iso)}:${p(d.getSeconds())}`;
}

/** "just now", "12 min ago", "3 h ago", "5 days ago": how old, at a glance. */
export function formatAgo(iso: string, now: Date = new Date()): string {
  const ms = now.getTime() - new Date(iso).getTime();
  if (Number.isNaN(ms)) return '';
  if (ms < 0) return 'in the future (check the clock)';
  const min = Math.floor(ms / 60_000);
  if (min < 1) return 'just now';
  if (min < 60) return `${min} min ago`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.floor(h / 24)} days ago`;
}

/** An estimate said before it happens: "less than a minute", "about 3 minutes". */
export function formatEstimate(ms: number): string {
  if (ms < 60_000) return 'less than a minute';
  const min = Math.ceil(ms / 60_000);
  return min === 1 ? 'about a minute' : `about ${min} minutes`;
}

/** "1 sale", "2 sales": counts in words staff read. */
export const plural = (n: number, one: string, many = `${one}s`): string => `${formatCount(n)} ${n === 1 ? one : many}`;

/** The tables staff know, in the order they think of them, with their words. */
const HOLDS: readonly [table: string, one: string, many: string][] = [
  ['sales', 'sale', 'sales'],
  ['customers', 'customer', 'customers'],
  ['products', 'product', 'products'],
  ['work_orders', 'work order', 'work orders'],
];

/** What a backup holds, from its manifest's row counts: "812 sales · 1,204 customers · 3,400 products · 96 work orders". */
export function formatHolds(rowCounts: Record<string, number>): string {
  const parts = HOLDS.filter(([t]) => t in rowCounts).map(([t, one, many]) => plural(rowCounts[t] ?? 0, one, many));
  return parts.length > 0 ? parts.join(' · ') : 'an empty store';
}
