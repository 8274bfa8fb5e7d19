import { HoldReleaseResponse, HoldResponse, type HoldAsk } from '../../contracts/sync/protocol';
import type { Db } from '../db/open';
import { PosError } from '../errors';
import { runAsTenant } from '../tenancy/context';
import { tillHello } from './hello';
import { postToHub } from './http';
import { syncStore } from './store';

/**
 * The till's half of "money the hub owns": asks the hub to hold the gift card
 * and store credit amounts a sale is about to take, with a short timeout. The
 * answer is one of three: held (the sale goes on and its operations name the
 * holds), refused (the hub's balance says no: the sale must not complete), or
 * offline (no enrolled credential answered in time: the caller applies the
 * store's offline limit). Nothing is written to the database here.
 */
export type HoldResult =
  | { outcome: 'held'; holds: { id: string; expiresAt: string }[] }
  | { outcome: 'refused'; holdId: string; code: string; reason: string; availableCents: number }
  | { outcome: 'offline'; why: string }
  | { outcome: 'not_enrolled' };

export async function requestHolds(db: Db, tenantId: string, asks: readonly HoldAsk[], timeoutMs: number): Promise<HoldResult> {
  const credential = runAsTenant({ tenantId, userId: null }, () => syncStore(db).credential());
  if (!credential) return { outcome: 'not_enrolled' };
  try {
    const body = await postToHub({
      hubUrl: credential.hub_url,
      path: '/v1/holds',
      token: credential.token,
      timeoutMs,
      body: { ...tillHello(db), holds: asks },
    });
    const parsed = HoldResponse.safeParse(body);
    if (!parsed.success) return { outcome: 'offline', why: 'the hub answered outside the contract' };
    return parsed.data;
  } catch (err) {
    // Unreachable, slow, 5xx, a revoked credential, a hub that wants an update: the hub did not confirm.
    if (err instanceof PosError) return { outcome: 'offline', why: err.message };
    throw err;
  }
}

export type ReleaseResult = { outcome: 'released'; released: string[] } | { outcome: 'offline'; why: string } | { outcome: 'not_enrolled' };

/**
 * Gives back holds the hub granted for a sale that then failed at the till, so
 * the other tills can spend the amounts at once. Best effort: a hub that does not
 * answer in time just lets the holds expire. Like requestHolds, it reads the
 * credential and the schema before its first await, and writes nothing.
 */
export async function releaseHolds(db: Db, tenantId: string, holdIds: readonly string[], timeoutMs: number): Promise<ReleaseResult> {
  const credential = runAsTenant({ tenantId, userId: null }, () => syncStore(db).credential());
  if (!credential) return { outcome: 'not_enrolled' };
  try {
    const body = await postToHub({
      hubUrl: credential.hub_url,
      path: '/v1/holds/release',
      token: credential.token,
      timeoutMs,
      body: { ...tillHello(db), holds: holdIds },
    });
    const parsed = HoldReleaseResponse.safeParse(body);
    if (!parsed.success) return { outcome: 'offline', why: 'the hub answered outside the contract' };
    return { outcome: 'released', released: parsed.data.released };
  } catch (err) {
    if (err instanceof PosError) return { outcome: 'offline', why: err.message };
    throw err;
  }
}
