import type { OperationOutcome, PushedOperation, PushResponse } from '../../contracts/sync/protocol';
import { operationKind } from '../../contracts/sync/operations';
import type { Tx } from '../db/tenant-tx';
import { HubRefusal } from '../errors';
import { applyStock, HANDLERS, type ApplyContext } from './apply';
import type { Change } from './changes';
import { OperationRejected } from './rejection';
import { SET_FAMILIES } from './set-apply';

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

interface Valid {
  kind: string;
  data: Record<string, unknown>;
}

/** What the hub can tell from the operation alone, in JS: a tenant named, an unknown kind, a payload its kind's schema refuses. */
function validate(op: PushedOperation, log: PushLog, till: PushingTill): Valid | OperationRejected {
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
  return { kind: kind.kind, data: parsed.data as Record<string, unknown> };
}

function logRejected(log: PushLog, till: PushingTill, op: PushedOperation, err: OperationRejected): void {
  if (err.code === 'unknown_reference')
    log.warn(
      { tenant: till.tenantId, till: till.id, op: op.id, seq: op.seq, reason: err.reason },
      'an operation named an id this tenant does not hold: rejected',
    );
}

/** One operation by its one-by-one rule, behind its own savepoint: a rejection rolls back only this operation. */
async function applyOne(ctx: ApplyContext, op: PushedOperation, valid: Valid): Promise<OperationRejected | null> {
  const mark = ctx.changes.length;
  ctx.createdAt = op.createdAt;
  await ctx.tx.query('SAVEPOINT op');
  try {
    await HANDLERS[valid.kind]!(ctx, valid.data);
    await ctx.tx.query('RELEASE SAVEPOINT op');
    return null;
  } catch (err) {
    await ctx.tx.query('ROLLBACK TO SAVEPOINT op');
    ctx.changes.length = mark;
    if (err instanceof OperationRejected) return err;
    const pgErr = err as { code?: string; message?: string };
    // A constraint of the hub's schema said no (class 23): the operation is wrong, not the hub.
    if (typeof pgErr.code === 'string' && pgErr.code.startsWith('23'))
      return new OperationRejected('constraint', `${valid.kind}: ${pgErr.message}`.slice(0, 500));
    throw err;
  }
}

/**
 * A run of consecutive operations of one family (set-apply.ts) in one go, behind
 * one savepoint. If the database says no to the set (a constraint, anything
 * unexpected), the run is rolled back and redone one by one, so one bad
 * operation still never blocks the others.
 */
async function applyRun(ctx: ApplyContext, run: { op: PushedOperation; valid: Valid }[]): Promise<(OperationRejected | null)[]> {
  const mark = ctx.changes.length;
  const stock = new Map(ctx.stock);
  const stockAt = ctx.stockAt;
  await ctx.tx.query('SAVEPOINT run');
  try {
    const out = await SET_FAMILIES[run[0]!.valid.kind]!.apply(
      ctx,
      run.map((x) => ({ kind: x.valid.kind, data: x.valid.data, createdAt: x.op.createdAt })),
    );
    await ctx.tx.query('RELEASE SAVEPOINT run');
    return out;
  } catch {
    await ctx.tx.query('ROLLBACK TO SAVEPOINT run');
    ctx.changes.length = mark;
    ctx.stock = stock;
    ctx.stockAt = stockAt;
    const out: (OperationRejected | null)[] = [];
    for (const x of run) out.push(await applyOne(ctx, x.op, x.valid));
    return out;
  }
}

