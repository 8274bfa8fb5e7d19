import type { OperationOutcome, PushedOperation, PushResponse } from '../../contracts/sync/protocol';
import { operationKind } from '../../contracts/sync/operations';
import type { Tx } from '../db/tenant-tx';
import { HubRefusal } from '../errors';
import { applyStock, HANDLERS, type ApplyContext } from './apply';
import type { Change } from './changes';
import { OperationRejected } from './rejection';

export interface PushingTill {
  id: string;
  tenantId: string;
  lastSeq: number;
  pulledVersion: number;
}

export interface PushLog {
  warn(details: Record<string, unknown>, message: string): void;
}

/** A payload naming a tenant is refused whatever it says: the tenant comes from the credential. */
function namesTenant(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(namesTenant);
  if (value === null || typeof value !== 'object') return false;
  return Object.entries(value).some(([k, v]) => k === 'tenantId' || k === 'tenant_id' || namesTenant(v));
}

async function applyOne(ctx: ApplyContext, op: PushedOperation, log: PushLog, till: PushingTill): Promise<OperationRejected | null> {
  if (namesTenant(op.payload)) {
    log.warn({ tenant: till.tenantId, till: till.id, op: op.id, seq: op.seq }, 'an operation named a tenant: rejected');
    return new OperationRejected('foreign_tenant', 'an operation never names its tenant: the hub takes it from the till credential');
  }
  const kind = operationKind(op.entityType, op.operation);
  if (!kind) return new OperationRejected('unknown_kind', `the hub knows no ${op.entityType}/${op.operation} operation`);
  const parsed = kind.payload.safeParse(op.payload);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`).join('; ');
    return new OperationRejected('invalid_payload', `${kind.kind}: ${issues}`.slice(0, 500));
  }
  const mark = ctx.changes.length;
  await ctx.tx.query('SAVEPOINT op');
  try {
    await HANDLERS[kind.kind]!(ctx, parsed.data as Record<string, unknown>);
    await ctx.tx.query('RELEASE SAVEPOINT op');
    return null;
  } catch (err) {
    await ctx.tx.query('ROLLBACK TO SAVEPOINT op');
    ctx.changes.length = mark;
    if (err instanceof OperationRejected) {
      if (err.code === 'unknown_reference')
        log.warn(
          { tenant: till.tenantId, till: till.id, op: op.id, seq: op.seq, reason: err.reason },
          'an operation named an id this tenant does not hold: rejected',
        );
      return err;
    }
    const pgErr = err as { code?: string; message?: string };
    // A constraint of the hub's schema said no (class 23): the operation is wrong, not the hub.
    if (typeof pgErr.code === 'string' && pgErr.code.startsWith('23'))
      return new OperationRejected('constraint', `${kind.kind}: ${pgErr.message}`.slice(0, 500));
    throw err;
  }
}

/**
 * One push batch, in the caller's transaction (tenant set, the till's row locked):
 * operations at or below the till's last sequence are answered from the record
 * (`duplicate`), a batch that does not start where the hub expects is refused
 * (sequence_gap), the rest apply one by one behind savepoints so a rejected one
 * neither blocks nor half-applies. The outcomes, the till's last sequence and the
 * change log commit with the effects or not at all.
 */
export async function applyBatch(tx: Tx, till: PushingTill, ops: readonly PushedOperation[], log: PushLog): Promise<PushResponse> {
  for (let i = 1; i < ops.length; i++) {
    if (ops[i]!.seq !== ops[i - 1]!.seq + 1)
      throw new HubRefusal('bad_request', `operations must be in ascending seq order without gaps (${ops[i - 1]!.seq} then ${ops[i]!.seq})`);
  }
  const first = ops[0]!.seq;
  if (first > till.lastSeq + 1) {
    throw new HubRefusal('sequence_gap', `the hub has this till up to seq ${till.lastSeq}: push again from ${till.lastSeq + 1}`, till.lastSeq + 1);
  }
  const results: OperationOutcome[] = [];
  const seen = ops.filter((o) => o.seq <= till.lastSeq);
  if (seen.length > 0) {
    const stored = await tx.query<{ seq: string; op_id: string; outcome: 'applied' | 'rejected' }>(
      `SELECT seq, op_id, outcome FROM hub.applied_operations WHERE till_id = $1 AND seq = ANY($2::bigint[])`,
      [till.id, seen.map((o) => o.seq)],
    );
    const bySeq = new Map(stored.rows.map((r) => [Number(r.seq), r]));
    for (const op of seen) {
      const r = bySeq.get(op.seq);
      if (r && r.op_id === op.id) results.push({ seq: op.seq, id: op.id, outcome: 'duplicate', original: r.outcome });
      else
        results.push({
          seq: op.seq,
          id: op.id,
          outcome: 'rejected',
          code: 'seq_reused',
          reason: `seq ${op.seq} of this till was ${r ? `operation ${r.op_id}` : 'recorded before'}, not ${op.id}: the till's queue was restored or rewritten`,
          remote: r ? { opId: r.op_id } : null,
        });
    }
  }
  const fresh = ops.filter((o) => o.seq > till.lastSeq);
  if (fresh.length === 0) return { results, lastSeq: till.lastSeq };

  // An operation another till of the tenant already delivered (a copied store file): its stored outcome, not a second effect.
  const known = await tx.query<{ op_id: string; outcome: 'applied' | 'rejected' }>(
    `SELECT op_id, outcome FROM hub.applied_operations WHERE op_id = ANY($1::text[])`,
    [fresh.map((o) => o.id)],
  );
  const byId = new Map(known.rows.map((r) => [r.op_id, r.outcome]));
  const changes: Change[] = [];
  const ctx: ApplyContext = {
    tx,
    tillId: till.id,
    pulledVersion: till.pulledVersion,
    createdAt: '',
    changes,
    contacts: new Set(),
    stock: new Map(),
    stockAt: '',
  };
  const rows: {
    seq: number;
    opId: string;
    op: PushedOperation;
    outcome: 'applied' | 'rejected';
    code: string | null;
    reason: string | null;
    remote: unknown;
  }[] = [];
  for (const op of fresh) {
    const before = byId.get(op.id);
    if (before) {
      results.push({ seq: op.seq, id: op.id, outcome: 'duplicate', original: before });
      rows.push({ seq: op.seq, opId: `${op.id}#${till.id}:${op.seq}`, op, outcome: before, code: 'delivered_by_another_till', reason: null, remote: null });
      continue;
    }
    ctx.createdAt = op.createdAt;
    const rejected = await applyOne(ctx, op, log, till);
    byId.set(op.id, rejected ? 'rejected' : 'applied');
    if (rejected) {
      results.push({ seq: op.seq, id: op.id, outcome: 'rejected', code: rejected.code, reason: rejected.reason, remote: rejected.remote });
      rows.push({ seq: op.seq, opId: op.id, op, outcome: 'rejected', code: rejected.code, reason: rejected.reason, remote: rejected.remote });
    } else {
      results.push({ seq: op.seq, id: op.id, outcome: 'applied' });
      rows.push({ seq: op.seq, opId: op.id, op, outcome: 'applied', code: null, reason: null, remote: null });
    }
  }

  await tx.query(
    `INSERT INTO hub.applied_operations (tenant_id, till_id, seq, op_id, entity_type, entity_id, operation, outcome, code, reason, remote)
     SELECT current_setting('app.tenant_id'), $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::jsonb[])`,
    [
      till.id,
      rows.map((r) => r.seq),
      rows.map((r) => r.opId),
      rows.map((r) => r.op.entityType),
      rows.map((r) => r.op.entityId),
      rows.map((r) => r.op.operation),
      rows.map((r) => r.outcome),
      rows.map((r) => r.code),
      rows.map((r) => r.reason),
      rows.map((r) => (r.remote === null ? null : JSON.stringify(r.remote))),
    ],
  );
  await applyStock(ctx);
  const lastSeq = fresh.at(-1)!.seq;
  await tx.query(`UPDATE hub.tills SET last_seq = $2 WHERE id = $1`, [till.id, lastSeq]);
  await logChanges(tx, changes);
  if (ctx.contacts.size > 0) {
    // The contact's version is the change that last wrote it (known only now), for the next writer's conflict check.
    await tx.query(
      `UPDATE hub.customers c SET contact_version = l.version FROM (
         SELECT row_id, max(version) AS version FROM hub.change_log WHERE table_name = 'customers' AND row_id = ANY($1::text[]) GROUP BY row_id) l
       WHERE c.id = l.row_id`,
      [[...ctx.contacts]],
    );
  }
  return { results, lastSeq };
}

