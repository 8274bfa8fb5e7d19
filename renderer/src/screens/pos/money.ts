const dollars = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

/** Amounts are integer cents everywhere; only the screen turns them into dollars. */
export const money = (cents: number | null | undefined) => (cents === null || cents === undefined ? '—' : dollars.format(cents / 100));

/** "2026-03-14T09:30:00.000Z" -> "Mar 14, 2026" in the till's locale. */
export const day = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleDateString('en-US', { year: 'numeric', month: 'short', day: 'numeric' }) : '—';

/** "2026-03-14" for dense lists, where a long date would wrap. */
export const isoDay = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : '—');

/** Dollars typed at the counter ("12.50", "$7") to cents, or null when it is not an amount. */
export function centsOf(text: string): number | null {
  const m = /^\s*\$?\s*(\d{1,6})(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
}

export const STATUS_LABELS: Record<string, string> = {
  active: 'Active',
  open: 'Open',
  in_progress: 'In progress',
  waiting_parts: 'Waiting for parts',
  completed: 'Completed',
  invoiced: 'Invoiced',
  cancelled: 'Cancelled',
};
