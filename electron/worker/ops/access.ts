import { migrationStatus } from '../../db/migrator';
import type { Db } from '../../db/open';
import { DamagedDatabaseError, DatabaseNotFoundError, NotADatabaseError } from '../../errors';
import { canHoldTechnicianCode, checkTechnicianCodeOfFile } from '../../security/technician-code';
import { resolveSession } from '../../tenancy/auth';
import { SessionExpiredError } from '../../tenancy/errors';
import { authorize, type Caller, type StoreFacts } from '../../tenancy/permissions';
import { MIGRATIONS } from '../../../migrations';
import type { WorkerContext, WorkerOp } from '../context';
import { enforceIdleLock } from '../idle-lock';

export interface AccessRequest {
  /** The permission table's key of the channel called: `backups.restore`. */
  channel: string;
  /** The window's session token, held by the main process (null: no one is signed in). */
  token: string | null;
  /** The technician code was entered at this till and checked here (backups.technicianCode). */
  technicianCode: boolean;
}

/** The operations of this file, by name: both on the shared store connection (the check reads; the code writes only its counters and audit rows). */
export const ACCESS_CHECK_OP = 'access.check';
export const TECHNICIAN_CODE_OP = 'access.technicianCode';

/**
 * Every IPC call is asked here before its handler runs (electron/ipc/access.ts):
 * who is calling comes from the session row in the store file (the token's
 * user and role), never from the page, and the permission table decides
 * (PermissionDeniedError), then the idle lock (SessionLockedError,
 * electron/worker/idle-lock.ts). No token: the store is opened only when the
 * rule needs a fact of it (whether an upgrade is pending).
 */
export const checkAccess: WorkerOp<AccessRequest, void> = ({ channel, token, technicianCode }, ctx) => {
  const facts: StoreFacts = { upgradePending: () => upgradePending(ctx) };
  if (token === null) return authorize(channel, { role: null, technicianCode }, facts);
  let caller: Caller;
  let tenantId: string;
  try {
    const session = resolveSession(ctx.store(), token, { now: ctx.now });
    caller = { role: session.user.role, technicianCode: false };
    tenantId = session.scope.tenantId;
  } catch (err) {
    if (!(err instanceof SessionExpiredError)) throw err;
    // A session that ended counts as none where none is enough (signing in again); elsewhere the page is told to sign in again.
    try {
      authorize(channel, { role: null, technicianCode: false }, facts);
      return;
    } catch {
      throw err;
    }
  }
  authorize(channel, caller, facts);
  // Allowed for this role: now whether the session went idle (SessionLockedError), and the call counts as activity.
  enforceIdleLock(ctx, token, tenantId, channel);
};

/** This build has migrations to run on the store, and the store is not from a newer build. False when it cannot be read. */
function upgradePending(ctx: WorkerContext): boolean {
  try {
    const status = migrationStatus(ctx.store(), MIGRATIONS);
    return status.pending.length > 0 && status.unknown.length === 0;
  } catch {
    return false;
  }
}

/**
 * The store's connection when it can hold a technician code; null when the file
 * is not a readable database (the Problem screen) or its schema is older than
 * 0006 (then the copy beside it counts). Any other error is not an answer.
 */
function codeStore(ctx: WorkerContext): Db | null {
  try {
    const db = ctx.store();
    return canHoldTechnicianCode(db) ? db : null;
  } catch (err) {
    if (err instanceof NotADatabaseError || err instanceof DamagedDatabaseError || err instanceof DatabaseNotFoundError) return null;
    throw err;
  }
}

/**
 * The technician code typed at the till (backups.technicianCode): checked
 * against the store's hash, or the copy beside the store file where the store
 * holds none, with the persisted lock-out (electron/security/technician-code.ts).
 * Resolves when it is right; the main process then grants this window the
 * Backups screen for a few minutes.
 */
export const checkTechnicianCodeOp: WorkerOp<{ code: string }, void> = ({ code }, ctx) =>
  checkTechnicianCodeOfFile(codeStore(ctx), ctx.config.databasePath, code, ctx.now());
