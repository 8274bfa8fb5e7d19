import type { AuditEntry, PendingOperation } from '../models';
import type { RepoDeps } from './deps';
import { scoped, type Scoped } from './scoped';
import { rowColumns } from './columns';

/** Rows as the caller reads them: every column but tenant_id (columns.ts). */
const AUDIT_COLUMNS = rowColumns('audit_log');
const PENDING_COLUMNS = rowColumns('pending_operations');

export const SQL = {
  insertAudit: `INSERT INTO audit_log (id, tenant_id, user_id, action, entity_type, entity_id, details, created_at)
    VALUES (@id, @tenantId, @userId, @action, @entityType, @entityId, @details, @createdAt)`,
  // seq: the next number of this tenant's queue, read and written by one statement inside the caller's write
  // transaction (SQLite has one writer at a time, so two tills' worth of writers in one file never share a number).
  insertPending: `INSERT INTO pending_operations (id, tenant_id, entity_type, entity_id, operation, payload, status, attempts, last_error, created_at, updated_at, seq)
    VALUES (@id, @tenantId, @entityType, @entityId, @operation, @payload, 'pending', 0, NULL, @createdAt, @createdAt,
      (SELECT coalesce(max(seq), 0) + 1 FROM pending_operations WHERE tenant_id = @tenantId))`,
  recentAudit: `SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE tenant_id = @tenantId ORDER BY created_at DESC LIMIT +@limit`,
  pendingBatch: `SELECT ${PENDING_COLUMNS} FROM pending_operations WHERE tenant_id = @tenantId AND status = 'pending' ORDER BY created_at LIMIT +@limit`,
} as const;

export interface Change {
  /** audit_log.action, e.g. work_order.create */
  action: string;
  entityType: string;
  entityId: string;
  operation: 'insert' | 'update' | 'delete';
  /** What a sync server needs to replay the change; also the audit details. */
  payload: Record<string, unknown>;
}

/**
 * Every POS write calls this inside its own transaction: one audit_log row
 * and one pending_operations row, both with the signed-in tenant's id, so a
 * till that syncs later replays the change into the right store. The
 * operation gets its tenant's next sequence number (migration 0004) in the
 * same INSERT: the hub applies them in that order, exactly once.
 */
export function recordChange(s: Scoped, deps: RepoDeps, change: Change): void {
  const createdAt = deps.now().toISOString();
  const payload = JSON.stringify({ v: 1, ...change.payload });
  s.run(SQL.insertAudit, {
    id: deps.newId(),
    userId: s.userId,
    action: change.action,
    entityType: change.entityType,
    entityId: change.entityId,
    details: payload,
    createdAt,
  });
  s.run(SQL.insertPending, { id: deps.newId(), entityType: change.entityType, entityId: change.entityId, operation: change.operation, payload, createdAt });
}

/** The audit trail and the sync queue, read back per tenant. */
export function activityRepository(deps: RepoDeps) {
  return {
    recentAudit(limit = 50): AuditEntry[] {
      return scoped(deps.db).all<AuditEntry>(SQL.recentAudit, { limit });
    },
    /** The oldest queued operations, what the sync job sends next. */
    pendingBatch(limit = 100): PendingOperation[] {
      return scoped(deps.db).all<PendingOperation>(SQL.pendingBatch, { limit });
    },
  };
}
