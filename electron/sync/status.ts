import type { Db } from '../db/open';
import { runAsTenant } from '../tenancy/context';
import { enrolledTenants, queuedTenants, SQL, syncStore } from './store';

export interface Rejection {
  id: string;
  operationId: string;
  seq: number | null;
  entityType: string;
  entityId: string;
  code: string;
  reason: string;
  remoteData: string;
  detectedAt: string;
}

export interface TenantSyncStatus {
  tenantId: string;
  /** null: this store is not enrolled (its queue waits for an enrollment). */
  enrolled: { tillId: string; tillName: string; hubUrl: string; hubId: string; enrolledAt: string } | null;
  /** Operations the hub has not acknowledged yet (in_flight included). */
  queued: number;
  /** Sent, no answer recorded (a push under way, or one a crash interrupted: resent by the next push). */
  inFlight: number;
  /** Rejected by the hub and not yet resolved (sync_conflicts). */
  rejected: number;
  oldestQueuedAt: string | null;
  lastPushAt: string | null;
  lastPullAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  /** Transient failures in a row; 0 after a push or pull that worked. */
  failures: number;
  /** When the till may try the hub again (backoff), or null to try at once. */
  nextAttemptAt: string | null;
}

/** Where sync stands for every store of the database: enrolled ones, and any other with a queue. Read-only except creating a missing state row. */
export function syncStatus(db: Db): TenantSyncStatus[] {
  const tenants = [...new Set([...enrolledTenants(db), ...queuedTenants(db)])].sort();
  return tenants.map((tenantId) => tenantStatus(db, tenantId));
}

export function tenantStatus(db: Db, tenantId: string): TenantSyncStatus {
  return runAsTenant({ tenantId, userId: null }, () => {
    const store = syncStore(db);
    const credential = store.credential();
    const state = store.s.get<{
      acked_seq: number;
      last_push_at: string | null;
      last_pull_at: string | null;
      last_error: string | null;
      last_error_at: string | null;
      failures: number;
      next_attempt_at: string | null;
    }>(SQL.state);
    const after = state?.acked_seq ?? 0;
    const queue = store.s.get<{ queued: number; inFlight: number; oldest: string | null }>(SQL.queueCounts, { after })!;
    return {
      tenantId,
      enrolled: credential
        ? { tillId: credential.id, tillName: credential.till_name, hubUrl: credential.hub_url, hubId: credential.hub_id, enrolledAt: credential.enrolled_at }
        : null,
      queued: queue.queued,
      inFlight: queue.inFlight,
      rejected: store.s.get<{ n: number }>(SQL.openRejections)?.n ?? 0,
      oldestQueuedAt: queue.oldest,
      lastPushAt: state?.last_push_at ?? null,
      lastPullAt: state?.last_pull_at ?? null,
      lastError: state?.last_error ?? null,
      lastErrorAt: state?.last_error_at ?? null,
      failures: state?.failures ?? 0,
      nextAttemptAt: state?.next_attempt_at ?? null,
    };
  });
}

/** The hub's rejections of the tenant's operations that nobody resolved yet, oldest first, with the hub's code and reason. */
export function openRejections(db: Db, tenantId: string, limit = 100): Rejection[] {
  return runAsTenant({ tenantId, userId: null }, () => syncStore(db).s.all<Rejection>(SQL.rejections, { limit }));
}
