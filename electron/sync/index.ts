import type { Db } from '../db/open';
import { PosError, type ErrorInfo } from '../errors';
import { enrollTill, type EnrollInput, type Enrollment } from './enroll';
import { pullTenant, type PullCounts, type PullOptions } from './pull';
import { pushTenant, type PushCounts, type PushOptions } from './push';
import { enrolledTenants } from './store';
import { openRejections, syncStatus, tenantStatus, type Rejection, type TenantSyncStatus } from './status';

export * from './errors';
export { checkHubUrl } from './hub-url';
export { retryDelayMs, FIRST_RETRY_MS, MAX_RETRY_MS } from './backoff';
export { DEFAULT_TIMEOUT_MS, probeHub } from './http';
export type { Enrollment, EnrollInput, PullCounts, PullOptions, PushCounts, PushOptions, Rejection, TenantSyncStatus };
export { syncHeader, syncPanel, contactWords, QUEUED_SHOWN } from './overview';
export type { QueuedItem, SyncHeader, SyncHeaderState, SyncItem, SyncPanel } from './overview';
export { resolveConflict, type Resolved } from './resolve';
export { enrollTill, pullTenant, pushTenant, syncStatus, tenantStatus, openRejections };

/** One tenant's part of a push or pull over every enrolled tenant: its counts, or the typed error that stopped it. */
export type TenantResult<T> = ({ ok: true } & T) | { ok: false; tenantId: string; error: ErrorInfo; retryAt: string | null };

export interface SyncService {
  /** Every store of the database: queue, in flight, rejected, last push and pull, last error, next attempt. */
  status(): TenantSyncStatus[];
  rejections(tenantId: string, limit?: number): Rejection[];
  enroll(input: EnrollInput): Promise<Enrollment>;
  /** Pushes every enrolled tenant's queue, each with its own credential; one tenant's failure does not stop the others. */
  push(options?: PushOptions): Promise<TenantResult<PushCounts>[]>;
  pull(options?: PullOptions): Promise<TenantResult<PullCounts>[]>;
  /**
   * Push, then pull (so the pull brings back what the hub made of the push), for every enrolled tenant.
   * `dueOnly` skips a tenant whose backoff has not run out (what a background scheduler passes).
   */
  sync(options?: {
    dueOnly?: boolean;
    push?: PushOptions;
    pull?: PullOptions;
  }): Promise<{ tenantId: string; push: TenantResult<PushCounts> | null; pull: TenantResult<PullCounts> | null }[]>;
  /** The earliest moment a tenant's backoff lets the till try the hub again (null: now, or nothing enrolled). */
  nextAttemptAt(): string | null;
}

/**
 * The till's sync, as the worker's background job (issue 14) and pos-db call
 * it. It holds no state of its own: everything is in the database (queue,
 * credential, cursor, backoff), so a restart continues where it stopped.
 * Calls for one database must not overlap (the caller serialises them: the
 * worker owns the connection, pos-db runs one command).
 */
export function createSyncService(db: Db, defaults: { timeoutMs?: number } = {}): SyncService {
  const each = async <T extends { tenantId: string }>(tenants: string[], run: (tenantId: string) => Promise<T>): Promise<TenantResult<T>[]> => {
    const out: TenantResult<T>[] = [];
    for (const tenantId of tenants) {
      try {
        out.push({ ok: true, ...(await run(tenantId)) });
      } catch (err) {
        if (!(err instanceof PosError)) throw err;
        out.push({ ok: false, tenantId, error: err.toJSON(), retryAt: (err as { retryAt?: string | null }).retryAt ?? null });
      }
    }
    return out;
  };
  const due = (tenantId: string) => {
    const next = tenantStatus(db, tenantId).nextAttemptAt;
    return next === null || Date.parse(next) <= Date.now();
  };
  return {
    status: () => syncStatus(db),
    rejections: (tenantId, limit) => openRejections(db, tenantId, limit),
    enroll: (input) => enrollTill(db, { timeoutMs: defaults.timeoutMs, ...input }),
    push: (options = {}) => each(enrolledTenants(db), (t) => pushTenant(db, t, { timeoutMs: defaults.timeoutMs, ...options })),
    pull: (options = {}) => each(enrolledTenants(db), (t) => pullTenant(db, t, { timeoutMs: defaults.timeoutMs, ...options })),
    async sync(options = {}) {
      const out = [];
      for (const tenantId of enrolledTenants(db)) {
        if (options.dueOnly && !due(tenantId)) {
          out.push({ tenantId, push: null, pull: null });
          continue;
        }
        const [push] = await each([tenantId], (t) => pushTenant(db, t, { timeoutMs: defaults.timeoutMs, ...options.push }));
        const pull = push?.ok ? (await each([tenantId], (t) => pullTenant(db, t, { timeoutMs: defaults.timeoutMs, ...options.pull })))[0]! : null;
        out.push({ tenantId, push: push!, pull });
      }
      return out;
    },
    nextAttemptAt() {
      const times = syncStatus(db)
        .filter((s) => s.enrolled && s.nextAttemptAt)
        .map((s) => s.nextAttemptAt!)
        .sort();
      return times[0] ?? null;
    },
  };
}
