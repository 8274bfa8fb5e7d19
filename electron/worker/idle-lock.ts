import { hashToken } from '../security/token-hash';
import { idleLockMs } from '../tenancy/config/schema';
import { tenantConfig } from '../tenancy/tenants';
import type { WorkerContext } from './context';

/**
 * The idle lock, enforced here where the data is (the page's own timer only
 * shows the lock screen early). Every call of a signed-in channel is checked
 * (access.check, and pos.call again): a session that did nothing for longer
 * than its store's `security.idleLockMinutes` is refused with
 * SessionLockedError (nothing runs), until `pos.unlockSession` takes the same
 * user's PIN. A call that passes counts as activity.
 */

/** Channels that take a PIN themselves, so they run on a locked session: unlocking it, or the quick switch to someone else. */
export const IDLE_EXEMPT: ReadonlySet<string> = new Set(['pos.unlockSession', 'pos.switchUser']);
/** Channels checked like the others but no sign that someone is at the till: the header's poll every few seconds. */
export const PASSIVE: ReadonlySet<string> = new Set(['sync.status']);

export const idleLimitMs = (tenantId: string): number => idleLockMs(tenantConfig(tenantId));

/** SessionLockedError when the session is idle; otherwise records the call as activity (unless it is passive). */
export function enforceIdleLock(ctx: WorkerContext, token: string, tenantId: string, channel: string): void {
  if (IDLE_EXEMPT.has(channel)) return;
  const hash = hashToken(token);
  const now = ctx.now();
  ctx.idle.check(hash, now, idleLimitMs(tenantId));
  if (!PASSIVE.has(channel)) ctx.idle.touch(hash, now);
}

/** A session that just proved its PIN (sign-in, switch, unlock) starts its idle time now. */
export function sessionActive(ctx: WorkerContext, token: string): void {
  ctx.idle.touch(hashToken(token), ctx.now());
}

export function sessionEnded(ctx: WorkerContext, token: string): void {
  ctx.idle.forget(hashToken(token));
}

export function sessionIsIdle(ctx: WorkerContext, token: string, tenantId: string): boolean {
  return ctx.idle.isIdle(hashToken(token), ctx.now(), idleLimitMs(tenantId));
}
