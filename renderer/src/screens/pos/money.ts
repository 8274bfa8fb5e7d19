import { dollars } from '../../../../contracts/money';

/** Amounts are integer cents everywhere; only the screen turns them into dollars, with the one formatter the till and its receipts share. */
export const money = (cents: number | null | undefined) => (cents === null || cents === undefined ? '—' : dollars(cents));

/** "2026-03-14T09:30:00.000Z" -> "Mar 14, 2026" in the till's locale. */
export const day = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleDateString('en-US', { year: 'numeric', month: 'short', day: 'numeric' }) : '—';

/** "Mar 14, 2026, 9:30 AM" for receipts. */
export const dayTime = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleString('en-US', { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }) : '—';

/** "2026-03-14" for dense lists, where a long date would wrap. */
export const isoDay = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : '—');

/** Dollars typed at the counter ("12.50", "$7", "1,250.00") to cents, or null when it is not an amount. */
export function centsOf(text: string): number | null {
  const m = /^\s*\$?\s*(\d{1,3}(?:,\d{3})+|\d{1,7})(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!m) return null;
  return Number(m[1]!.replace(/,/g, '')) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
}

/** A percentage typed at the counter ("10", "12.5%") to basis points, or null. */
export function basisPointsOf(text: string): number | null {
  const m = /^\s*(\d{1,3})(?:\.(\d{1,2}))?\s*%?\s*$/.exec(text);
  if (!m) return null;
  const bp = Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
  return bp <= 10_000 ? bp : null;
}

/** A fitment's years, whole: "2009" for one year, "2009–2012" for a range. */
export const years = (from: number, to: number) => (from === to ? String(from) : `${from}–${to}`);

export const STATUS_LABELS: Record<string, string> = {
  active: 'Active',
  open: 'Open',
  in_progress: 'In progress',
  waiting_parts: 'Waiting for parts',
  completed: 'Completed',
  invoiced: 'Invoiced (paid)',
  cancelled: 'Cancelled',
};
