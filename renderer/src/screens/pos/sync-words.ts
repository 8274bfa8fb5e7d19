import type { SyncItem, SyncNowResult } from '../../../../electron/ipc/contracts';
import { formatAgo, formatDateTime, plural } from '../../format';

export type ConflictChoice = SyncItem['choices'][number];

/** The panel's buttons, in the order a clerk reads them. */
export const CHOICES: readonly { choice: ConflictChoice; label: string }[] = [
  { choice: 'acknowledged', label: 'Acknowledge' },
  { choice: 'keep_mine', label: 'Keep mine' },
  { choice: 'keep_store', label: "Keep the store's" },
];

/** "2026-12-03 13:01:07 (3 min ago)", or what stands in for a time that never was. */
export function whenWords(iso: string | null, never: string, now: Date): string {
  if (!iso) return never;
  return `${formatDateTime(iso)} (${formatAgo(iso, now)})`;
}

/** What Sync now did, in one sentence; an error is worded by the caller from the panel's last error. */
export function syncNowWords(r: Pick<SyncNowResult, 'pushed' | 'pulled' | 'rejected'>): string {
  const sent = r.pushed > 0 ? `Sent ${plural(r.pushed, 'operation')} to the store server` : 'Nothing waited to be sent';
  const received = r.pulled > 0 ? `received ${plural(r.pulled, 'change')}` : 'no changes to receive';
  const refused = r.rejected > 0 ? ` The store server refused ${plural(r.rejected, 'operation')}: see Needs attention.` : '';
  return `${sent}; ${received}.${refused}`;
}
