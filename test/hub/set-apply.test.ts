import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type StartedHub } from './support/start-hub';
import { FakeTill } from './support/fake-till';
import { giftCardRedeemed, saleRecorded, seedStore, stockMoved, type SeededStore } from './support/store';

/**
 * A batch's runs of one family apply set-based (hub/push/set-apply.ts): these pin down that the
 * outcomes and the hub's numbers are those of the one-by-one rules, in sequence order, and that a
 * run the database refuses is redone one by one so the bad operation alone is rejected.
 */
const A = 'caps-automotive';
const B = 'northside-tires';
let hub: StartedHub;
let storeA: SeededStore;
let storeB: SeededStore;

beforeAll(async () => {
  hub = await startHub();
  await hub.createTenant(A, 'CAPS Automotive');
  await hub.createTenant(B, 'Northside Tires');
  storeA = await seedStore(hub.ownerPool, A);
  storeB = await seedStore(hub.ownerPool, B);
}, 120_000);
afterAll(async () => hub?.stop());

const level = async (productId: string) =>
  (await hub.queryAs<{ q: number }>(A, `SELECT quantity_on_hand AS q FROM hub.inventory WHERE product_id = $1`, [productId]))[0]?.q;
const codes = (r: { outcome: string; code?: string }[]) => r.map((x) => (x.outcome === 'rejected' ? x.code : x.outcome));

const refund = (card: { id: string; code: string }, cents: number) => ({
  id: crypto.randomUUID(),
  giftCardId: card.id,
  kind: 'reload',
  amountCents: cents,
  workOrderId: null,
  createdAt: new Date().toISOString(),
  saleId: crypto.randomUUID(),
  code: card.code,
});
const loyalty = (accountId: string, points: number) => ({
  id: crypto.randomUUID(),
  accountId,
  points,
  reason: points > 0 ? 'earn' : 'adjust',
  workOrderId: null,
  createdAt: new Date().toISOString(),
  saleId: crypto.randomUUID(),
});

