import { auditSecurity } from '../security/audit';
import { clearGuard, delayAfter, lockedUsernames, readGuard, TILL_KEY } from '../security/lockout';
import { unlockUser } from '../security/unlock';
import { currentScope } from './context';
import type { RepoDeps } from './repositories/deps';

/** A username of the signed-in store with wrong PINs counted (locked after 5). */
export interface LockedUsername {
  username: string;
  failures: number;
  lastFailureAt: string | null;
  lockedAt: string | null;
}

/** This till's own counter (every username's wrong PINs together): it delays, never locks. */
export interface TillFailures {
  failures: number;
  lastFailureAt: string | null;
  /** Seconds before the next PIN is taken at this till (0: none). */
  waitSeconds: number;
}

export interface LockoutView {
  users: LockedUsername[];
  till: TillFailures | null;
}

/**
 * The manager's view of the PIN lock-out (electron/security/lockout.ts) in the
 * signed-in store: who is locked or has wrong PINs counted, and the till's own
 * counter; unlocking one, audited in the store's trail with who did it. The
 * store comes from the session's context, never from the page.
 */
export function lockoutRepository(deps: RepoDeps) {
  return {
    view(): LockoutView {
      const { tenantId } = currentScope();
      const users = lockedUsernames(deps.db, tenantId).map((r) => ({
        username: r.subject,
        failures: r.failures,
        lastFailureAt: r.last_failure_at,
        lockedAt: r.locked_at,
      }));
      const till = readGuard(deps.db, TILL_KEY);
      const waitMs = till?.last_failure_at ? Date.parse(till.last_failure_at) + delayAfter(till.failures) - deps.now().getTime() : 0;
      return {
        users,
        till:
          till && till.failures > 0
            ? { failures: till.failures, lastFailureAt: till.last_failure_at, waitSeconds: Math.max(0, Math.ceil(waitMs / 1000)) }
            : null,
      };
    },
    /** True when the username had a lock or wrong PINs (then audited as user.unlocked, via the till). */
    unlockUsername(username: string): boolean {
      const { tenantId, userId } = currentScope();
      return unlockUser(deps.db, { tenantId, username, by: userId, via: 'till', now: deps.now() });
    },
    /** Forgets the till's own counter (its delay ends); audited as till.unlocked in the signed-in store's trail. */
    clearTill(): boolean {
      const { tenantId, userId } = currentScope();
      return deps.db.transaction(() => {
        const had = readGuard(deps.db, TILL_KEY);
        if (!had) return false;
        clearGuard(deps.db, [TILL_KEY]);
        auditSecurity(deps.db, {
          tenantId,
          userId,
          action: 'till.unlocked',
          entityType: 'store',
          entityId: null,
          details: { failures: had.failures, via: 'till' },
          at: deps.now(),
        });
        return true;
      })();
    },
  };
}
