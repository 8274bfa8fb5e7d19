import crypto from 'node:crypto';
import type { Db } from '../db/open';
import { scoped, type Scoped } from '../tenancy/repositories/scoped';
import { CredentialMismatchError } from './errors';

/**
 * The till's sync bookkeeping, per tenant: its credential, where its sync
 * stands, its queue (pending_operations, numbered by seq), sync_log and
 * sync_conflicts. Every statement is bound to the tenant of the current
 * context (Scoped), which the sync service sets from the credential.
 */
export const SQL = {
  credential: `SELECT * FROM sync_credentials WHERE tenant_id = @tenantId`,
  deleteCredential: `DELETE FROM sync_credentials WHERE tenant_id = @tenantId`,
  insertCredential: `INSERT INTO sync_credentials (id, tenant_id, hub_url, hub_id, till_name, token, seq_base, enrolled_at)
    VALUES (@id, @tenantId, @hubUrl, @hubId, @tillName, @token, @seqBase, @enrolledAt)`,
  state: `SELECT * FROM sync_state WHERE tenant_id = @tenantId`,
  ensureState: `INSERT INTO sync_state (id, tenant_id) VALUES (@id, @tenantId) ON CONFLICT (tenant_id) DO NOTHING`,
  resetState: `UPDATE sync_state SET cursor = NULL, acked_seq = @ackedSeq, last_push_at = NULL, last_pull_at = NULL, last_error = NULL, last_error_at = NULL,
    failures = 0, next_attempt_at = NULL WHERE tenant_id = @tenantId`,
  pushed: `UPDATE sync_state SET acked_seq = @ackedSeq, last_push_at = @now, last_error = NULL, last_error_at = NULL, failures = 0, next_attempt_at = NULL
    WHERE tenant_id = @tenantId`,
  /** realign (push.ts): the queue from @from on, moved up by @by in two steps through negative numbers. */
  renumberAway: `UPDATE pending_operations SET seq = -(seq + @by) WHERE tenant_id = @tenantId AND seq >= @from`,
  renumberBack: `UPDATE pending_operations SET seq = -seq WHERE tenant_id = @tenantId AND seq < 0`,
  setAcked: `UPDATE sync_state SET acked_seq = @ackedSeq WHERE tenant_id = @tenantId`,
  pulled: `UPDATE sync_state SET cursor = @cursor, last_pull_at = @now, last_error = NULL, last_error_at = NULL, failures = 0, next_attempt_at = NULL
    WHERE tenant_id = @tenantId`,
  failed: `UPDATE sync_state SET last_error = @error, last_error_at = @now, failures = failures + @transient, next_attempt_at = @nextAttemptAt
    WHERE tenant_id = @tenantId`,
  /** enroll: this till's shifts (opened before enrollment, or under the credential it replaces) take the till's new id. */
  retagShifts: `UPDATE shifts SET till_id = @to WHERE tenant_id = @tenantId AND till_id = @from`,
  /** Where the numbering of a new credential starts: before the first operation not yet delivered, else after the last one. */
  seqBase: `SELECT coalesce((SELECT min(seq) - 1 FROM pending_operations WHERE tenant_id = @tenantId AND seq IS NOT NULL AND status <> 'done'),
    (SELECT max(seq) FROM pending_operations WHERE tenant_id = @tenantId), 0) AS base`,
  /** The next operations to send: everything numbered after what the hub has acknowledged, in order (the unique (tenant_id, seq) index). */
  nextBatch: `SELECT id, seq, entity_type, entity_id, operation, payload, status, created_at FROM pending_operations
    WHERE tenant_id = @tenantId AND seq > @after ORDER BY seq LIMIT +@limit`,
  queueCounts: `SELECT count(*) AS queued, coalesce(sum(status = 'in_flight'), 0) AS inFlight, min(created_at) AS oldest FROM pending_operations
    WHERE tenant_id = @tenantId AND seq > @after AND status <> 'done'`,
  markInFlight: `UPDATE pending_operations SET status = 'in_flight', updated_at = @now WHERE tenant_id = @tenantId AND seq BETWEEN @from AND @to AND status <> 'done'`,
  /** A transient failure: the batch goes back to the queue, each operation counting the attempt. */
  retryLater: `UPDATE pending_operations SET status = 'pending', attempts = attempts + 1, last_error = @error, updated_at = @now
    WHERE tenant_id = @tenantId AND seq BETWEEN @from AND @to AND status <> 'done'`,
  /** Not sent after all (the hub asked to start elsewhere, or did not answer for it): back to the queue, no attempt counted. */
  unsend: `UPDATE pending_operations SET status = 'pending', updated_at = @now WHERE tenant_id = @tenantId AND seq BETWEEN @from AND @to AND status = 'in_flight'`,
  answered: `UPDATE pending_operations SET status = 'done', last_error = @lastError, updated_at = @now WHERE tenant_id = @tenantId AND id = @id`,
  insertLog: `INSERT INTO sync_log (id, tenant_id, entity_type, entity_id, operation, direction, status, terminal_id, synced_at, detail)
    VALUES (@id, @tenantId, @entityType, @entityId, @operation, @direction, @status, @terminalId, @now, @detail)`,
  insertConflict: `INSERT INTO sync_conflicts (id, tenant_id, sync_log_id, entity_type, entity_id, local_data, remote_data, resolution, detected_at, resolved_at, operation_id, code, reason)
    VALUES (@id, @tenantId, @syncLogId, @entityType, @entityId, @localData, @remoteData, NULL, @now, NULL, @operationId, @code, @reason)`,
  openRejections: `SELECT count(*) AS n FROM sync_conflicts WHERE tenant_id = @tenantId AND operation_id IS NOT NULL AND resolved_at IS NULL`,
  rejections: `SELECT c.id, c.operation_id AS operationId, o.seq, c.entity_type AS entityType, c.entity_id AS entityId, c.code, c.reason, c.remote_data AS remoteData,
    c.detected_at AS detectedAt FROM sync_conflicts c LEFT JOIN pending_operations o ON o.id = c.operation_id
    WHERE c.tenant_id = @tenantId AND c.operation_id IS NOT NULL AND c.resolved_at IS NULL ORDER BY c.detected_at, o.seq LIMIT +@limit`,
} as const;

