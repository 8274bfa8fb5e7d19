import type { Db } from '../db/open';
import { SignInDelayedError } from './errors';

/**
 * PIN lock-out, persisted in the store file (sign_in_failures, migration
 * 0006), so a restart resets nothing. Failures are counted per (tenant,
 * username) and per till (this store file is the till's), each with an
 * increasing delay after DELAY_AFTER failures; a username is locked after
 * LOCK_AFTER until a manager (or `pos-db users unlock`) unlocks it. The till's
 * counter only delays (it never locks, so one cashier cannot shut the till for
 * everyone) and is reset by a successful sign-in.
 *
 * A username that does not exist gets its row like one that does: the delays
 * and the lock are the same for both, so they tell nothing about which
 * usernames exist.
 */
export const DELAY_AFTER = 3;
export const LOCK_AFTER = 5;
const FIRST_DELAY_MS = 5_000;
const MAX_DELAY_MS = 5 * 60_000;

export type GuardScope = 'user' | 'till' | 'technician-code';

export interface GuardKey {
  scope: GuardScope;
  /** '' for the till and the technician code. */
  tenantId: string;
  subject: string;
}

export interface FailureRow {
  scope: GuardScope;
  tenant_id: string;
  subject: string;
  failures: number;
  last_failure_at: string | null;
  locked_at: string | null;
}

const SQL = {
  row: `SELECT scope, tenant_id, subject, failures, last_failure_at, locked_at FROM sign_in_failures WHERE scope = ? AND tenant_id = ? AND subject = ?`,
  fail: `INSERT INTO sign_in_failures (scope, tenant_id, subject, failures, last_failure_at, locked_at) VALUES (@scope, @tenantId, @subject, 1, @now, NULL)
    ON CONFLICT (scope, tenant_id, subject) DO UPDATE SET failures = failures + 1, last_failure_at = @now`,
  lock: `UPDATE sign_in_failures SET locked_at = @now WHERE scope = @scope AND tenant_id = @tenantId AND subject = @subject AND locked_at IS NULL AND failures >= @lockAfter`,
  clear: `DELETE FROM sign_in_failures WHERE scope = ? AND tenant_id = ? AND subject = ?`,
  lockedUsers: `SELECT scope, tenant_id, subject, failures, last_failure_at, locked_at FROM sign_in_failures
    WHERE scope = 'user' AND tenant_id = ? AND (locked_at IS NOT NULL OR failures > 0) ORDER BY subject LIMIT 200`,
} as const;

/** The username as its counter knows it: trimmed, lowercase (Admin and admin share one). */
export const usernameKey = (username: string): string => username.trim().toLowerCase();

export const userKey = (tenantId: string, username: string): GuardKey => ({ scope: 'user', tenantId, subject: usernameKey(username) });
export const TILL_KEY: GuardKey = { scope: 'till', tenantId: '', subject: 'till' };
export const TECHNICIAN_CODE_KEY: GuardKey = { scope: 'technician-code', tenantId: '', subject: 'technician-code' };

/** The wait after `failures` failures: none below DELAY_AFTER, then 5 s doubling up to 5 min. */
export function delayAfter(failures: number): number {
  if (failures < DELAY_AFTER) return 0;
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (failures - DELAY_AFTER));
}

export function readGuard(db: Db, key: GuardKey): FailureRow | undefined {
  return db.prepare(SQL.row).get(key.scope, key.tenantId, key.subject) as FailureRow | undefined;
}

export interface GuardState {
  locked: boolean;
}

/**
 * Before a PIN is checked: SignInDelayedError while any counter's delay runs
 * (the attempt is not counted and nothing is verified); otherwise whether the
 * username is locked (the caller then still runs scrypt and refuses with the
 * usual answer).
 */
export function checkGuard(db: Db, keys: readonly GuardKey[], now: Date, lockScopes: ReadonlySet<GuardScope> = new Set(['user', 'technician-code'])): GuardState {
  let locked = false;
  let waitMs = 0;
  for (const key of keys) {
    const row = readGuard(db, key);
    if (!row) continue;
    if (row.locked_at && lockScopes.has(key.scope)) {
      locked = true;
      continue;
    }
    const last = row.last_failure_at ? Date.parse(row.last_failure_at) : NaN;
    // An unreadable time fails closed: the full delay from now.
    const until = (Number.isFinite(last) ? last : now.getTime()) + delayAfter(row.failures);
    waitMs = Math.max(waitMs, until - now.getTime());
  }
  if (!locked && waitMs > 0) throw new SignInDelayedError(Math.ceil(waitMs / 1000));
  return { locked };
}

/** Counts a failure on every key; returns the keys that became locked by it (at LOCK_AFTER), for the audit. */
export function recordFailure(db: Db, keys: readonly GuardKey[], now: Date, lockScopes: ReadonlySet<GuardScope> = new Set(['user', 'technician-code'])): GuardKey[] {
  const newlyLocked: GuardKey[] = [];
  db.transaction(() => {
    for (const key of keys) {
      const params = { ...key, now: now.toISOString(), lockAfter: LOCK_AFTER };
      db.prepare(SQL.fail).run(params);
      if (lockScopes.has(key.scope) && db.prepare(SQL.lock).run(params).changes > 0) newlyLocked.push(key);
    }
  })();
  return newlyLocked;
}

/** A successful sign-in: its counters start again. */
export function clearGuard(db: Db, keys: readonly GuardKey[]): void {
  db.transaction(() => {
    for (const key of keys) db.prepare(SQL.clear).run(key.scope, key.tenantId, key.subject);
  })();
}

/** The usernames of a tenant with failures or a lock (the manager's unlock list). */
export function lockedUsernames(db: Db, tenantId: string): FailureRow[] {
  return db.prepare(SQL.lockedUsers).all(tenantId) as FailureRow[];
}

/** Unlocks a username (and forgets its failures); true when it had any. */
export function unlockUsername(db: Db, tenantId: string, username: string): boolean {
  const key = userKey(tenantId, username);
  return db.prepare(SQL.clear).run(key.scope, key.tenantId, key.subject).changes > 0;
}
