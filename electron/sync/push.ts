import { MAX_PUSH_BATCH, PushResponse, type OperationOutcome, type PushedOperation } from '../../contracts/sync/protocol';
import type { Db } from '../db/open';
import { PosError } from '../errors';
import { runAsTenant } from '../tenancy/context';
import { retryDelayMs } from './backoff';
import { HubProtocolError, HubUnreachableError, NotEnrolledError, SequenceGapError } from './errors';
import { tillHello } from './hello';
import { HubRefusal, postToHub } from './http';
import { assertOwnCredential, newId, nowIso, SQL, syncStore, type CredentialRow, type QueuedRow } from './store';

export interface PushOptions {
  /** Operations per request, at most MAX_PUSH_BATCH. */
  batchSize?: number;
  timeoutMs?: number;
  onProgress?: (progress: PushProgress) => void;
}

export interface PushProgress {
  tenantId: string;
  /** Operations the hub has answered in this push so far, of `total` queued when it started. */
  done: number;
  total: number;
}

export interface PushCounts {
  tenantId: string;
  tillId: string;
  /** Requests sent. */
  batches: number;
  applied: number;
  duplicate: number;
  rejected: number;
  /** Still queued afterwards (0 after a push that drained the queue). */
  remaining: number;
}

/** A 409 answered by resending from the hub's expected number: more than a few in one push means the two sides disagree for good. */
const MAX_GAP_RESENDS = 3;

/**
 * Sends the current tenant's queue to the hub in sequence order, in batches,
 * and records each answer in the same transaction as the operation's new
 * status: applied or duplicate -> done; rejected -> done, with a
 * sync_conflicts row carrying the hub's code, reason and remote data (the
 * queue goes on). A batch is marked in_flight before it is sent, so a till
 * killed mid-push resends it (the hub answers duplicate for what it already
 * applied). A transient failure puts the batch back as pending, counting the
 * attempt, and sets when to try again; 426 and 401 stop the push with their
 * typed errors, nothing lost.
 */
export async function pushTenant(db: Db, tenantId: string, options: PushOptions = {}): Promise<PushCounts> {
  return runAsTenant({ tenantId, userId: null }, async () => {
    const store = syncStore(db);
    const credential = store.credential();
    if (!credential) throw new NotEnrolledError(db.name);
    assertOwnCredential(credential);
    const limit = Math.max(1, Math.min(options.batchSize ?? MAX_PUSH_BATCH, MAX_PUSH_BATCH));
    let after = store.state().acked_seq;
    const counts: PushCounts = { tenantId, tillId: credential.id, batches: 0, applied: 0, duplicate: 0, rejected: 0, remaining: 0 };
    const queued = () => store.s.get<{ queued: number }>(SQL.queueCounts, { after })?.queued ?? 0;
    let total = queued();
    let done = 0;
    let gapResends = 0;
    options.onProgress?.({ tenantId, done, total });
    for (;;) {
      const batch = store.s.all<QueuedRow>(SQL.nextBatch, { after, limit });
      if (batch.length === 0) break;
      assertContiguous(credential, batch, after);
      const range = { from: batch[0]!.seq, to: batch.at(-1)!.seq };
      store.s.run(SQL.markInFlight, { ...range, now: nowIso() });
      let response: PushResponse;
      try {
        const body = await postToHub({
          hubUrl: credential.hub_url,
          path: '/v1/push',
          token: credential.token,
          timeoutMs: options.timeoutMs,
          body: { ...tillHello(db), operations: batch.map((op) => wireOperation(op, credential)) },
        });
        const parsed = PushResponse.safeParse(body);
        if (!parsed.success)
          throw new HubProtocolError(credential.hub_url, `its push answer does not match the contract: ${parsed.error.issues[0]?.message ?? ''}`);
        response = parsed.data;
      } catch (err) {
        if (err instanceof HubRefusal && err.body.code === 'sequence_gap' && err.body.expectedSeq !== undefined) {
          const expected = err.body.expectedSeq + credential.seq_base;
          store.s.run(SQL.unsend, { ...range, now: nowIso() });
          if (++gapResends > MAX_GAP_RESENDS)
            throw failed(store, credential, batch, new SequenceGapError(tenantId, err.body.expectedSeq, 'the till keeps resending without agreement'), false);
          if (expected > range.from) {
            // The hub already numbered operations of this till up to there that this queue does not hold (it was
            // restored from an older backup and numbered new work again): renumber from where the hub stands and
            // resend. What the hub already has is recognised by its operation id, never applied twice.
            after = store.s.transaction(() => realign(store, range.from, expected - range.from));
          } else {
            // The hub has less than the till thought (e.g. the hub was restored): resend from where it stands.
            after = expected - 1;
            store.s.run(SQL.setAcked, { ackedSeq: after });
          }
          total = queued();
          continue;
        }
        throw failed(store, credential, batch, err, true);
      }
      const answered = store.s.transaction(() => recordOutcomes(store, credential, batch, response));
      counts.batches++;
      counts.applied += answered.applied;
      counts.duplicate += answered.duplicate;
      counts.rejected += answered.rejected;
      if (answered.through <= after)
        throw failed(store, credential, batch, new HubProtocolError(credential.hub_url, 'it answered a push without taking any operation'), false);
      done += answered.through - after;
      after = answered.through;
      options.onProgress?.({ tenantId, done: Math.min(done, total), total });
    }
    counts.remaining = queued();
    return counts;
  });
}

/**
 * Moves this tenant's queue from `from` on up by `by` numbers (twice through negative numbers, so
 * the unique (tenant_id, seq) index never sees two rows on one number), and acknowledges the numbers
 * skipped: the operation at `from` goes out as the number the hub expects. Returns the new `after`.
 */
