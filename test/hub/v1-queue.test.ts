import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { operationKind } from '../../contracts/sync/operations';
import { importCatalogue } from '../../hub/catalogue';
import { readStoreFile } from '../../hub/store-file';
import { makeDemoDatabase, tempDir } from '../helpers';
import { startHub, type StartedHub } from './support/start-hub';
import { FakeTill } from './support/fake-till';

/**
 * The v1 demo queue is what a real v1 till wrote: every queued operation
 * matches its kind's schema, and replayed onto a hub seeded from the same
 * store file it applies, every operation of it, landing the hub on the file's
 * stock, balances and work order statuses.
 */
const dir = tempDir('pos-hub-v1-');
let file: string;
let hub: StartedHub;
beforeAll(async () => {
  file = await makeDemoDatabase(dir, 'small', 3);
  hub = await startHub();
}, 180_000);
afterAll(async () => hub?.stop());

type Row = {
  id: string;
  entity_type: string;
  entity_id: string;
  operation: 'insert' | 'update' | 'delete';
  payload: string;
  created_at: string;
  status: string;
};

it('every v1 queued operation matches its kind, and the queue replays onto a hub seeded from the file', async () => {
  const db = new Database(file, { readonly: true });
  const queue = db.prepare(`SELECT * FROM pending_operations ORDER BY created_at, id`).all() as Row[];
  const stock = db.prepare(`SELECT product_id, quantity_on_hand FROM inventory`).all() as { product_id: string; quantity_on_hand: number }[];
  const cards = db.prepare(`SELECT id, balance_cents FROM gift_cards`).all() as { id: string; balance_cents: number }[];
  const orders = db.prepare(`SELECT id, status FROM work_orders`).all() as { id: string; status: string }[];
  db.close();
  expect(queue.length).toBeGreaterThan(0);
  const kinds = new Set<string>();
  for (const op of queue) {
    const kind = operationKind(op.entity_type, op.operation);
    expect(kind, `${op.entity_type}/${op.operation}`).toBeDefined();
    const parsed = kind!.payload.safeParse(JSON.parse(op.payload));
    expect(parsed.success, `${kind!.kind}: ${parsed.success ? '' : JSON.stringify(parsed.error.issues)}`).toBe(true);
    kinds.add(kind!.kind);
  }
  expect([...kinds].sort()).toEqual(['contact.changed', 'gift_card.redeemed', 'stock.moved', 'work_order.status_changed']);

  const tenant = 'caps-automotive';
  await hub.createTenant(tenant, 'CAPS Automotive');
  await importCatalogue(hub.ownerPool, tenant, readStoreFile(file, tenant));
  const till = await FakeTill.enroll(hub.url, await hub.enrollCode(tenant, 'v1'));
  const pending = queue.filter((q) => q.status !== 'done');
  const ops = pending.map((q, i) => ({
    seq: i + 1,
    id: q.id,
    entityType: q.entity_type,
    entityId: q.entity_id,
    operation: q.operation,
    payload: JSON.parse(q.payload),
    createdAt: q.created_at,
  }));
  const r = await till.push(ops);
  // The import seeded the orders v1 opened before the store had a hub, so their queued status changes apply too.
  expect(r.body.results.filter((x) => x.outcome !== 'applied')).toEqual([]);
  expect(r.body.results.length).toBe(pending.length);
  expect(pending.some((q) => q.entity_type === 'work_order')).toBe(true);
  const hubOrders = await hub.queryAs<{ id: string; status: string }>(tenant, `SELECT id, row->>'status' AS status FROM hub.work_orders`);
  expect(new Map(hubOrders.map((o) => [o.id, o.status]))).toEqual(new Map(orders.map((o) => [o.id, o.status])));
  const hubStock = await hub.queryAs<{ product_id: string; q: number }>(tenant, `SELECT product_id, quantity_on_hand AS q FROM hub.inventory`);
  expect(new Map(hubStock.map((s) => [s.product_id, s.q]))).toEqual(new Map(stock.map((s) => [s.product_id, s.quantity_on_hand])));
  const hubCards = await hub.queryAs<{ id: string; b: number }>(tenant, `SELECT id, balance_cents AS b FROM hub.gift_cards`);
  expect(new Map(hubCards.map((c) => [c.id, c.b]))).toEqual(new Map(cards.map((c) => [c.id, c.balance_cents])));
}, 120_000);
