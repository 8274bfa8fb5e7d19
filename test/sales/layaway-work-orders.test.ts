import { beforeAll, describe, expect, it } from 'vitest';
import { checkout, quote, takeDeposit } from '../../electron/sales/checkout';
import { payLayaway, voidSale } from '../../electron/sales/layaway';
import { returnItems } from '../../electron/sales/returns';
import { openShift } from '../../electron/sales/shift';
import {
  addLabourToWorkOrder,
  addPartToWorkOrder,
  openWorkOrder,
  removeWorkOrderLine,
  searchWorkOrders,
  setWorkOrderStatus,
} from '../../electron/sales/work-orders';
import { tempDir } from '../helpers';
import { CAPS, NORTHSIDE, openCopy, twoTenantDatabase } from '../tenancy/fixtures';
import { all, one, queuedSellingKinds, stockedProducts, till, userWithRole } from './helpers';

const dir = tempDir('pos-sales-wo-');
let fixture: string;
beforeAll(async () => {
  fixture = await twoTenantDatabase(dir);
});

const customerWithVehicle = (db: Parameters<typeof one>[0], tenant: string) =>
  one<{ id: string; vehicle_id: string; plate: string; last_name: string; tax_exempt: number }>(
    db,
    `SELECT c.id, v.id AS vehicle_id, v.license_plate AS plate, c.last_name, c.tax_exempt FROM customers c JOIN customer_vehicles v ON v.customer_id = c.id
      WHERE c.tenant_id = ? AND v.license_plate IS NOT NULL AND c.tax_exempt = 0 AND c.price_level_id IS NULL ORDER BY c.id LIMIT 1`,
    tenant,
  );