/**
 * One push batch, in the caller's transaction (tenant set, the till's row locked):
 * operations at or below the till's last sequence are answered from the record
 * (`duplicate`), a batch that does not start where the hub expects is refused
 * (sequence_gap). The rest: validated in JS, then applied in sequence order,
 * a run of consecutive operations of one family set-based (set-apply.ts: one
 * query per referenced table, one multi-row statement per written table), the
 * other kinds one by one behind a savepoint each; a rejected one neither blocks
 * nor half-applies. The outcomes, the till's last sequence and the change log
 * commit with the effects or not at all.
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
  const seen = ops.filter((o) => o.seq <= till.lastSeq);
  const fresh = ops.filter((o) => o.seq > till.lastSeq);
  // One query for what the hub already recorded: this till's seqs it has seen, and the new operations' ids
  // (one another till of the tenant already delivered, a copied store file: its stored outcome, not a second effect).
  const stored = await tx.query<{ by: 'seq' | 'id'; seq: string; op_id: string; till_id: string; outcome: 'applied' | 'rejected' }>(
    `SELECT 'seq' AS by, seq, op_id, till_id, outcome FROM hub.applied_operations WHERE till_id = $1 AND seq = ANY($2::bigint[])
     UNION ALL SELECT 'id', seq, op_id, till_id, outcome FROM hub.applied_operations WHERE op_id = ANY($3::text[])`,
    [till.id, seen.map((o) => o.seq), fresh.map((o) => o.id)],
  );
  const results: OperationOutcome[] = [];
  const bySeq = new Map(stored.rows.filter((r) => r.by === 'seq').map((r) => [Number(r.seq), r]));
  // A number this till already used for another operation: its queue went back in time (a restored backup) and
  // numbered new work again. Refused as a whole, before anything is applied, with where the hub stands: the till
  // renumbers from there and resends; what the hub already has is recognised by its operation id, never applied twice.
  const reused = seen.find((op) => bySeq.get(op.seq)?.op_id !== op.id);
  if (reused) {
    const r = bySeq.get(reused.seq);
    throw new HubRefusal(
      'sequence_gap',
      `seq ${reused.seq} of this till was ${r ? `operation ${r.op_id}` : 'recorded before'}, not ${reused.id} (the till's queue was restored or rewritten): number from ${till.lastSeq + 1}`,
      till.lastSeq + 1,
    );
  }
  for (const op of seen) results.push({ seq: op.seq, id: op.id, outcome: 'duplicate', original: bySeq.get(op.seq)!.outcome });
  if (fresh.length === 0) return { results, lastSeq: till.lastSeq };

  const byId = new Map(stored.rows.filter((r) => r.by === 'id').map((r) => [r.op_id, r]));
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
  // Per fresh operation: delivered before (by another till, or earlier in this batch), rejected by validation, or to apply.
  const earlier = new Map<string, number>();
  const plan = fresh.map((op, i) => {
    const delivered = byId.get(op.id);
    if (delivered) return { op, before: delivered.outcome, by: delivered.till_id === till.id ? 'delivered_before' : 'delivered_by_another_till' };
    if (earlier.has(op.id)) return { op, sameAs: earlier.get(op.id)! };
    earlier.set(op.id, i);
    const v = validate(op, log, till);
    return v instanceof OperationRejected ? { op, rejected: v } : { op, valid: v };
  });
  const outcome: (OperationRejected | null | undefined)[] = plan.map((p) => ('rejected' in p ? p.rejected : undefined));
  const toApply = plan.map((p, i) => ({ ...p, i })).filter((p): p is { op: PushedOperation; valid: Valid; i: number } => 'valid' in p);
  for (let k = 0; k < toApply.length;) {
    const family = SET_FAMILIES[toApply[k]!.valid.kind]?.family;
    if (!family) {
      outcome[toApply[k]!.i] = await applyOne(ctx, toApply[k]!.op, toApply[k]!.valid);
      k++;
      continue;
    }
    let end = k + 1;
    while (end < toApply.length && SET_FAMILIES[toApply[end]!.valid.kind]?.family === family) end++;
    const run = toApply.slice(k, end);
    const out = await applyRun(ctx, run);
    run.forEach((x, j) => (outcome[x.i] = out[j]!));
    k = end;
  }

  const rows: {
    seq: number;
    opId: string;
    op: PushedOperation;
    outcome: 'applied' | 'rejected';
    code: string | null;
    reason: string | null;
    remote: unknown;
  }[] = [];
  plan.forEach((p, i) => {
    const op = p.op;
    if ('before' in p || 'sameAs' in p) {
      const before = 'before' in p ? p.before! : outcome[p.sameAs!] ? 'rejected' : 'applied';
      results.push({ seq: op.seq, id: op.id, outcome: 'duplicate', original: before });
      // Recorded under a key of its own (op_id is unique per tenant): this till under an earlier number (before a restore), or another till (a copied file).
      const code = 'by' in p ? p.by! : 'delivered_before';
      rows.push({ seq: op.seq, opId: `${op.id}#${till.id}:${op.seq}`, op, outcome: before, code, reason: null, remote: null });
      return;
    }
    const rejected = outcome[i];
    if (rejected) {
      logRejected(log, till, op, rejected);
      results.push({ seq: op.seq, id: op.id, outcome: 'rejected', code: rejected.code, reason: rejected.reason, remote: rejected.remote });
      rows.push({ seq: op.seq, opId: op.id, op, outcome: 'rejected', code: rejected.code, reason: rejected.reason, remote: rejected.remote });
    } else {
      results.push({ seq: op.seq, id: op.id, outcome: 'applied' });
      rows.push({ seq: op.seq, opId: op.id, op, outcome: 'applied', code: null, reason: null, remote: null });
    }
  });

  // The outcomes and the till's last sequence in one statement, before the stock levels and the version
  // counter are locked: those locks are shared with the store's other tills and held until COMMIT.
  const lastSeq = fresh.at(-1)!.seq;
  await tx.query(
    `WITH till AS (UPDATE hub.tills SET last_seq = $11 WHERE id = $1)
     INSERT INTO hub.applied_operations (tenant_id, till_id, seq, op_id, entity_type, entity_id, operation, outcome, code, reason, remote)
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
      lastSeq,
    ],
  );
  await applyStock(ctx);
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
  // The counter bumped and the rows numbered in one statement: one round trip while the counter row is locked.
  const r = await tx.query(
    `WITH v AS (UPDATE hub.tenant_versions SET version = version + $1 RETURNING version)
     INSERT INTO hub.change_log (tenant_id, version, table_name, row_id, op, origin_till_id, row)
     SELECT current_setting('app.tenant_id'), v.version - $1 + d.n, d.t, d.id, d.op, d.origin, d.row
     FROM v, unnest($2::text[], $3::text[], $4::text[], $5::uuid[], $6::jsonb[]) WITH ORDINALITY AS d(t, id, op, origin, row, n)`,
    [
      list.length,
      list.map((c) => c.table),
      list.map((c) => c.id),
      list.map((c) => c.op),
      list.map((c) => c.origin),
      list.map((c) => (c.row === null ? null : JSON.stringify(c.row))),
    ],
  );
  if (r.rowCount !== list.length) throw new Error('the tenant has no version counter');
}
