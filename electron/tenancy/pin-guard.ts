import type { Database } from 'better-sqlite3';
import { auditSecurity } from '../security/audit';
import { checkGuard, clearGuard, recordFailure, TILL_KEY, userKey, type GuardKey } from '../security/lockout';
import { currentScope } from './context';
import type { UserCredentials } from './models';
import { DEMO_SCRYPT, parsePinHash, verifyPin, type ScryptParams } from './pin';
import type { RepoDeps } from './repositories/deps';
import { usersRepository } from './repositories/users';

export type PinPurpose = 'sign_in' | 'pin_check' | 'unlock';

/**
 * Every PIN typed at the till goes through here: sign-in, the quick switch,
 * unlocking an idle session and a manager's approval. In the signed-in
 * tenant's context:
 *
 * 1. a running delay refuses at once (SignInDelayedError), counted nowhere;
 * 2. scrypt runs, always at the stored cost: the user's hash, or for an
 *    unknown username, a malformed or legacy hash, the cost of the store's own hashes;
 * 3. unknown, wrong PIN, inactive, locked and a role `accept` refuses all give
 *    `refusal()` (one answer), count a failure per (tenant, username) and per
 *    till, and are audited, the lock that a fifth failure sets too;
 * 4. a success resets both counters and returns the user.
 */
export function checkPinGuarded(
  deps: RepoDeps,
  input: { username: string; pin: string; purpose: PinPurpose; accept(user: UserCredentials): boolean; refusal(): Error },
): UserCredentials {
  const { db, now: clock } = deps;
  const { tenantId, userId: actingUserId } = currentScope();
  const now = clock();
  const keys: GuardKey[] = [userKey(tenantId, input.username), TILL_KEY];
  const { locked } = checkGuard(db, keys, now);
  const users = usersRepository(deps);
  const user = users.credentials(input.username.trim());
  const cost = storeCost(users.pinHashSample());
  const pinOk = verifyPin(input.pin, user?.pin_hash ?? '', cost);
  if (pinOk && user && user.active === 1 && !locked && input.accept(user)) {
    clearGuard(db, keys);
    return user;
  }
  failed(db, keys, { tenantId, actingUserId, username: input.username, purpose: input.purpose, now, wasLocked: locked });
  throw input.refusal();
}

function failed(
  db: Database,
  keys: GuardKey[],
  f: { tenantId: string; actingUserId: string | null; username: string; purpose: PinPurpose; now: Date; wasLocked: boolean },
): void {
  db.transaction(() => {
    const newlyLocked = recordFailure(db, keys, f.now);
    const base = { tenantId: f.tenantId, userId: f.actingUserId, entityType: 'user' as const, entityId: null, at: f.now };
    const details = { username: f.username.trim(), locked: f.wasLocked };
    auditSecurity(db, { ...base, action: `${f.purpose}.failed` as const, details });
    if (newlyLocked.some((k) => k.scope === 'user'))
      auditSecurity(db, { ...base, action: `${f.purpose}.locked` as const, details: { username: f.username.trim() } });
  })();
}

/** The scrypt cost of the store's hashes (the demo cost when it has none that parse). */
function storeCost(sample: string | undefined): ScryptParams {
  return (sample && parsePinHash(sample)?.params) || DEMO_SCRYPT;
}
