import type { Db } from '../db/open';
import { enrolledTenants } from '../sync/store';
import { BackgroundSync, type BackgroundSyncOptions } from './background-sync';
import type { WorkerContext } from './context';
import type { ServeHooks } from './serve';
import { ACCESS_CHECK_OP } from './ops/access';

/** The background sync's operations, answered outside the worker's queue (serve.ts `concurrent`): Sync now waits on the hub, never holding POS calls. */
export const SYNC_JOB_OPS: ReadonlySet<string> = new Set(['sync.now']);

/** Whether the store file is enrolled with a hub; false for a file sync cannot read yet (before its upgrade). */
function isEnrolled(db: Db): boolean {
  try {
    return enrolledTenants(db).length > 0;
  } catch {
    return false;
  }
}

const ENROLLED_CHECK_MS = 10_000;

/**
 * Calls that only read the till's sync state: the header asks `sync.status` on every `sync:state`
 * event, so a nudge from it would start a round, whose state events make the header ask again: a
 * loop of empty rounds that kept the worker busy for good. They start the job, never nudge it.
 */
export const SYNC_READS: ReadonlySet<string> = new Set(['sync.status', 'sync.panel']);

let job: BackgroundSync | null = null;
/** The worker's background sync (null until serveOps built it), for the worker operations. */
export const backgroundSyncJob = (): BackgroundSync | null => job;

/**
 * Wires the background sync into the worker: started after the first POS
 * operation on a store that is enrolled (the store is migrated by then), nudged
 * after every POS operation (one may have queued something), held while an
 * upgrade, backup or restore has the file to itself, and resumed with a pull
 * afterwards (a restored file catches up). Its state goes to the main process
 * as `sync:state` events.
 */
export function syncJobHooks(options: Partial<BackgroundSyncOptions> = {}) {
  return (ctx: WorkerContext, post: (domain: string, name: string, payload: unknown) => void): ServeHooks => {
    const sync = new BackgroundSync({ ...options, db: () => ctx.store(), onState: (state) => post('sync', 'state', state) });
    job = sync;
    let enrolled = false;
    // An unenrolled store is asked again at most every ENROLLED_CHECK_MS, not after every POS call
    // (pos-db can enroll the file while the app runs, so "not enrolled" cannot be remembered for good).
    let checkedAt = -Infinity;
    return {
      concurrent: SYNC_JOB_OPS,
      afterShared(name) {
        // The permission check before every call reads the session only: nothing to push.
        if (name === ACCESS_CHECK_OP) return;
        if (!enrolled && Date.now() - checkedAt >= ENROLLED_CHECK_MS) {
          checkedAt = Date.now();
          enrolled = isEnrolled(ctx.store());
        }
        if (!enrolled) return;
        sync.start();
        if (!SYNC_READS.has(name)) sync.nudge();
      },
      beforeExclusive: () => sync.pause(),
      afterExclusive() {
        enrolled = false;
        checkedAt = -Infinity;
        sync.resume();
      },
    };
  };
}
