import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setPrice } from '../../hub/admin';
import { compactChangeLog } from '../../hub/compact';
import { HubAdminError } from '../../hub/errors';
import { startHub, type StartedHub } from './support/start-hub';
import { FakeTill } from './support/fake-till';
import { seedStore, stockMoved, type SeededStore } from './support/store';

/** pos-hub compact: the change log pruned of what is older than N days; a cursor into the pruned part gets a resync. */
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

describe('change-log compaction', () => {
  it('prunes superseded changes older than the window; an expired cursor gets a resync of the latest state, a recent one its delta', async () => {
    const late = await FakeTill.enroll(hub.url, await hub.enrollCode(A, 'offline-for-weeks'));
    const recent = await FakeTill.enroll(hub.url, await hub.enrollCode(A, 'pulls-daily'));
    const pusher = await FakeTill.enroll(hub.url, await hub.enrollCode(A, 'pusher'));
    await late.pullAll();
    const p = store.products[0]!;
    await setPrice(hub.ownerPool, A, p.sku, 1111);
    await setPrice(hub.ownerPool, A, p.sku, 2222);
    // Everything so far was logged 40 days ago (the test moves the clock of the log, not the hub's code).
    await hub.querySuper(`UPDATE hub.change_log SET logged_at = now() - interval '40 days' WHERE tenant_id = $1`, [A]);
    await recent.pullAll();
    expect((await pusher.push([pusher.op('inventory_transaction', 'insert', stockMoved(p.id, -1))])).status).toBe(200);
    const before = await hub.queryAs<{ n: number }>(A, `SELECT count(*)::int AS n FROM hub.change_log`);
    const othersBefore = await hub.queryAs<{ n: number }>(B, `SELECT count(*)::int AS n FROM hub.change_log`);

    const c = await compactChangeLog(hub.ownerPool, A, 30);
    expect(c.removed).toBeGreaterThan(0);
    const after = await hub.queryAs<{ n: number }>(A, `SELECT count(*)::int AS n FROM hub.change_log`);
    expect(after[0]!.n).toBe(before[0]!.n - c.removed);
    // The product's two older versions went, its latest stayed; the other tenant's log is untouched.
    expect(
      await hub.queryAs(A, `SELECT (row->>'price_cents')::int AS price FROM hub.change_log WHERE table_name = 'products' AND row_id = $1`, [p.id]),
    ).toEqual([{ price: 2222 }]);
    expect(await hub.queryAs(B, `SELECT count(*)::int AS n FROM hub.change_log`)).toEqual(othersBefore);
    expect(await hub.queryAs(A, `SELECT min_version::int AS v FROM hub.tenant_versions`)).toEqual([{ v: c.minVersion }]);

    // The till that pulled before the window: its cursor is older than the log keeps, so it starts over.
    const first = await late.pull();
    expect(first.body.resync).toBe(true);
    const all = [...first.body.changes, ...(first.body.more ? await late.pullAll() : [])];
    expect(all.find((x) => x.table === 'products' && x.id === p.id)!.row).toMatchObject({ price_cents: 2222 });
    expect(all.filter((x) => x.table === 'products')).toHaveLength(store.products.length);
    expect(all.find((x) => x.table === 'inventory' && x.row!.product_id === p.id)!.row).toMatchObject({ quantity_on_hand: 9 });
    // The till that pulled inside the window: a delta, the stock movement since.
    const delta = await recent.pull();
    expect(delta.body.resync).toBe(false);
    expect(delta.body.changes.map((x) => x.table).sort()).toEqual(['inventory', 'inventory_transactions']);
  });

  it('nothing older than the window: nothing pruned, no resync; bad input is refused', async () => {
    const till = await FakeTill.enroll(hub.url, await hub.enrollCode(B, 'b'));
    await till.pullAll();
    expect(await compactChangeLog(hub.ownerPool, B, 30)).toEqual({ tenant: B, removed: 0, minVersion: 0 });
    expect((await till.pull()).body.resync).toBe(false);
    await expect(compactChangeLog(hub.ownerPool, B, 0)).rejects.toBeInstanceOf(HubAdminError);
    await expect(compactChangeLog(hub.ownerPool, 'no-such-tenant', 30)).rejects.toBeInstanceOf(HubAdminError);
  });
});
