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
  const answer = await askHub(db, tenantId, '/v1/holds', { holds: asks }, HoldResponse, timeoutMs);
  return 'outcome' in answer ? answer : answer.body;
}

type Offline = { outcome: 'offline'; why: string } | { outcome: 'not_enrolled' };

/**
 * One request of the store's credential to its hub, the answer checked against the contract. Reads the
 * credential and the schema before its first await, and writes nothing. Unreachable, slow, 5xx, a revoked
 * credential, a hub that wants an update or an answer outside the contract: offline (the hub did not confirm).
 */
async function askHub<T>(
  db: Db,
  tenantId: string,
  path: '/v1/holds' | '/v1/holds/release',
  body: Record<string, unknown>,
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } },
  timeoutMs: number,
): Promise<Offline | { body: T }> {
  const credential = runAsTenant({ tenantId, userId: null }, () => syncStore(db).credential());
  if (!credential) return { outcome: 'not_enrolled' };
  try {
    const answer = await postToHub({ hubUrl: credential.hub_url, path, token: credential.token, timeoutMs, body: { ...tillHello(db), ...body } });
    const parsed = schema.safeParse(answer);
    return parsed.success ? { body: parsed.data } : { outcome: 'offline', why: 'the hub answered outside the contract' };
  } catch (err) {
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
  const answer = await askHub(db, tenantId, '/v1/holds/release', { holds: holdIds }, HoldReleaseResponse, timeoutMs);
  return 'outcome' in answer ? answer : { outcome: 'released', released: answer.body.released };
}
