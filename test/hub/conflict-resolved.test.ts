import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type StartedHub } from './support/start-hub';
import { FakeTill } from './support/fake-till';
import { seedStore, type SeededStore } from './support/store';

/** A clerk's choice about a conflict (sync_conflict.resolved) on a real hub: recorded once, relayed to the store's other tills. */
const A = 'caps-automotive';
let hub: StartedHub;
let store: SeededStore;

beforeAll(async () => {
  hub = await startHub();
  await hub.createTenant(A, 'CAPS Automotive');
  store = await seedStore(hub.ownerPool, A);
}, 120_000);
afterAll(async () => hub?.stop());

const resolved = (conflictId: string, choice: string, extra: Record<string, unknown> = {}) => ({
  v: 1,
  conflictId,
  choice,
  entityType: 'customer',
  entityId: store.customers[0]!.id,
  operationId: null,
  code: null,
  resolvedBy: null,
  resolvedAt: '2026-12-03T10:00:00.000Z',
  ...extra,
});

describe('sync_conflict.resolved', () => {
  it('a contact conflict kept as mine is recorded once and reaches the other till as resolved', async () => {
    const one = await FakeTill.enroll(hub.url, await hub.enrollCode(A, 'r1'));
    const two = await FakeTill.enroll(hub.url, await hub.enrollCode(A, 'r2'));
    await one.pullAll();
    await two.pullAll();
    const customer = store.customers[0]!.id;
    await one.push([one.op('customer', 'update', { id: customer, phone: '(201) 555-1000', email: 'one@example.com' })]);
    await two.push([two.op('customer', 'update', { id: customer, phone: '(201) 555-2000', email: null })]);
    const conflict = (await one.pullAll()).find((c) => c.table === 'sync_conflicts')!;
    expect(conflict.row!.resolved_at).toBeNull();

    const op = one.op('sync_conflict', 'update', resolved(conflict.id, 'keep_mine', { entityId: customer }), conflict.id);
    const first = await one.push([op]);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.results.map((r) => r.outcome)).toEqual(['applied']);
    expect((await one.push([op])).body.results.map((r) => r.outcome)).toEqual(['duplicate']);
    const recorded = await hub.queryAs<{ kind: string; n: number }>(
      A,
      `SELECT kind, count(*)::int AS n FROM hub.sync_conflicts WHERE entity_id = $1 AND kind LIKE 'resolved_%' GROUP BY kind`,
      [conflict.id],
    );
    expect(recorded).toEqual([{ kind: 'resolved_keep_mine', n: 1 }]);

    const seen = (await two.pullAll()).find((c) => c.table === 'sync_conflicts' && c.id === conflict.id);
    expect(seen?.row).toMatchObject({ resolution: 'local', resolved_at: '2026-12-03T10:00:00.000Z' });
  });

  it("a rejection acknowledged on a till (the till's own conflict id) is recorded for the store, nothing relayed", async () => {
    const till = await FakeTill.enroll(hub.url, await hub.enrollCode(A, 'r3'));
    await till.pullAll();
    const id = crypto.randomUUID();
    const r = await till.push([
      till.op(
        'sync_conflict',
        'update',
        resolved(id, 'acknowledged', { entityType: 'gift_card_transaction', operationId: crypto.randomUUID(), code: 'insufficient_balance' }),
        id,
      ),
    ]);
    expect(r.body.results.map((x) => x.outcome)).toEqual(['applied']);
    expect(await hub.queryAs(A, `SELECT kind FROM hub.sync_conflicts WHERE entity_id = $1`, [id])).toEqual([{ kind: 'resolved_acknowledged' }]);
  });

  it('refuses a choice the contract does not know', async () => {
    const till = await FakeTill.enroll(hub.url, await hub.enrollCode(A, 'r4'));
    const id = crypto.randomUUID();
    const r = await till.push([till.op('sync_conflict', 'update', resolved(id, 'delete_it'), id)]);
    expect(r.body.results[0]).toMatchObject({ outcome: 'rejected', code: 'invalid_payload' });
  });
});
