import type { HoldReleaseResponse } from '../../contracts/sync/protocol';
import type { Tx } from '../db/tenant-tx';

/**
 * Gives back holds whose sale failed at the till after they were granted, in the
 * caller's transaction (tenant set from the credential: RLS shows only this
 * tenant's holds). Only the asking till's own holds that no operation consumed
 * are released; a released hold is expired at once, so it stops counting against
 * its card or account exactly as an expired one does (a push naming it later is
 * checked against the balance less the other holds, as after an expiry).
 * Releasing a hold already expired or released answers it again: the till may retry.
 */
export async function releaseHolds(tx: Tx, tillId: string, ids: readonly string[]): Promise<HoldReleaseResponse> {
  const r = await tx.query<{ id: string }>(
    `UPDATE hub.holds SET expires_at = least(expires_at, now())
     WHERE id = ANY($1::uuid[]) AND till_id = $2 AND consumed_at IS NULL
     RETURNING id::text`,
    [[...new Set(ids)], tillId],
  );
  return { released: r.rows.map((h) => h.id) };
}
