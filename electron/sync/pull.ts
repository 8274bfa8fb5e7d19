import { PullResponse, type PulledChange } from '../../contracts/sync/protocol';
import type { Db } from '../db/open';
import { PosError } from '../errors';
import { runAsTenant } from '../tenancy/context';
import { retryDelayMs } from './backoff';
import { applyPulledChanges, sweepAfterResync } from './apply-pull';
import { HubProtocolError, HubUnreachableError, NotEnrolledError } from './errors';
import { tillHello } from './hello';
import { postToHub } from './http';
import { assertOwnCredential, nowIso, SQL, syncStore, type StateRow } from './store';

export interface PullOptions {
  /** Changes per page (the hub may send fewer). */
  pageSize?: number;
  timeoutMs?: number;
  onProgress?: (progress: PullProgress) => void;
}

export interface PullProgress {
  tenantId: string;
  pages: number;
  changes: number;
  resync: boolean;
}

export interface PullCounts extends PullProgress {
  inserted: number;
  updated: number;
  deleted: number;
  kept: number;
}

/**
 * Pulls the current tenant's changes since its cursor, page by page until the
 * hub has no more. Each page is applied in one SQLite transaction inside the
 * tenant context (so 0003's triggers and the foreign keys hold), with its
 * sync_log rows and the new cursor: a till killed between pages resumes from
 * the last page it applied. A resync (the hub did not know the cursor)
 * replaces the pulled tables' content once its last page is in.
 */
export async function pullTenant(db: Db, tenantId: string, options: PullOptions = {}): Promise<PullCounts> {
  return runAsTenant({ tenantId, userId: null }, async () => {
    const store = syncStore(db);
    const credential = store.credential();
    if (!credential) throw new NotEnrolledError(db.name);
    assertOwnCredential(credential);
    const counts: PullCounts = { tenantId, pages: 0, changes: 0, resync: false, inserted: 0, updated: 0, deleted: 0, kept: 0 };
    let cursor = startCursor(db, store.state());
    const seen = new Map<string, Set<string>>();
    for (;;) {
      let page: PullResponse;
      try {
        const body = await postToHub({
          hubUrl: credential.hub_url,
          path: '/v1/pull',
          token: credential.token,
          timeoutMs: options.timeoutMs,
          body: { ...tillHello(db), cursor, limit: options.pageSize ?? 1000 },
        });
        const parsed = PullResponse.safeParse(body);
        if (!parsed.success)
          throw new HubProtocolError(credential.hub_url, `its pull answer does not match the contract: ${parsed.error.issues[0]?.message ?? ''}`);
        page = parsed.data;
      } catch (err) {
        throw recordFailure(store, credential.id, err);
      }
      if (page.resync && counts.pages === 0) counts.resync = true;
      const log = (change: PulledChange, operation: 'insert' | 'update' | 'delete', status: 'ok' | 'conflict', detail: string) =>
        store.log({ entityType: change.table, entityId: change.id, operation, direction: 'pull', status, terminalId: credential.id, detail });
      try {
        store.s.transaction(() => {
          const applied = applyPulledChanges(db, page.changes, log);
          counts.inserted += applied.inserted;
          counts.updated += applied.updated;
          counts.deleted += applied.deleted;
          counts.kept += applied.kept;
          if (counts.resync) for (const [table, ids] of applied.seen) for (const id of ids) (seen.get(table) ?? seen.set(table, new Set()).get(table)!).add(id);
          if (counts.resync && !page.more) {
            const swept = sweepAfterResync(db, seen);
            counts.deleted += swept.deleted;
            counts.kept += swept.kept;
          }
          store.s.run(SQL.pulled, { cursor: page.cursor, now: nowIso() });
        });
      } catch (err) {
        throw recordFailure(store, credential.id, err);
      }
      cursor = page.cursor;
      counts.pages++;
      counts.changes += page.changes.length;
      options.onProgress?.({ tenantId, pages: counts.pages, changes: counts.changes, resync: counts.resync });
      if (!page.more) break;
    }
    return counts;
  });
}

/**
 * Where a pull starts: the tenant's cursor, or a full copy (null) when the file was restored since its last
 * pull. The restored cursor is the backup's, and a delta from there leaves out what this till itself pushed
 * after the backup (the hub never sends a till its own pushes); a full copy brings it back, this till's rows
 * included, with the hub's balances and stock levels. `restore_jobs` is store-wide (one restore replaces the
 * file for every tenant in it), so it is read across tenants, like the enrolled tenants are.
 */
function startCursor(db: Db, state: StateRow): string | null {
  const restoredAt = db.prepare(`SELECT max(finished_at) FROM restore_jobs WHERE status = 'succeeded'`).pluck().get() as string | null;
  if (restoredAt !== null && (state.last_pull_at === null || state.last_pull_at < restoredAt)) return null;
  return state.cursor;
}

/** Records the failure in sync_state (a transient one counts towards the backoff) and returns the error to throw. */
function recordFailure(store: ReturnType<typeof syncStore>, tillId: string, err: unknown): unknown {
  const now = new Date();
  const transient = err instanceof HubUnreachableError;
  const message = err instanceof PosError ? err.message : ((err as Error)?.message ?? String(err));
  let retryAt: string | null = null;
  store.s.transaction(() => {
    const failures = store.state().failures + (transient ? 1 : 0);
    retryAt = transient ? new Date(now.getTime() + retryDelayMs(failures, tillId)).toISOString() : null;
    store.s.run(SQL.failed, { error: message, now: now.toISOString(), transient: transient ? 1 : 0, nextAttemptAt: retryAt });
    // sync_log names an entity: a failed pull is logged against the till's sync state.
    const state = store.state();
    store.log({
      entityType: 'sync_state',
      entityId: state.id,
      operation: 'update',
      direction: 'pull',
      status: 'failed',
      terminalId: tillId,
      detail: `from cursor ${state.cursor ?? '(first pull)'}: ${message}`,
    });
  });
  if (err instanceof HubUnreachableError) return new HubUnreachableError(err.hubUrl, err.detail, retryAt);
  return err;
}