describe('set-based push', () => {
  it('a run of stock moves: deltas summed per product, a foreign product and a repeated movement id change nothing', async () => {
    const till = await FakeTill.enroll(hub.url, await hub.enrollCode(A, 'stock-run'));
    const [p0, p1] = [storeA.products[2]!.id, storeA.products[3]!.id];
    const before = [await level(p0), await level(p1)];
    const twice = stockMoved(p0, 7);
    const ops = [
      till.op('inventory_transaction', 'insert', stockMoved(p0, -1)),
      till.op('inventory_transaction', 'insert', stockMoved(p1, 4)),
      till.op('inventory_transaction', 'insert', stockMoved(storeB.products[0]!.id, 50)),
      till.op('inventory_transaction', 'insert', twice),
      till.op('inventory_transaction', 'insert', { ...twice }),
      till.op('inventory_transaction', 'insert', stockMoved(p0, -2)),
    ];
    const r = await till.push(ops);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(codes(r.body.results)).toEqual(['applied', 'applied', 'unknown_reference', 'applied', 'applied', 'applied']);
    expect([await level(p0), await level(p1)]).toEqual([before[0]! - 1 + 7 - 2, before[1]! + 4]);
    const ledger = await hub.queryAs(A, `SELECT count(*)::int AS n FROM hub.inventory_transactions WHERE origin_till_id = $1`, [till.tillId]);
    expect(ledger).toEqual([{ n: 4 }]);
    expect(await hub.querySuper(`SELECT count(*)::int AS n FROM hub.inventory_transactions WHERE tenant_id = $1`, [B])).toEqual([{ n: 0 }]);
  });

  it('gift card redemptions and refunds in one batch move the balance in sequence order and never overdraw', async () => {
    const till = await FakeTill.enroll(hub.url, await hub.enrollCode(A, 'gift-run'));
    const card = storeA.giftCards[0]!; // 5000 cents
    const ops = [
      till.op('gift_card_transaction', 'insert', giftCardRedeemed(card, 3000)),
      till.op('gift_card_transaction', 'insert', giftCardRedeemed(card, 2500)), // 2000 left: refused
      till.op('gift_card_transaction', 'insert', giftCardRedeemed(card, 2000)), // to zero: the card is used up
      till.op('gift_card_transaction', 'insert', giftCardRedeemed(card, 1)), // redeemed, not active: refused
      till.op('gift_card_refund', 'insert', refund(card, 700)), // active again
      till.op('gift_card_transaction', 'insert', giftCardRedeemed(card, 200)),
      till.op('gift_card_transaction', 'insert', giftCardRedeemed({ id: card.id, code: 'GC-OTHER' }, 1)),
    ];
    const r = await till.push(ops);
    expect(codes(r.body.results)).toEqual(['applied', 'insufficient_balance', 'applied', 'card_not_active', 'applied', 'applied', 'unknown_reference']);
    expect(r.body.results[1]).toMatchObject({ remote: { balance_cents: 2000, status: 'active' } });
    expect(r.body.results[3]).toMatchObject({ remote: { balance_cents: 0, status: 'redeemed' } });
    const [held] = await hub.queryAs<{ balance_cents: number; status: string; row: { balance_cents: number; status: string } }>(
      A,
      `SELECT balance_cents, status, row FROM hub.gift_cards WHERE id = $1`,
      [card.id],
    );
    expect(held).toMatchObject({ balance_cents: 500, status: 'active', row: { balance_cents: 500, status: 'active' } });
    // Every till gets the card's balance back as its last state in the batch.
    const other = await FakeTill.enroll(hub.url, await hub.enrollCode(A, 'gift-reader'));
    const pulled = (await other.pullAll()).filter((c) => c.table === 'gift_cards' && c.id === card.id);
    expect(pulled.map((c) => c.row)).toEqual([expect.objectContaining({ balance_cents: 500, status: 'active' })]);
  });

  it('loyalty points clamp at zero one movement after the other, as the one-by-one rule does', async () => {
    const till = await FakeTill.enroll(hub.url, await hub.enrollCode(A, 'loyalty-run'));
    const account = storeA.loyaltyAccounts[0]!.id; // 100 points
    const r = await till.push([
      till.op('loyalty_transaction', 'insert', loyalty(account, -150)), // 0, not -50
      till.op('loyalty_transaction', 'insert', loyalty(account, 30)),
      till.op('loyalty_transaction', 'insert', loyalty(storeB.loyaltyAccounts[0]!.id, 30)),
    ]);
    expect(codes(r.body.results)).toEqual(['applied', 'applied', 'unknown_reference']);
    expect(
      await hub.queryAs(A, `SELECT points_balance, (row->>'points_balance')::int AS row_points FROM hub.loyalty_accounts WHERE id = $1`, [account]),
    ).toEqual([{ points_balance: 30, row_points: 30 }]);
  });

  it('a run the database refuses is redone one by one: only the bad operation is rejected', async () => {
    const till = await FakeTill.enroll(hub.url, await hub.enrollCode(A, 'fallback'));
    const p = storeA.products[4]!.id;
    const before = (await level(p))!;
    // A rule of the schema the set statement cannot know about, added from the test side: no single movement of 999.
    await hub.querySuper(`ALTER TABLE hub.inventory_transactions ADD CONSTRAINT test_no_999 CHECK ((row->>'quantity')::int <> 999)`);
    try {
      const r = await till.push([
        till.op('inventory_transaction', 'insert', stockMoved(p, 1)),
        till.op('inventory_transaction', 'insert', stockMoved(p, 999)),
        till.op('inventory_transaction', 'insert', stockMoved(p, 2)),
      ]);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(codes(r.body.results)).toEqual(['applied', 'constraint', 'applied']);
      expect(await level(p)).toBe(before + 3);
      expect(r.body.lastSeq).toBe(3);
    } finally {
      await hub.querySuper(`ALTER TABLE hub.inventory_transactions DROP CONSTRAINT test_no_999`);
    }
  });

  it('a batch mixing families applies in sequence order: a vehicle for a customer created earlier in the batch', async () => {
    const till = await FakeTill.enroll(hub.url, await hub.enrollCode(A, 'mixed'));
    const now = new Date().toISOString();
    const customerId = crypto.randomUUID();
    const customer = {
      id: customerId,
      firstName: 'Sam',
      lastName: 'Ortiz',
      company: null,
      phone: null,
      email: null,
      address: null,
      notes: null,
      taxExempt: 0,
      priceLevelId: null,
      createdAt: now,
      updatedAt: now,
    };
    const vehicle = {
      id: crypto.randomUUID(),
      customerId,
      vin: null,
      make: 'Ford',
      model: 'F-150',
      year: 2016,
      engine: null,
      licensePlate: null,
      mileage: null,
      createdAt: now,
    };
    const r = await till.push([
      till.op('customer_vehicle', 'insert', { ...vehicle, id: crypto.randomUUID() }), // before its customer: unknown
      till.op('customer', 'insert', customer),
      till.op('customer_vehicle', 'insert', vehicle),
      till.op('inventory_transaction', 'insert', stockMoved(storeA.products[0]!.id, 1)),
    ]);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const result = codes(r.body.results);
    // The customer and vehicle payload shapes are the contract's: if they do not match, the test says which.
    expect(result, JSON.stringify(r.body.results)).toEqual(['unknown_reference', 'applied', 'applied', 'applied']);
    expect(await hub.queryAs(A, `SELECT count(*)::int AS n FROM hub.customer_vehicles WHERE row->>'customer_id' = $1`, [customerId])).toEqual([{ n: 1 }]);
  });
});

