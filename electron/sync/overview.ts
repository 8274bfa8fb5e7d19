import type { ConflictChoice } from '../../contracts/sync/operations';
import type { Db } from '../db/open';
import { runAsTenant } from '../tenancy/context';
import { scoped, type Scoped } from '../tenancy/repositories/scoped';
import { tenantStatus } from './status';
import { describeOperation, explainContactConflict, explainRejection, explainSyncError, syncErrorCode, type OperationFacts } from './wording';

/**
 * What a clerk sees of sync, read from the till's database only (the queue,
 * sync_state, sync_log, sync_conflicts, the credential): nothing is asked of
 * the hub or of the background job, so the header is right after a restart,
 * a restore or a crash, and a test can set up every state with rows.
 */

/** The header's indicator: off (not enrolled with a hub), in step, queued N, offline since T, needs attention. */
export type SyncHeaderState = 'off' | 'in_step' | 'queued' | 'offline' | 'attention';

export interface SyncHeader {
  state: SyncHeaderState;
  /** Operations the hub has not acknowledged yet. */
  queued: number;
  /** The first failed attempt of the current run of failures (the hub unreachable), or null. */
  offlineSince: string | null;
  /** Rejections and conflicts nobody has resolved yet, plus one for an error only a technician can clear. */
  attention: number;
  /** The last push or pull that worked. */
  lastSyncAt: string | null;
}

export interface QueuedItem {
  id: string;
  seq: number;
  what: string;
  createdAt: string;
  attempts: number;
  /** The last failure of this operation (the hub unreachable...), in the till's words. */
  lastError: string | null;
}

export interface SyncItem {
  /** The sync_conflicts id, what sync.resolve takes. */
  id: string;
  what: string;
  /** What happened and what the store does, in a clerk's words. */
  reason: string;
  /** The hub's own sentence, for the technician (null for a conflict the hub sent). */
  hubReason: string | null;
  code: string | null;
  at: string;
  /** What the panel offers: a rejection can only be acknowledged; a contact conflict can also be resolved either way. */
  choices: ConflictChoice[];
  /** A contact conflict's two versions, as the panel shows them. */
  mine: string | null;
  store: string | null;
}

export interface SyncPanel {
  header: SyncHeader;
  enrolled: { tillName: string; hubUrl: string; enrolledAt: string } | null;
  lastPushAt: string | null;
  lastPullAt: string | null;
  /** The last sync error in a clerk's words (null when the last attempt worked). */
  lastError: string | null;
  nextAttemptAt: string | null;
  /** The first QUEUED_SHOWN operations of the queue, oldest first (header.queued says how many in all). */
  queued: QueuedItem[];
  rejected: SyncItem[];
  conflicts: SyncItem[];
}

export const QUEUED_SHOWN = 50;
const ITEMS_SHOWN = 100;

const SQL = {
  openConflicts: `SELECT count(*) AS n FROM sync_conflicts WHERE tenant_id = @tenantId AND operation_id IS NULL AND resolved_at IS NULL`,
  offlineSince: `SELECT min(synced_at) AS t FROM sync_log WHERE tenant_id = @tenantId AND status = 'failed' AND synced_at > @since`,
  queued: `SELECT id, seq, entity_type, entity_id, operation, payload, attempts, last_error, created_at FROM pending_operations
    WHERE tenant_id = @tenantId AND seq > @after AND status <> 'done' ORDER BY seq LIMIT +@limit`,
  rejected: `SELECT c.id, c.entity_type, c.entity_id, c.local_data, c.remote_data, c.code, c.reason, c.detected_at, o.operation
    FROM sync_conflicts c LEFT JOIN pending_operations o ON o.id = c.operation_id
    WHERE c.tenant_id = @tenantId AND c.operation_id IS NOT NULL AND c.resolved_at IS NULL ORDER BY c.detected_at, o.seq LIMIT +@limit`,
  conflicts: `SELECT id, entity_type, entity_id, local_data, remote_data, detected_at FROM sync_conflicts
    WHERE tenant_id = @tenantId AND operation_id IS NULL AND resolved_at IS NULL ORDER BY detected_at, id LIMIT +@limit`,
  saleNumber: `SELECT number FROM sales WHERE tenant_id = @tenantId AND id = @id`,
  customerName: `SELECT trim(first_name || ' ' || last_name) AS n FROM customers WHERE tenant_id = @tenantId AND id = @id`,
} as const;

const later = (a: string | null, b: string | null) => (a && b ? (a > b ? a : b) : (a ?? b));

