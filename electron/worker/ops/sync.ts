import { RESOLVE_CONFLICT_INPUT, type ConflictChoice } from '../../../contracts/sync/operations';
import type { ErrorInfo } from '../../errors';
import { createSyncService, resolveConflict, syncHeader, syncPanel, SyncNotPermittedError, type SyncHeader, type SyncPanel } from '../../sync';
import { resolveSession, type ResolvedSession } from '../../tenancy/auth';
import { runAsTenant } from '../../tenancy/context';
import type { UserRole } from '../../tenancy/models';
import { backgroundSyncJob } from '../sync-job';
import type { WorkerContext, WorkerOp } from '../context';

/**
 * The till's sync as the screens see it, for the signed-in store only (the
 * tenant comes from the session, never from the page). Anyone signed in sees
 * the header's state; the Sync panel, Sync now and resolving a conflict are
 * for a manager, a technician or an admin, checked here where the data is.
 */
export const SYNC_PANEL_ROLES: ReadonlySet<UserRole> = new Set(['manager', 'technician', 'admin']);

export const SYNC_RESOLVE_INPUT = RESOLVE_CONFLICT_INPUT;

/** The session on the worker's clock (the one the idle lock and sign-in use), then the role the action needs. */
function session({ store, now }: Pick<WorkerContext, 'store' | 'now'>, token: string, action: string | null): ResolvedSession {
  const s = resolveSession(store(), token, { now });
  if (action !== null && !SYNC_PANEL_ROLES.has(s.user.role)) throw new SyncNotPermittedError(s.user.role, action);
  return s;
}

export const syncStatusOp: WorkerOp<{ token: string }, SyncHeader> = ({ token }, ctx) => syncHeader(ctx.store(), session(ctx, token, null).scope.tenantId);

export const syncPanelOp: WorkerOp<{ token: string }, SyncPanel> = ({ token }, ctx) =>
  syncPanel(ctx.store(), session(ctx, token, 'open the Sync panel').scope.tenantId);

export interface SyncNowResult {
  header: SyncHeader;
  /** What this push and pull did for the signed-in store, or why it stopped (the hub unreachable...). */
  pushed: number;
  pulled: number;
  rejected: number;
  error: ErrorInfo | null;
}

/** Push, then pull, now: through the background job when it runs (one round at a time), else directly. */
export const syncNowOp: WorkerOp<{ token: string }, SyncNowResult> = async ({ token }, ctx) => {
  const db = ctx.store();
  const { tenantId } = session(ctx, token, 'sync now').scope;
  const job = backgroundSyncJob();
  let mine: { pushed: number; pulled: number; rejected: number; error: ErrorInfo | null };
  if (job) {
    const round = (await job.syncNow()).tenants.find((t) => t.tenantId === tenantId);
    mine = {
      pushed: (round?.push?.applied ?? 0) + (round?.push?.duplicate ?? 0),
      pulled: round?.pull?.changes ?? 0,
      rejected: round?.push?.rejected ?? 0,
      error: round?.error ?? null,
    };
  } else {
    const round = (await createSyncService(db).sync()).find((t) => t.tenantId === tenantId);
    const push = round?.push;
    const pull = round?.pull;
    mine = {
      pushed: push?.ok ? push.applied + push.duplicate : 0,
      pulled: pull?.ok ? pull.changes : 0,
      rejected: push?.ok ? push.rejected : 0,
      error: push && !push.ok ? push.error : pull && !pull.ok ? pull.error : null,
    };
  }
  return { header: syncHeader(db, tenantId), ...mine };
};

export const syncResolveOp: WorkerOp<{ token: string; conflictId: string; choice: ConflictChoice }, SyncPanel> = (args, ctx) => {
  const db = ctx.store();
  const s = session(ctx, args.token, 'resolve a sync conflict');
  const { conflictId, choice } = SYNC_RESOLVE_INPUT.parse({ conflictId: args.conflictId, choice: args.choice });
  runAsTenant(s.scope, () => resolveConflict(db, conflictId, choice));
  return syncPanel(db, s.scope.tenantId);
};