describe('set-based sales', () => {
  it('a run of recorded sales: each with its lines and payments, a repeated sale changes nothing, a foreign product is refused', async () => {
    const till = await FakeTill.enroll(hub.url, await hub.enrollCode(A, 'sales-run'));
    const user = crypto.randomUUID();
    const one = saleRecorded(storeA, user);
    const two = saleRecorded(storeA, user, { layaway: true });
    const foreign = saleRecorded(storeA, user);
    foreign.lines[0]!.productId = storeB.products[0]!.id;
    const r = await till.push([
      till.op('sale', 'insert', one),
      till.op('sale', 'insert', two),
      till.op('sale', 'insert', { ...one, lines: one.lines.map((l) => ({ ...l, id: crypto.randomUUID() })) }),
      till.op('sale', 'insert', foreign),
    ]);
    expect(codes(r.body.results), JSON.stringify(r.body.results)).toEqual(['applied', 'applied', 'applied', 'unknown_reference']);
    const ids = [one.sale.id, two.sale.id, foreign.sale.id];
    expect(await hub.queryAs(A, `SELECT count(*)::int AS n FROM hub.sales WHERE id = ANY($1)`, [ids])).toEqual([{ n: 2 }]);
    // One line each: the repeated sale's other line ids were not written.
    expect(await hub.queryAs(A, `SELECT count(*)::int AS n FROM hub.sale_lines WHERE row->>'sale_id' = ANY($1)`, [ids])).toEqual([{ n: 2 }]);
    expect(await hub.queryAs(A, `SELECT count(*)::int AS n FROM hub.sale_payments WHERE row->>'sale_id' = ANY($1)`, [ids])).toEqual([{ n: 2 }]);
    expect(await hub.queryAs(A, `SELECT row->>'status' AS status FROM hub.layaways WHERE id = $1`, [two.layaway!.id])).toEqual([{ status: 'open' }]);
    expect(await hub.queryAs(A, `SELECT count(*)::int AS n FROM hub.layaway_payments WHERE row->>'layaway_id' = $1`, [two.layaway!.id])).toEqual([{ n: 1 }]);
  });
});