/**
 * Numbers the batch's changes with the tenant's version and writes them to the
 * change log. The counter row is taken last, just before COMMIT, so the lock that
 * orders one tenant's writers is held for as short a time as possible, and a
 * version a pull sees is never followed by a smaller one committing later.
 * Several changes of one row in a batch travel as the last one.
 */
export async function logChanges(tx: Tx, changes: readonly Change[]): Promise<void> {
  if (changes.length === 0) return;
  const last = new Map<string, Change>();
  for (const c of changes) {
    const key = `${c.table}\u0000${c.id}`;
    last.delete(key);
    last.set(key, c);
  }
  const list = [...last.values()];
  const v = await tx.query<{ version: string }>(`UPDATE hub.tenant_versions SET version = version + $1 RETURNING version`, [list.length]);
  if (v.rowCount !== 1) throw new Error('the tenant has no version counter');
  const top = Number(v.rows[0]!.version);
  await tx.query(
    `INSERT INTO hub.change_log (tenant_id, version, table_name, row_id, op, origin_till_id, row)
     SELECT current_setting('app.tenant_id'), * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::jsonb[])`,
    [
      list.map((_, i) => top - list.length + 1 + i),
      list.map((c) => c.table),
      list.map((c) => c.id),
      list.map((c) => c.op),
      list.map((c) => c.origin),
      list.map((c) => (c.row === null ? null : JSON.stringify(c.row))),
    ],
  );
}