export interface CredentialRow {
  id: string;
  tenant_id: string;
  hub_url: string;
  hub_id: string;
  till_name: string;
  token: string;
  seq_base: number;
  enrolled_at: string;
}

export interface StateRow {
  id: string;
  tenant_id: string;
  cursor: string | null;
  acked_seq: number;
  last_push_at: string | null;
  last_pull_at: string | null;
  last_error: string | null;
  last_error_at: string | null;
  failures: number;
  next_attempt_at: string | null;
}

export interface QueuedRow {
  id: string;
  seq: number;
  entity_type: string;
  entity_id: string;
  operation: 'insert' | 'update' | 'delete';
  payload: string;
  status: string;
  created_at: string;
}

/**
 * The tenants this database file is enrolled for. A device-level question (which
 * stores does this till sync?), so it reads the table across tenants; nothing
 * else in sync does.
 */
export function enrolledTenants(db: Db): string[] {
  return db.prepare(`SELECT tenant_id FROM sync_credentials ORDER BY tenant_id`).pluck().all() as string[];
}

/** Tenants with operations numbered in the queue, enrolled or not (for status). */
export function queuedTenants(db: Db): string[] {
  return db.prepare(`SELECT DISTINCT tenant_id FROM pending_operations WHERE seq IS NOT NULL ORDER BY tenant_id`).pluck().all() as string[];
}

export const newId = (): string => crypto.randomUUID();
export const nowIso = (): string => new Date().toISOString();

/** The current tenant's bookkeeping (inside runAsTenant). */
export function syncStore(db: Db) {
  const s: Scoped = scoped(db);
  return {
    s,
    credential: () => s.get<CredentialRow>(SQL.credential),
    state(): StateRow {
      s.run(SQL.ensureState, { id: newId() });
      return s.get<StateRow>(SQL.state)!;
    },
    log(entry: {
      entityType: string;
      entityId: string;
      operation: string;
      direction: 'push' | 'pull';
      status: 'ok' | 'failed' | 'conflict';
      terminalId: string;
      detail: string;
    }) {
      const id = newId();
      s.run(SQL.insertLog, { id, now: nowIso(), ...entry });
      return id;
    },
  };
}

/**
 * A credential row holds its own tenant's token (`<tenant>.<secret>`, as the hub issued it): a file whose
 * rows were swapped or edited by hand never sends one store's queue with another store's credential.
 */
export function assertOwnCredential(credential: CredentialRow): void {
  if (!credential.token.startsWith(`${credential.tenant_id}.`)) throw new CredentialMismatchError(credential.tenant_id);
}