function parse(json: string | null): Record<string, unknown> {
  try {
    const v = JSON.parse(json ?? 'null') as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The header indicator of the tenant (the signed-in store). */
export function syncHeader(db: Db, tenantId: string): SyncHeader {
  return runAsTenant({ tenantId, userId: null }, () => header(db, scoped(db)));
}

function header(db: Db, s: Scoped): SyncHeader {
  const status = tenantStatus(db, s.tenantId);
  const lastSyncAt = later(status.lastPushAt, status.lastPullAt);
  const conflicts = s.get<{ n: number }>(SQL.openConflicts)?.n ?? 0;
  const errorCode = syncErrorCode(status.lastError);
  // The hub unreachable clears itself; any other error (an update to install, a revoked credential) needs a person.
  const stuck = errorCode !== null && errorCode !== 'SYNC_HUB_UNREACHABLE' ? 1 : 0;
  const attention = status.rejected + conflicts + stuck;
  const offline = status.enrolled !== null && status.failures > 0;
  // The current run of failures: after the last push or pull that worked, and never before this enrollment (v1's old failures are not this hub's).
  const since = later(lastSyncAt, status.enrolled?.enrolledAt ?? null) ?? '';
  const offlineSince = offline ? (s.get<{ t: string | null }>(SQL.offlineSince, { since })?.t ?? status.lastErrorAt) : null;
  const state: SyncHeaderState =
    status.enrolled === null ? 'off' : attention > 0 ? 'attention' : offline ? 'offline' : status.queued > 0 ? 'queued' : 'in_step';
  return { state, queued: status.queued, offlineSince, attention, lastSyncAt };
}

/** Everything the Sync panel lists for the tenant: the queue, the rejections and conflicts in a clerk's words, the last push and pull. */
export function syncPanel(db: Db, tenantId: string): SyncPanel {
  return runAsTenant({ tenantId, userId: null }, () => {
    const s = scoped(db);
    const status = tenantStatus(db, tenantId);
    const facts = (entityType: string, operation: string, payload: Record<string, unknown>): OperationFacts => {
      const saleId = typeof payload.saleId === 'string' ? payload.saleId : null;
      const customerId = entityType === 'customer' && typeof payload.id === 'string' ? payload.id : null;
      return {
        entityType,
        operation,
        payload,
        saleNumber: saleId ? (s.get<{ number: string }>(SQL.saleNumber, { id: saleId })?.number ?? null) : null,
        customerName: customerId ? customerName(s, customerId) : null,
      };
    };
    const after = s.get<{ acked_seq: number }>(`SELECT acked_seq FROM sync_state WHERE tenant_id = @tenantId`)?.acked_seq ?? 0;
    const queued = s
      .all<{
        id: string;
        seq: number;
        entity_type: string;
        operation: string;
        payload: string;
        attempts: number;
        last_error: string | null;
        created_at: string;
      }>(SQL.queued, { after, limit: QUEUED_SHOWN })
      .map((r) => ({
        id: r.id,
        seq: r.seq,
        what: describeOperation(facts(r.entity_type, r.operation, parse(r.payload))),
        createdAt: r.created_at,
        attempts: r.attempts,
        lastError: r.last_error,
      }));
    const rejected = s
      .all<{
        id: string;
        entity_type: string;
        local_data: string;
        remote_data: string;
        code: string | null;
        reason: string | null;
        detected_at: string;
        operation: string | null;
      }>(SQL.rejected, { limit: ITEMS_SHOWN })
      .map((r): SyncItem => {
        const f = facts(r.entity_type, r.operation ?? guessOperation(r.entity_type), parse(r.local_data));
        const remote = parse(r.remote_data);
        return {
          id: r.id,
          what: describeOperation(f),
          reason: explainRejection(r.code ?? '', f, Object.keys(remote).length ? remote : null),
          hubReason: r.reason,
          code: r.code,
          at: r.detected_at,
          choices: ['acknowledged'],
          mine: null,
          store: null,
        };
      });
    const conflicts = s
      .all<{ id: string; entity_type: string; entity_id: string; local_data: string; remote_data: string; detected_at: string }>(SQL.conflicts, {
        limit: ITEMS_SHOWN,
      })
      .map((r): SyncItem => {
        const name = r.entity_type === 'customer' ? customerName(s, r.entity_id) : null;
        const contact = r.entity_type === 'customer';
        return {
          id: r.id,
          what: contact ? `Contact of ${name ?? 'a customer'}` : `${r.entity_type} ${r.entity_id}`,
          reason: contact ? explainContactConflict(name) : 'The store kept another version of this record. Acknowledge it once checked.',
          hubReason: null,
          code: null,
          at: r.detected_at,
          choices: contact ? ['keep_store', 'keep_mine', 'acknowledged'] : ['acknowledged'],
          mine: contact ? contactWords(parse(r.local_data)) : null,
          store: contact ? contactWords(parse(r.remote_data)) : null,
        };
      });
    return {
      header: header(db, s),
      enrolled: status.enrolled ? { tillName: status.enrolled.tillName, hubUrl: status.enrolled.hubUrl, enrolledAt: status.enrolled.enrolledAt } : null,
      lastPushAt: status.lastPushAt,
      lastPullAt: status.lastPullAt,
      lastError: explainSyncError(status.lastError),
      nextAttemptAt: status.nextAttemptAt,
      queued,
      rejected,
      conflicts,
    };
  });
}

function customerName(s: Scoped, id: string): string | null {
  return s.get<{ n: string }>(SQL.customerName, { id })?.n ?? null;
}

/** "phone 555-0100, email a@b.example" (or "no phone, no email"). */
export function contactWords(c: Record<string, unknown>): string {
  const phone = typeof c.phone === 'string' && c.phone ? `phone ${c.phone}` : 'no phone';
  const email = typeof c.email === 'string' && c.email ? `email ${c.email}` : 'no email';
  return `${phone}, ${email}`;
}

/** A rejected operation whose queue row is gone (ON DELETE SET NULL keeps the conflict): its entity type says the kind. */
const guessOperation = (entityType: string) => (entityType === 'customer' || entityType === 'work_order' ? 'update' : 'insert');