function realign(store: Store, from: number, by: number): number {
  store.s.run(SQL.renumberAway, { from, by });
  store.s.run(SQL.renumberBack);
  const after = from - 1 + by;
  store.s.run(SQL.setAcked, { ackedSeq: after });
  return after;
}

/** The queue must run 1, 2, 3 ... from what the hub acknowledged; a missing number means rows are gone and cannot be resent. */
function assertContiguous(credential: CredentialRow, batch: QueuedRow[], after: number): void {
  batch.forEach((op, i) => {
    if (op.seq !== after + 1 + i) {
      throw new SequenceGapError(
        credential.tenant_id,
        after + 1 + i - credential.seq_base,
        'is no longer in its queue (the operation was removed from this database)',
      );
    }
  });
}

function wireOperation(op: QueuedRow, credential: CredentialRow): PushedOperation {
  let payload: Record<string, unknown>;
  try {
    const parsed = JSON.parse(op.payload) as unknown;
    payload = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : { value: parsed };
  } catch {
    // A payload that is not JSON is still sent (the hub rejects it with a reason, which lands in sync_conflicts), never dropped.
    payload = { unparsable: op.payload };
  }
  return {
    seq: op.seq - credential.seq_base,
    id: op.id,
    entityType: op.entity_type,
    entityId: op.entity_id,
    operation: op.operation,
    payload,
    createdAt: op.created_at,
  };
}

type Store = ReturnType<typeof syncStore>;

/** One transaction: every answered operation's status, its sync_log row, a conflict for a rejection, and how far the hub has acknowledged. */
function recordOutcomes(store: Store, credential: CredentialRow, batch: QueuedRow[], response: PushResponse) {
  const byId = new Map(batch.map((op) => [op.id, op]));
  const now = nowIso();
  const tally = { applied: 0, duplicate: 0, rejected: 0, through: 0 };
  const answeredSeqs = new Set<number>();
  for (const outcome of response.results) {
    const op = byId.get(outcome.id);
    if (!op || op.seq - credential.seq_base !== outcome.seq)
      throw new HubProtocolError(credential.hub_url, `it answered for an operation it was not sent (${outcome.id})`);
    answeredSeqs.add(op.seq);
    const logId = store.log({
      entityType: op.entity_type,
      entityId: op.entity_id,
      operation: op.operation,
      direction: 'push',
      status: outcome.outcome === 'rejected' ? 'conflict' : 'ok',
      terminalId: credential.id,
      detail: describeOutcome(outcome, op.seq),
    });
    if (outcome.outcome === 'rejected') {
      tally.rejected++;
      store.s.run(SQL.insertConflict, {
        id: newId(),
        syncLogId: logId,
        entityType: op.entity_type,
        entityId: op.entity_id,
        localData: op.payload,
        remoteData: JSON.stringify(outcome.remote),
        operationId: op.id,
        code: outcome.code,
        reason: outcome.reason,
        now,
      });
      store.s.run(SQL.answered, { id: op.id, lastError: `rejected by the hub (${outcome.code}): ${outcome.reason}`, now });
    } else {
      tally[outcome.outcome]++;
      store.s.run(SQL.answered, { id: op.id, lastError: null, now });
    }
  }
  // The hub acknowledges a prefix: up to its lastSeq, and only as far as every operation was answered.
  let through = batch[0]!.seq - 1;
  for (const op of batch)
    if (answeredSeqs.has(op.seq) && op.seq - credential.seq_base <= response.lastSeq) through = op.seq;
    else break;
  const unanswered = batch.filter((op) => op.seq > through);
  if (unanswered.length > 0) store.s.run(SQL.unsend, { from: unanswered[0]!.seq, to: unanswered.at(-1)!.seq, now });
  store.s.run(SQL.pushed, { ackedSeq: Math.max(through, store.state().acked_seq), now });
  tally.through = through;
  return tally;
}

function describeOutcome(outcome: OperationOutcome, seq: number): string {
  if (outcome.outcome === 'rejected') return `seq ${seq}: rejected (${outcome.code}): ${outcome.reason}`;
  if (outcome.outcome === 'duplicate') return `seq ${seq}: duplicate (first ${outcome.original})`;
  return `seq ${seq}: applied`;
}

/**
 * Records a failed request and returns the error to throw: the batch goes back
 * to the queue with the error on every operation; a transient failure also
 * counts towards the backoff and says when the till tries again.
 */
function failed(store: Store, credential: CredentialRow, batch: QueuedRow[], err: unknown, countAttempt: boolean): unknown {
  const now = new Date();
  const transient = err instanceof HubUnreachableError;
  const message = err instanceof PosError ? err.message : ((err as Error)?.message ?? String(err));
  const range = { from: batch[0]!.seq, to: batch.at(-1)!.seq, now: now.toISOString() };
  let retryAt: string | null = null;
  store.s.transaction(() => {
    if (countAttempt) store.s.run(SQL.retryLater, { ...range, error: message });
    else store.s.run(SQL.unsend, range);
    const failures = store.state().failures + (transient ? 1 : 0);
    retryAt = transient ? new Date(now.getTime() + retryDelayMs(failures, credential.id)).toISOString() : null;
    store.s.run(SQL.failed, { error: message, now: range.now, transient: transient ? 1 : 0, nextAttemptAt: retryAt });
    const first = batch[0]!;
    store.log({
      entityType: first.entity_type,
      entityId: first.entity_id,
      operation: first.operation,
      direction: 'push',
      status: 'failed',
      terminalId: credential.id,
      detail: `seq ${range.from}..${range.to}: ${message}`,
    });
  });
  if (transient) return new HubUnreachableError(err.hubUrl, err.detail, retryAt);
  return err;
}