describe('work orders from open to paid', () => {
  it('open for a customer and vehicle, add a part and labour by rate, lines 1..n, a deposit, check out into a sale that applies it', () => {
    const db = openCopy(fixture, dir);
    const t = till(db, NORTHSIDE);
    t.run((r) => openShift(r, 10_000));
    const c = customerWithVehicle(db, NORTHSIDE);
    const tech = one<{ id: string }>(db, `SELECT id FROM users WHERE tenant_id = ? AND username = ?`, NORTHSIDE, userWithRole(db, NORTHSIDE, 'technician')).id;
    const [part] = stockedProducts(db, NORTHSIDE, 1);
    let wo = t.run((r) => openWorkOrder(r, { customerId: c.id, vehicleId: c.vehicle_id, technicianId: tech, description: 'Brakes squeal', odometer: 81_000 }));
    expect(wo.detail.order.total_cents).toBe(0);
    wo = t.run((r) => addPartToWorkOrder(r, { workOrderId: wo.detail.order.id, productId: part!.id, quantity: 2 }));
    wo = t.run((r) =>
      addLabourToWorkOrder(r, { workOrderId: wo.detail.order.id, rateId: 'alignment', tenths: 15, description: 'Brake job', technicianId: null }),
    );
    wo = t.run((r) =>
      addLabourToWorkOrder(r, { workOrderId: wo.detail.order.id, rateId: 'tire-service', tenths: 5, description: 'Rotate', technicianId: null }),
    );
    expect(wo.detail.lines.map((l) => l.line_no)).toEqual([1, 2, 3]);
    expect(wo.detail.lines[1]!.description).toBe('Brake job, 1.5 h @ $110.00/h');
    expect(wo.detail.lines[1]!.unit_price_cents).toBe(16_500);
    wo = t.run((r) => removeWorkOrderLine(r, { workOrderId: wo.detail.order.id, lineId: wo.detail.lines[1]!.id }));
    expect(wo.detail.lines.map((l) => [l.line_no, l.description])).toEqual([
      [1, part!.name],
      [2, 'Rotate, 0.5 h @ $95.00/h'],
    ]);
    // The stored total is the lines plus tax (Northside taxes parts and labour at 8.875%), and checkout would charge exactly that.
    const lines = wo.detail.lines.map((l) => l.quantity * l.unit_price_cents);
    const tax = wo.detail.lines.map((l, i) => (l.kind === 'part' && part!.taxable === 0 ? 0 : Math.floor((lines[i]! * 88_750 * 2 + 1_000_000) / 2_000_000)));
    expect(wo.detail.order.total_cents).toBe(lines.reduce((a, b) => a + b, 0) + tax.reduce((a, b) => a + b, 0));
    expect(wo.quote.cart.totalCents).toBe(wo.detail.order.total_cents);

    wo = t.run((r) => setWorkOrderStatus(r, { workOrderId: wo.detail.order.id, status: 'in_progress' }));
    expect(wo.detail.order.status).toBe('in_progress');
    // Search by number, plate and customer all find it.
    for (const q of [wo.detail.order.number, c.plate, c.last_name])
      expect(
        t.run((r) => searchWorkOrders(r, q)).orders.map((o) => o.id),
        q,
      ).toContain(wo.detail.order.id);

    const deposit = t.run((r, s) =>
      takeDeposit(r, s, { workOrderId: wo.detail.order.id, amountCents: 5000, tenders: [{ method: 'card', amountCents: 5000 }] }),
    );
    expect(deposit.sale.kind).toBe('deposit');
    expect(deposit.receipt.totalCents).toBe(5000);
    const due = t.run((r) => quote(r, { customerId: null, workOrderId: wo.detail.order.id, lines: [], orderDiscount: null, promotionCode: null }));
    expect(due.depositCents).toBe(5000);
    expect(due.dueCents).toBe(wo.detail.order.total_cents - 5000);
    const paid = t.run((r, s) =>
      checkout(r, s, {
        cart: { customerId: null, workOrderId: wo.detail.order.id, lines: [], orderDiscount: null, promotionCode: null },
        tenders: [{ method: 'cash', tenderedCents: due.dueCents }],
      }),
    );
    expect(paid.payments.map((p) => [p.method, p.amount_cents])).toEqual([
      ['deposit', 5000],
      ['cash', due.dueCents],
    ]);
    expect(paid.sale.total_cents).toBe(wo.detail.order.total_cents);
    expect(one<{ status: string }>(db, `SELECT status FROM work_orders WHERE id = ?`, wo.detail.order.id).status).toBe('invoiced');
    // The technician's commission by the store's rules, pointing at the order and the sale.
    const earned = all<{ user_id: string; work_order_id: string }>(db, `SELECT user_id, work_order_id FROM commissions WHERE sale_id = ?`, paid.sale.id);
    expect(earned.length).toBeGreaterThan(0);
    expect(earned.every((e) => e.user_id === tech && e.work_order_id === wo.detail.order.id)).toBe(true);
    // The deposit was applied: it cannot be refunded on its own any more.
    expect(() =>
      t.run((r, s) => returnItems(r, s, { saleNumber: deposit.sale.number, lines: [{ lineId: deposit.lines[0]!.id, quantity: 1 }], refundTo: 'original' })),
    ).toThrow(/was applied when its work order was paid/);
    expect(queuedSellingKinds(db)).toEqual(expect.arrayContaining(['work_order_line.added', 'sale.recorded', 'commission.earned', 'stock.moved']));
    db.close();
  });
});

