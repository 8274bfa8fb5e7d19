import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setPrice } from '../../hub/admin';
import { startHub, type StartedHub } from './support/start-hub';
import { FakeTill } from './support/fake-till';
import { seedStore, stockMoved, type SeededStore } from './support/store';

/** Pull: the tenant's changes since the cursor, what other tills pushed, never another tenant's; pages, tombstones, resync. */
const A = 'caps-automotive';
const B = 'northside-tires';
let hub: StartedHub;
let store: SeededStore;

beforeAll(async () => {
  hub = await startHub();
  await hub.createTenant(A, 'CAPS Automotive');
  await hub.createTenant(B, 'Northside Tires');
  store = await seedStore(hub.ownerPool, A);
  await seedStore(hub.ownerPool, B);
}, 120_000);
afterAll(async () => hub?.stop());

describe('pull', () => {
  it('a first pull is a full copy of the tenant, in pages, in the till\u2019s table and column names without tenant_id', async () => {
    const till = await FakeTill.enroll(hub.url, await hub.enrollCode(A, 'first'));
    const first = await till.pull(7);
    expect(first.body.resync).toBe(true);
    expect(first.body.more).toBe(true);
    expect(first.body.changes).toHaveLength(7);
    const rest = await till.pullAll(7);
    const all = [...first.body.changes, ...rest];
    const products = all.filter((c) => c.table === 'products');
    expect(products.map((p) => p.row!.sku).sort()).toEqual(store.products.map((p) => p.sku).sort());
    expect(products[0]!.row).not.toHaveProperty('tenant_id');
    expect(products[0]!.row).toHaveProperty('price_cents');
    const ids = new Set(all.map((c) => c.id));
    for (const p of store.products) expect(ids.has(p.id)).toBe(true);
    // Nothing of the other tenant, though its SKUs and codes are the same.
    const other = await hub.queryAs<{ id: string }>(B, `SELECT id FROM hub.products`);
    expect(other.filter((o) => ids.has(o.id))).toEqual([]);
    expect((await till.pull()).body.changes).toEqual([]);
  });

  it('a price changed on the hub and another till\u2019s stock movement reach a till; its own pushes do not come back', async () => {
    const one = await FakeTill.enroll(hub.url, await hub.enrollCode(A, 'one'));
    const two = await FakeTill.enroll(hub.url, await hub.enrollCode(A, 'two'));
    await one.pullAll();
    await two.pullAll();
    const p = store.products[2]!;
    await setPrice(hub.ownerPool, A, p.sku, 4321);
    const move = stockMoved(p.id, -3);
    expect((await one.push([one.op('inventory_transaction', 'insert', move)])).body.results[0]!.outcome).toBe('applied');
    const seenByTwo = await two.pullAll();
    expect(seenByTwo.find((c) => c.table === 'products' && c.id === p.id)!.row).toMatchObject({ sku: p.sku, price_cents: 4321 });
    expect(seenByTwo.find((c) => c.table === 'inventory_transactions')).toMatchObject({ id: move.id, row: { product_id: p.id, quantity: -3 } });
    expect(seenByTwo.find((c) => c.table === 'inventory')!.row).toMatchObject({ product_id: p.id, quantity_on_hand: 7 });
    const seenByOne = await one.pullAll();
    expect(seenByOne.find((c) => c.table === 'inventory_transactions')).toBeUndefined();
    // The stock level is the hub's, so the pusher gets it too.
    expect(seenByOne.find((c) => c.table === 'inventory')!.row).toMatchObject({ quantity_on_hand: 7 });
    expect(seenByOne.find((c) => c.table === 'products')!.row).toMatchObject({ price_cents: 4321 });
  });

  it('a removed line travels as a tombstone', async () => {
    const one = await FakeTill.enroll(hub.url, await hub.enrollCode(A, 'wo1'));
    const two = await FakeTill.enroll(hub.url, await hub.enrollCode(A, 'wo2'));
    await two.pullAll();
    const wo = crypto.randomUUID();
    const line = (n: number) => ({
      id: crypto.randomUUID(),
      workOrderId: wo,
      lineNo: n,
      kind: 'labor',
      productId: null,
      description: `L${n}`,
      quantity: 1,
      unitPriceCents: 100,
      technicianId: null,
    });
    const lines = [line(1), line(2)];
    const order = {
      id: wo,
      number: 'WO-0900001',
      customerId: store.customers[0]!.id,
      vehicleId: null,
      technicianId: null,
      description: 'x',
      odometer: null,
      totalCents: 200,
      openedAt: new Date().toISOString(),
    };
    const r = await one.push([one.op('work_order', 'insert', { order, lines }), one.op('work_order_line', 'delete', { id: lines[0]!.id, work_order_id: wo })]);
    expect(r.body.results.map((x) => x.outcome)).toEqual(['applied', 'applied']);
    const seen = await two.pullAll();
    expect(seen.filter((c) => c.table === 'work_order_lines')).toEqual([
      { table: 'work_order_lines', op: 'delete', id: lines[0]!.id, row: null },
      { table: 'work_order_lines', op: 'upsert', id: lines[1]!.id, row: expect.objectContaining({ line_no: 1 }) },
    ]);
  });

  it('an unknown cursor, or one past what the tenant reached, gets a full resync', async () => {
    const till = await FakeTill.enroll(hub.url, await hub.enrollCode(A, 'lost'));
    await till.pullAll();
    const good = till.cursor!;
    till.cursor = 'c1.00000000-0000-0000-0000-000000000000.5';
    expect((await till.pull()).body.resync).toBe(true);
    till.cursor = good.replace(/\.(\d+)$/, (_, v) => `.${Number(v) + 1000}`);
    expect((await till.pull()).body.resync).toBe(true);
    till.cursor = 'garbage';
    expect((await till.pull()).body.resync).toBe(true);
  });

  it('contacts: the last writer in hub order wins, and the losing version is kept', async () => {
    const one = await FakeTill.enroll(hub.url, await hub.enrollCode(A, 'c1'));
    const two = await FakeTill.enroll(hub.url, await hub.enrollCode(A, 'c2'));
    await one.pullAll();
    await two.pullAll();
    const customer = store.customers[1]!.id;
    await one.push([one.op('customer', 'update', { id: customer, phone: '(201) 555-1000', email: 'one@example.com' })]);
    // Till two has not pulled since: its edit wins (it arrived later), till one's version is kept.
    await two.push([two.op('customer', 'update', { id: customer, phone: '(201) 555-2000', email: null })]);
    expect(await hub.queryAs(A, `SELECT row->>'phone' AS phone FROM hub.customers WHERE id = $1`, [customer])).toEqual([{ phone: '(201) 555-2000' }]);
    const conflicts = await hub.queryAs<{ kind: string; local_data: unknown; remote_data: unknown }>(
      A,
      `SELECT kind, local_data, remote_data FROM hub.sync_conflicts WHERE entity_id = $1`,
      [customer],
    );
    expect(conflicts).toEqual([
      {
        kind: 'contact_overwritten',
        local_data: { phone: '(201) 555-2000', email: null },
        remote_data: expect.objectContaining({ phone: '(201) 555-1000', email: 'one@example.com' }),
      },
    ]);
    // Till one hears of it: the winning contact and the conflict, in its own words.
    const seen = await one.pullAll();
    expect(seen.find((c) => c.table === 'customers' && c.id === customer)!.row).toMatchObject({ phone: '(201) 555-2000' });
    const conflict = seen.find((c) => c.table === 'sync_conflicts')!;
    expect(JSON.parse(String(conflict.row!.local_data))).toMatchObject({ phone: '(201) 555-1000' });
    // A till that had pulled the other's edit first is no conflict.
    await two.pullAll();
    await two.push([two.op('customer', 'update', { id: customer, phone: '(201) 555-3000', email: null })]);
    expect(await hub.queryAs(A, `SELECT count(*)::int AS n FROM hub.sync_conflicts WHERE entity_id = $1`, [customer])).toEqual([{ n: 1 }]);
  });
});
