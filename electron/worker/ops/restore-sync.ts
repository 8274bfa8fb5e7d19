import type { Db } from '../../db/open';
import type { ErrorInfo } from '../../errors';
import { createSyncService } from '../../sync';
import { countUnsent, unsentBeforeRestore, type UnsentBeforeRestore, type UnsentTenant } from '../../sync/unsent';
import { backgroundSyncJob } from '../sync-job';
import type { WorkerOp } from '../context';

export type { UnsentBeforeRestore, UnsentTenant };

/** What Sync first did, per enrolled store: what is still not received, and why (the hub refused or could not be reached). */
export interface SyncFirstResult {
  tenants: (Omit<UnsentTenant, 'hubReachable'> & { error: ErrorInfo | null })[];
  /** Every enrolled store's hub has everything this database holds: the restore loses no unsent work. */
  allReceived: boolean;
}

/** A store file sync cannot read (damaged, or before its upgrade) is enrolled with no hub: nothing unsent to report. */
function readable(db: () => Db): Db | null {
  try {
    const d = db();
    countUnsent(d);
    return d;
  } catch {
    return null;
  }
}

/**
 * Before a restore (the Backups screen's confirmation): per enrolled store of the current database, the
 * operations the hub has not received, whether its hub answers, and whether to offer Sync first.
 * The counts are read in the call's turn; the hubs' health checks (up to 3 s each) are waited for with
 * the worker's queue free, so the POS calls of the other windows are answered meanwhile.
 */
export const restoreUnsentOp: WorkerOp<undefined, UnsentBeforeRestore> = async (_args, { store, waitOutsideQueue }) => {
  const db = readable(store);
  if (!db) return { tenants: [], offerSyncFirst: false };
  // unsentBeforeRestore reads the file before its first await: nothing reads it while out of line.
  const asking = unsentBeforeRestore(db);
  return waitOutsideQueue(() => asking);
};

/**
 * Sync first: push, then pull, every enrolled store now (through the background job when it runs, one
 * round at a time, ignoring the backoff), then count again what the hubs still have not received.
 */
export const restoreSyncFirstOp: WorkerOp<undefined, SyncFirstResult> = async (_args, { store }) => {
  const db = readable(store);
  if (!db) return { tenants: [], allReceived: true };
  const errors = new Map<string, ErrorInfo>();
  const job = backgroundSyncJob();
  if (job) {
    for (const t of (await job.syncNow()).tenants) if (t.error) errors.set(t.tenantId, t.error);
  } else {
    for (const r of await createSyncService(db).sync()) {
      const error = r.push && !r.push.ok ? r.push.error : r.pull && !r.pull.ok ? r.pull.error : null;
      if (error) errors.set(r.tenantId, error);
    }
  }
  const tenants = countUnsent(db).map(({ hubUrl: _hub, ...t }) => ({ ...t, error: errors.get(t.tenantId) ?? null }));
  return { tenants, allReceived: tenants.every((t) => t.notReceived === 0) };
};