describe('layaways and voids', () => {
  it('a layaway takes a deposit (at least the store minimum), holds the stock, completes when paid in full; a void gives every payment back', () => {
    const db = openCopy(fixture, dir);
    const t = till(db, CAPS);
    t.run((r) => openShift(r, 0));
    const c = customerWithVehicle(db, CAPS);
    const [p] = stockedProducts(db, CAPS, 1);
    const cart = { customerId: c.id, lines: [{ kind: 'part' as const, productId: p!.id, quantity: 3 }], orderDiscount: null, promotionCode: null };
    const total = t.run((r) => quote(r, cart)).cart.totalCents;
    const min = Math.round(total * 0.2);
    expect(() => t.run((r, s) => checkout(r, s, { cart, tenders: [{ method: 'cash', tenderedCents: min - 1 }], layaway: { dueDate: null } }))).toThrow(
      /needs a deposit of at least/,
    );
    const lay = t.run((r, s) => checkout(r, s, { cart, tenders: [{ method: 'cash', tenderedCents: min }], layaway: { dueDate: '2027-01-31' } }));
    expect(lay.sale.status).toBe('layaway');
    expect(one<{ q: number }>(db, `SELECT quantity_on_hand AS q FROM inventory WHERE product_id = ?`, p!.id).q).toBe(p!.on_hand);
    const layaway = one<{ status: string; paid_cents: number; total_cents: number }>(db, `SELECT * FROM layaways WHERE id = ?`, lay.sale.layaway_id);
    expect(layaway).toMatchObject({ status: 'open', paid_cents: min, total_cents: total });
    const paid = t.run((r, s) => payLayaway(r, s, { saleNumber: lay.sale.number, tenders: [{ method: 'card', amountCents: total - min }] }));
    expect(paid.sale.status).toBe('completed');
    expect(paid.message).toBe('Layaway paid in full: the goods can go home.');
    expect(one<{ q: number }>(db, `SELECT quantity_on_hand AS q FROM inventory WHERE product_id = ?`, p!.id).q).toBe(p!.on_hand - 3);
    expect(one<{ status: string }>(db, `SELECT status FROM layaways WHERE id = ?`, lay.sale.layaway_id).status).toBe('completed');
    expect(all(db, `SELECT amount_cents FROM layaway_payments WHERE layaway_id = ? ORDER BY paid_at, amount_cents`, lay.sale.layaway_id).length).toBe(2);

    // A second layaway, voided by a cashier with a manager's PIN: its deposit goes back in cash, nothing is deleted.
    const cashier = userWithRole(db, CAPS, 'cashier');
    const t2 = till(db, CAPS, cashier);
    const lay2 = t2.run((r, s) => checkout(r, s, { cart, tenders: [{ method: 'cash', tenderedCents: min }], layaway: { dueDate: null } }));
    expect(() => t2.run((r, s) => voidSale(r, s, { saleNumber: lay2.sale.number }))).toThrow(/needs a manager/);
    const voided = t2.run((r, s) => voidSale(r, s, { saleNumber: lay2.sale.number, approval: { username: userWithRole(db, CAPS, 'manager'), pin: '1234' } }));
    expect(voided.sale.status).toBe('voided');
    expect(voided.payments.map((x) => [x.method, x.direction, x.amount_cents])).toEqual([
      ['cash', 'in', min],
      ['cash', 'out', min],
    ]);
    expect(one<{ status: string }>(db, `SELECT status FROM layaways WHERE id = ?`, lay2.sale.layaway_id).status).toBe('cancelled');
    expect(one<{ n: number }>(db, `SELECT count(*) AS n FROM sales WHERE id = ?`, lay2.sale.id).n).toBe(1);
    expect(queuedSellingKinds(db)).toEqual(expect.arrayContaining(['sale.recorded', 'sale.settled']));
    db.close();
  });

  it('a refund to store credit opens the customer an account and a slip says what is left; the credit then pays', () => {
    const db = openCopy(fixture, dir);
    const t = till(db, CAPS);
    t.run((r) => openShift(r, 0));
    const c = one<{ id: string }>(
      db,
      `SELECT c.id FROM customers c WHERE c.tenant_id = ? AND c.price_level_id IS NULL AND NOT EXISTS (SELECT 1 FROM credit_accounts a WHERE a.customer_id = c.id) LIMIT 1`,
      CAPS,
    );
    const [p] = stockedProducts(db, CAPS, 1);
    const cart = { customerId: c.id, lines: [{ kind: 'part' as const, productId: p!.id, quantity: 1 }], orderDiscount: null, promotionCode: null };
    const total = t.run((r) => quote(r, cart)).cart.totalCents;
    const sale = t.run((r, s) => checkout(r, s, { cart, tenders: [{ method: 'card', amountCents: total }] }));
    const back = t.run((r, s) =>
      returnItems(r, s, { saleNumber: sale.sale.number, lines: [{ lineId: sale.lines[0]!.id, quantity: 1 }], refundTo: 'store_credit' }),
    );
    expect(back.payments.map((x) => [x.method, x.direction, x.amount_cents])).toEqual([['store_credit', 'out', total]]);
    const dollars = `$${(total / 100).toFixed(2)}`;
    expect(back.slips[0]!.message).toBe(`Store credit given: ${dollars}; ${dollars} of store credit left.`);
    const again = t.run((r, s) => checkout(r, s, { cart, tenders: [{ method: 'store_credit', amountCents: total }] }));
    expect(again.sale.status).toBe('completed');
    expect(one<{ balance_cents: number }>(db, `SELECT balance_cents FROM credit_accounts WHERE customer_id = ?`, c.id).balance_cents).toBe(0);
    expect(queuedSellingKinds(db)).toEqual(expect.arrayContaining(['store_credit.account_opened', 'store_credit.moved']));
    db.close();
  });
});
