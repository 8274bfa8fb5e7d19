import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../electron/db/open';
import { signIn } from '../../electron/tenancy/auth';
import { InvalidSignInError } from '../../electron/tenancy/errors';
import { runAsTenant } from '../../electron/tenancy/context';
import { WORK_ORDER_STATUSES } from '../../electron/tenancy/models';
import { DEMO_PIN } from '../../electron/tenancy/pin';
import { createRepositories, type Repositories } from '../../electron/tenancy/repositories';
import { NO_EFFECTS } from '../../electron/tenancy/repositories/sales';
import { tempDir } from '../helpers';
import { CAPS, NORTHSIDE, openCopy, twoTenantDatabase } from './fixtures';
import { attempt, footprint, traces, type TenantFootprint } from './leak-probe';

/**
 * The leak suite. Signed in as tenant A, call every repository method with
 * tenant B's ids and with business keys both tenants share (same SKU, same
 * gift card code, same work order number, same username): nothing of B may be
 * returned, counted, changed, deleted or referenced. Runs both ways round.
 */

const dir = tempDir();
let fixture: string;
beforeAll(async () => {
  fixture = await twoTenantDatabase(dir);
});

/** Keys of one tenant's rows, read with plain SQL (the test's own eyes, not the data layer). */
function keysOf(db: Db, tenant: string) {
  const one = <T>(sql: string) => db.prepare(sql).get(tenant) as T;
  const fit = one<{ product_id: string; make: string; model: string; year_from: number }>(
    `SELECT product_id, make, model, year_from FROM fitment_data WHERE tenant_id = ? LIMIT 1`,
  );
  const customer = one<{ id: string; last_name: string; phone: string }>(
    `SELECT c.id, c.last_name, c.phone FROM customers c WHERE c.tenant_id = ? AND c.phone IS NOT NULL
       AND EXISTS (SELECT 1 FROM customer_vehicles v WHERE v.customer_id = c.id) AND EXISTS (SELECT 1 FROM work_orders w WHERE w.customer_id = c.id)
       AND EXISTS (SELECT 1 FROM loyalty_accounts l WHERE l.customer_id = c.id) LIMIT 1`,
  );
  const product = one<{ id: string; sku: string; barcode: string; category_id: string }>(
    `SELECT p.id, p.sku, p.barcode, p.category_id FROM products p WHERE p.tenant_id = ? AND p.barcode IS NOT NULL AND p.category_id IS NOT NULL AND p.active = 1
       AND EXISTS (SELECT 1 FROM inventory_transactions t WHERE t.product_id = p.id) LIMIT 1`,
  );
  const order = one<{ id: string; number: string }>(
    `SELECT w.id, w.number FROM work_orders w WHERE w.tenant_id = ? AND EXISTS (SELECT 1 FROM work_order_lines l WHERE l.work_order_id = w.id) LIMIT 1`,
  );
  const card = one<{ id: string; code: string }>(
    `SELECT g.id, g.code FROM gift_cards g WHERE g.tenant_id = ? AND g.status = 'active' AND g.expires_at IS NULL AND g.balance_cents > 500 AND EXISTS (SELECT 1 FROM gift_card_transactions t WHERE t.gift_card_id = g.id) LIMIT 1`,
  );
  const layaway = one<{ id: string; number: string }>(
    `SELECT y.id, y.number FROM layaways y WHERE y.tenant_id = ? AND EXISTS (SELECT 1 FROM layaway_payments p WHERE p.layaway_id = y.id) LIMIT 1`,
  );
  const sale = one<{ id: string; number: string; customer_id: string | null }>(
    `SELECT s.id, s.number, s.customer_id FROM sales s WHERE s.tenant_id = ? AND s.kind = 'sale' AND EXISTS (SELECT 1 FROM sales r WHERE r.original_sale_id = s.id) ORDER BY s.created_at LIMIT 1`,
  );
  return {
    sale,
    saleLine: db.prepare(`SELECT id FROM sale_lines WHERE sale_id = ? ORDER BY line_no LIMIT 1`).get(sale.id) as { id: string },
    salePayment: db.prepare(`SELECT id FROM sale_payments WHERE sale_id = ? LIMIT 1`).get(sale.id) as { id: string },
    saleCustomer: one<{ customer_id: string }>(`SELECT customer_id FROM sales WHERE tenant_id = ? AND customer_id IS NOT NULL LIMIT 1`),
    shift: one<{ id: string }>(`SELECT id FROM shifts WHERE tenant_id = ? ORDER BY opened_at LIMIT 1`),
    promotion: one<{ id: string; code: string }>(`SELECT id, code FROM promotions WHERE tenant_id = ? LIMIT 1`),
    priceLevel: one<{ id: string }>(`SELECT id FROM price_levels WHERE tenant_id = ? LIMIT 1`),
    credit: one<{ id: string; customer_id: string }>(`SELECT id, customer_id FROM credit_accounts WHERE tenant_id = ? LIMIT 1`),
    plate: one<{ license_plate: string }>(`SELECT license_plate FROM customer_vehicles WHERE tenant_id = ? AND license_plate IS NOT NULL LIMIT 1`)
      .license_plate,
    orderVehicle: one<{ vehicle_id: string }>(`SELECT vehicle_id FROM work_orders WHERE tenant_id = ? AND vehicle_id IS NOT NULL LIMIT 1`).vehicle_id,
    customer,
    vehicle: db.prepare(`SELECT id FROM customer_vehicles WHERE customer_id = ?`).get(customer.id) as { id: string },
    product,
    fitment: { make: fit.make, model: fit.model, year: fit.year_from },
    order,
    line: db.prepare(`SELECT id FROM work_order_lines WHERE work_order_id = ?`).get(order.id) as { id: string },
    card,
    loyalty: db.prepare(`SELECT id FROM loyalty_accounts WHERE customer_id = ?`).get(customer.id) as { id: string },
    layaway,
    admin: one<{ id: string }>(`SELECT id FROM users WHERE tenant_id = ? AND username = 'admin'`),
    openOrder: one<{ id: string }>(`SELECT id FROM work_orders WHERE tenant_id = ? AND status = 'open' LIMIT 1`),
  };
}

type Keys = ReturnType<typeof keysOf>;
interface Ctx {
  repos: Repositories;
  db: Db;
  us: string;
  ours: Keys;
  theirs: Keys;
  /** A live session token of the other tenant. */
  theirToken: string;
}

/** Each case returns what the method gave back (checked for traces of B) and may assert more. */
type Case = (c: Ctx) => unknown[];

const theirsOnly = (c: Ctx, result: unknown) =>
  expect(
    result === undefined ||
      (Array.isArray(result) && result.length === 0) ||
      (typeof result === 'object' && result !== null && 'refused' in result) ||
      result === false,
    JSON.stringify(result)?.slice(0, 200),
  ).toBe(true);
/** The store a row belongs to, read with plain SQL by its id (the rows the data layer returns carry no tenant_id). */
const ownerOf = (c: Ctx, table: string, id: string | undefined) =>
  (c.db.prepare(`SELECT tenant_id FROM ${table} WHERE id = ?`).get(id ?? null) as { tenant_id: string } | undefined)?.tenant_id;
const countOf = (c: Ctx, sql: string) => (c.db.prepare(sql).get(c.us) as { n: number }).n;

const CASES: Record<string, Case> = {
  'users.credentials': (c) => {
    const admin = c.repos.users.credentials('admin');
    expect(admin?.id).toBe(c.ours.admin.id);
    return [admin];
  },
  'users.byId': (c) => [c.repos.users.byId(c.theirs.admin.id)].map((r) => (theirsOnly(c, r), r)),
  'sessions.create': (c) => {
    const r = attempt(() =>
      c.repos.sessions.create({ userId: c.theirs.admin.id, token: `${c.us}.probe`, terminalId: null, expiresAt: new Date(Date.now() + 60_000) }),
    );
    expect(r).toEqual({ refused: 'CROSS_TENANT_REFERENCE' });
    return [r];
  },
  'sessions.byToken': (c) => [c.repos.sessions.byToken(c.theirToken)].map((r) => (theirsOnly(c, r), r)),
  'sessions.revoke': (c) => {
    expect(c.repos.sessions.revoke(c.theirToken)).toBe(false);
    return [];
  },
  'customers.search': (c) => {
    const byName = c.repos.customers.search(c.theirs.customer.last_name);
    const byPhone = c.repos.customers.search(c.theirs.customer.phone.slice(0, 6));
    expect(byName.length + byPhone.length).toBeGreaterThan(0); // the shared names and area codes find our own customers
    return [byName, byPhone];
  },
  'customers.byId': (c) => [c.repos.customers.byId(c.theirs.customer.id)].map((r) => (theirsOnly(c, r), r)),
  'customers.vehicles': (c) => [c.repos.customers.vehicles(c.theirs.customer.id)].map((r) => (theirsOnly(c, r), r)),
  'customers.vehicle': (c) => [c.repos.customers.vehicle(c.theirs.vehicle.id)].map((r) => (theirsOnly(c, r), r)),
  'customers.addVehicle': (c) => {
    const r = attempt(() => c.repos.customers.addVehicle(c.theirs.customer.id, { make: 'Ford', model: 'F-150', year: 2020 }));
    expect(r).toEqual({ refused: 'CROSS_TENANT_REFERENCE' });
    return [r];
  },
  'customers.updateContact': (c) => {
    expect(c.repos.customers.updateContact(c.theirs.customer.id, { phone: '(000) 000-0000', email: null })).toBe(false);
    return [];
  },
  'products.bySku': (c) => {
    const p = c.repos.products.bySku(c.theirs.product.sku);
    // The shared SKU finds OUR product with that SKU.
    const ours = c.db.prepare(`SELECT id FROM products WHERE tenant_id = ? AND sku = ?`).get(c.us, c.theirs.product.sku) as { id: string };
    expect(p?.id).toBe(ours.id);
    return [p];
  },
  'products.byBarcode': (c) => {
    const p = c.repos.products.byBarcode(c.theirs.product.barcode);
    expect(ownerOf(c, 'products', p?.id)).toBe(c.us);
    return [p];
  },
  'products.byId': (c) => [c.repos.products.byId(c.theirs.product.id)].map((r) => (theirsOnly(c, r), r)),
  'products.byCategory': (c) => {
    expect(c.repos.products.byCategory(c.ours.product.category_id).length).toBeGreaterThan(0);
    return [c.repos.products.byCategory(c.theirs.product.category_id)].map((r) => (theirsOnly(c, r), r));
  },
  'products.forVehicle': (c) => [c.repos.products.forVehicle(c.theirs.fitment), c.repos.products.forVehicle(c.ours.fitment)],
  'products.categories': (c) => {
    const cats = c.repos.products.categories();
    expect(cats.length).toBe(countOf(c, `SELECT count(*) AS n FROM product_categories WHERE tenant_id = ?`));
    return [cats];
  },
  'products.fitment': (c) => [c.repos.products.fitment(c.theirs.product.id)].map((r) => (theirsOnly(c, r), r)),
  'products.vehicleOptions': (c) => {
    const options = c.repos.products.vehicleOptions();
    expect(options.length).toBe(countOf(c, `SELECT count(*) AS n FROM (SELECT DISTINCT make, model FROM fitment_data WHERE tenant_id = ?)`));
    return [options];
  },
  'inventory.onHand': (c) => [c.repos.inventory.onHand(c.theirs.product.id)].map((r) => (theirsOnly(c, r), r)),
  'inventory.transactions': (c) => [c.repos.inventory.transactions(c.theirs.product.id)].map((r) => (theirsOnly(c, r), r)),
  'inventory.receive': (c) => {
    const r = attempt(() => c.repos.inventory.receive({ productId: c.theirs.product.id, quantity: 5, unitCostCents: 100 }));
    expect(r).toEqual({ refused: 'CROSS_TENANT_REFERENCE' });
    return [r];
  },
  'workOrders.list': (c) => {
    const lists = (['active', ...WORK_ORDER_STATUSES] as const).map((s) => c.repos.workOrders.list(s, 10_000));
    expect(lists.slice(1).reduce((n, l) => n + l.length, 0)).toBe(countOf(c, `SELECT count(*) AS n FROM work_orders WHERE tenant_id = ?`));
    return lists;
  },
  'workOrders.forCustomer': (c) => [c.repos.workOrders.forCustomer(c.theirs.customer.id)].map((r) => (theirsOnly(c, r), r)),
  'workOrders.byNumber': (c) => {
    const wo = c.repos.workOrders.byNumber(c.theirs.order.number);
    expect(ownerOf(c, 'work_orders', wo?.order.id)).toBe(c.us);
    return [wo];
  },
  'workOrders.byId': (c) => [c.repos.workOrders.byId(c.theirs.order.id)].map((r) => (theirsOnly(c, r), r)),
  'workOrders.lines': (c) => [c.repos.workOrders.lines(c.theirs.order.id)].map((r) => (theirsOnly(c, r), r)),
  'workOrders.countByStatus': (c) => {
    const counts = c.repos.workOrders.countByStatus();
    for (const s of WORK_ORDER_STATUSES)
      expect(counts[s], s).toBe((c.db.prepare(`SELECT count(*) AS n FROM work_orders WHERE tenant_id = ? AND status = ?`).get(c.us, s) as { n: number }).n);
    return [counts];
  },
  'workOrders.create': (c) => {
    const line = { kind: 'part' as const, description: 'x', quantity: 1, unitPriceCents: 1 };
    const r1 = attempt(() => c.repos.workOrders.create({ customerId: c.theirs.customer.id, description: 'x', lines: [line] }));
    const r2 = attempt(() =>
      c.repos.workOrders.create({ customerId: c.ours.customer.id, description: 'x', lines: [{ ...line, productId: c.theirs.product.id }] }),
    );
    const r3 = attempt(() => c.repos.workOrders.create({ customerId: c.ours.customer.id, vehicleId: c.theirs.vehicle.id, description: 'x', lines: [line] }));
    for (const r of [r1, r2, r3]) expect(r).toEqual({ refused: 'CROSS_TENANT_REFERENCE' });
    return [r1, r2, r3];
  },
  'workOrders.setStatus': (c) => {
    const r = attempt(() => c.repos.workOrders.setStatus(c.theirs.order.id, 'cancelled'));
    expect(r).toEqual({ refused: 'NOT_FOUND' });
    return [r];
  },
  'workOrders.removeLine': (c) => {
    expect(c.repos.workOrders.removeLine(c.theirs.line.id)).toBe(false);
    return [];
  },
  'giftCards.byCode': (c) => {
    const card = c.repos.giftCards.byCode(c.theirs.card.code);
    expect(ownerOf(c, 'gift_cards', card?.id)).toBe(c.us);
    return [card];
  },
  'giftCards.transactions': (c) => [c.repos.giftCards.transactions(c.theirs.card.id)].map((r) => (theirsOnly(c, r), r)),
  'giftCards.redeem': (c) => {
    // Their card's code is also ours: redeeming it takes money off OUR card, theirs keeps its balance (checked by the hash).
    const r = attempt(() => c.repos.giftCards.redeem({ code: c.theirs.card.code, amountCents: 1 }));
    const r2 = attempt(() => c.repos.giftCards.redeem({ code: c.ours.card.code, amountCents: 1, workOrderId: c.theirs.order.id }));
    expect(r2).toEqual({ refused: 'CROSS_TENANT_REFERENCE' });
    return [r, r2];
  },
  'loyalty.forCustomer': (c) => [c.repos.loyalty.forCustomer(c.theirs.customer.id)].map((r) => (theirsOnly(c, r), r)),
  'loyalty.transactions': (c) => [c.repos.loyalty.transactions(c.theirs.loyalty.id)].map((r) => (theirsOnly(c, r), r)),
  'layaways.forCustomer': (c) => [c.repos.layaways.forCustomer(c.theirs.customer.id)].map((r) => (theirsOnly(c, r), r)),
  'layaways.byNumber': (c) => {
    const l = c.repos.layaways.byNumber(c.theirs.layaway.number);
    expect(ownerOf(c, 'layaways', l?.id)).toBe(c.us);
    return [l];
  },
  'layaways.payments': (c) => [c.repos.layaways.payments(c.theirs.layaway.id)].map((r) => (theirsOnly(c, r), r)),
  'pins.check': (c) => {
    // 'admin' exists in both stores with the same PIN: the user checked is ours, never theirs.
    let seen: string | null = null;
    const r = attempt(() =>
      c.repos.pins.check({
        username: 'admin',
        pin: DEMO_PIN,
        purpose: 'pin_check',
        accept: (u) => ((seen = u.id), u.id === c.theirs.admin.id),
        refusal: () => new InvalidSignInError(),
      }),
    );
    expect([r, seen]).toEqual([{ refused: 'INVALID_SIGN_IN' }, c.ours.admin.id]);
    c.db.prepare(`DELETE FROM sign_in_failures`).run();
    return [r];
  },
  'lockout.view': (c) => {
    // The other store's locked username is not listed; ours is.
    const them = c.us === 'caps-automotive' ? 'northside-tires' : 'caps-automotive';
    const put = c.db.prepare(
      `INSERT INTO sign_in_failures (scope, tenant_id, subject, failures, last_failure_at, locked_at) VALUES ('user', ?, ?, 5, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`,
    );
    put.run(them, 'theirs-only');
    put.run(c.us, 'ours-only');
    const v = c.repos.lockout.view();
    expect(v.users.map((u) => u.username)).toEqual(['ours-only']);
    c.db.prepare(`DELETE FROM sign_in_failures`).run();
    return [v];
  },
  'lockout.unlockUsername': (c) => {
    const them = c.us === 'caps-automotive' ? 'northside-tires' : 'caps-automotive';
    c.db
      .prepare(
        `INSERT INTO sign_in_failures (scope, tenant_id, subject, failures, last_failure_at, locked_at) VALUES ('user', ?, 'admin', 5, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`,
      )
      .run(them);
    const r = c.repos.lockout.unlockUsername('admin');
    expect(r).toBe(false);
    expect(c.db.prepare(`SELECT count(*) FROM sign_in_failures WHERE tenant_id = ?`).pluck().get(them)).toBe(1);
    c.db.prepare(`DELETE FROM sign_in_failures`).run();
    return [r];
  },
  'lockout.clearTill': (c) => {
    const r = c.repos.lockout.clearTill();
    expect(r).toBe(false);
    return [r];
  },
  'users.pinHashSample': (c) => {
    const sample = c.repos.users.pinHashSample();
    const ours = c.db.prepare(`SELECT pin_hash FROM users WHERE tenant_id = ? ORDER BY username LIMIT 1`).pluck().get(c.us);
    expect(sample).toBe(ours);
    return [];
  },
  'users.active': (c) => {
    const users = c.repos.users.active();
    expect(users.length).toBe(countOf(c, `SELECT count(*) AS n FROM users WHERE tenant_id = ? AND active = 1`));
    return [users];
  },
  'customers.vehiclesByPlate': (c) => [c.repos.customers.vehiclesByPlate(c.theirs.plate), c.repos.customers.vehiclesByPlate(c.theirs.plate.slice(0, 1))],
  'products.byNameWords': (c) => {
    const words = c.repos.products.byNameWords(c.theirs.product.sku.slice(0, 3), 1000);
    expect(c.repos.products.byNameWords('a', 5).length, 'finds our own products by a common letter').toBeGreaterThan(0);
    return [words];
  },
  'workOrders.forVehicle': (c) => [c.repos.workOrders.forVehicle(c.theirs.orderVehicle)].map((r) => (theirsOnly(c, r), r)),
  'workOrders.addLine': (c) => {
    const line = { kind: 'part' as const, description: 'x', quantity: 1, unitPriceCents: 1 };
    const r1 = attempt(() => c.repos.workOrders.addLine(c.theirs.order.id, line));
    const r2 = attempt(() => c.repos.workOrders.addLine(c.ours.openOrder.id, { ...line, productId: c.theirs.product.id }));
    expect(r1).toEqual({ refused: 'NOT_FOUND' });
    expect(r2).toEqual({ refused: 'CROSS_TENANT_REFERENCE' });
    return [r1, r2];
  },
  'layaways.byId': (c) => [c.repos.layaways.byId(c.theirs.layaway.id)].map((r) => (theirsOnly(c, r), r)),
  'selling.priceLevel': (c) => [c.repos.selling.priceLevel(c.theirs.priceLevel.id)].map((r) => (theirsOnly(c, r), r)),
  'selling.promotionByCode': (c) => {
    // Promotion codes come from the row number, so their code is also ours: it finds OUR promotion.
    const p = c.repos.selling.promotionByCode(c.theirs.promotion.code);
    expect(ownerOf(c, 'promotions', p?.id)).toBe(c.us);
    return [p];
  },
  'selling.promotionById': (c) => [c.repos.selling.promotionById(c.theirs.promotion.id)].map((r) => (theirsOnly(c, r), r)),
  'selling.activePromotions': (c) => [c.repos.selling.activePromotions(1000)],
  'selling.promotionUses': (c) => {
    expect(c.repos.selling.promotionUses(c.theirs.promotion.id)).toBe(0);
    return [];
  },
  'selling.commissionRules': (c) => {
    const rules = c.repos.selling.commissionRules();
    expect(rules.length).toBe(countOf(c, `SELECT count(*) AS n FROM commission_rules WHERE tenant_id = ? AND active = 1`));
    return [rules];
  },
  'selling.creditAccountOf': (c) => [c.repos.selling.creditAccountOf(c.theirs.credit.customer_id)].map((r) => (theirsOnly(c, r), r)),
  'selling.creditAccount': (c) => [c.repos.selling.creditAccount(c.theirs.credit.id)].map((r) => (theirsOnly(c, r), r)),
  'sales.byNumber': (c) => [c.repos.sales.byNumber(c.theirs.sale.number)].map((r) => (theirsOnly(c, r), r)),
  'sales.byId': (c) => [c.repos.sales.byId(c.theirs.sale.id)].map((r) => (theirsOnly(c, r), r)),
  'sales.recent': (c) => {
    const recent = c.repos.sales.recent(100_000);
    expect(recent.length).toBe(countOf(c, `SELECT count(*) AS n FROM sales WHERE tenant_id = ?`));
    return [recent];
  },
  'sales.forCustomer': (c) => [c.repos.sales.forCustomer(c.theirs.saleCustomer.customer_id)].map((r) => (theirsOnly(c, r), r)),
  'sales.byStatus': (c) => [c.repos.sales.byStatus('completed', 100_000), c.repos.sales.byStatus('layaway'), c.repos.sales.byStatus('voided')],
  'sales.forWorkOrder': (c) => [c.repos.sales.forWorkOrder(c.theirs.order.id)].map((r) => (theirsOnly(c, r), r)),
  'sales.returnsOf': (c) => [c.repos.sales.returnsOf(c.theirs.sale.id)].map((r) => (theirsOnly(c, r), r)),
  'sales.returnedQuantities': (c) => {
    expect(c.repos.sales.returnedQuantities(c.theirs.sale.id).size).toBe(0);
    return [];
  },
  'sales.refundedPayments': (c) => {
    expect(c.repos.sales.refundedPayments(c.theirs.sale.id).size).toBe(0);
    return [];
  },
  'sales.numberTaken': (c) => {
    expect(c.repos.sales.numberTaken(c.theirs.sale.number)).toBe(false);
    return [];
  },
  'sales.record': (c) => {
    const base = {
      id: 'probe-sale',
      number: 'R000000-PROBE0',
      kind: 'sale' as const,
      status: 'completed' as const,
      originalSaleId: null,
      customerId: null,
      workOrderId: null,
      shiftId: null,
      approvedBy: null,
      priceLevelId: null,
      promotionId: null,
      subtotalCents: 100,
      lineDiscountCents: 0,
      promotionDiscountCents: 0,
      orderDiscountCents: 0,
      taxCents: 0,
      totalCents: 100,
      paidCents: 100,
      changeCents: 0,
      note: null,
      createdAt: new Date().toISOString(),
      completedAt: new Date().toISOString(),
    };
    const line = {
      id: 'probe-line',
      lineNo: 1,
      kind: 'part' as const,
      productId: null,
      originalLineId: null,
      sku: null,
      description: 'x',
      quantity: 1,
      listUnitCents: 100,
      unitPriceCents: 100,
      grossCents: 100,
      lineDiscountCents: 0,
      promotionDiscountCents: 0,
      orderDiscountCents: 0,
      netCents: 100,
      taxRatePpm: 0,
      taxCents: 0,
      totalCents: 100,
      technicianId: null,
    };
    const pay = {
      id: 'probe-pay',
      method: 'cash' as const,
      direction: 'in' as const,
      amountCents: 100,
      tenderedCents: 100,
      changeCents: 0,
      giftCardId: null,
      creditAccountId: null,
      originalPaymentId: null,
      reference: null,
    };
    const rec = (over: Partial<Parameters<typeof c.repos.sales.record>[0]>) =>
      attempt(() => c.repos.sales.record({ sale: base, lines: [line], payments: [pay], effects: NO_EFFECTS, layaway: null, ...over }));
    const results = [
      rec({ sale: { ...base, customerId: c.theirs.customer.id } }),
      rec({ sale: { ...base, originalSaleId: c.theirs.sale.id, kind: 'return' } }),
      rec({ sale: { ...base, shiftId: c.theirs.shift.id } }),
      rec({ lines: [{ ...line, productId: c.theirs.product.id }] }),
      rec({ lines: [{ ...line, originalLineId: c.theirs.saleLine.id }] }),
      rec({ payments: [{ ...pay, method: 'gift_card', giftCardId: c.theirs.card.id }] }),
      rec({ payments: [{ ...pay, originalPaymentId: c.theirs.salePayment.id }] }),
      rec({ effects: { ...NO_EFFECTS, stock: [{ productId: c.theirs.product.id, quantity: -1, kind: 'sale', unitCostCents: null }] } }),
      rec({ effects: { ...NO_EFFECTS, loyalty: [{ accountId: c.theirs.loyalty.id, points: 5 }] } }),
      rec({ effects: { ...NO_EFFECTS, credit: [{ accountId: null, customerId: c.theirs.customer.id, amountCents: -100 }] } }),
    ];
    for (const r of results) expect(r).toEqual({ refused: 'CROSS_TENANT_REFERENCE' });
    // A gift card or credit account of theirs by id is as absent as no card at all.
    const gc = rec({ effects: { ...NO_EFFECTS, giftCards: [{ giftCardId: c.theirs.card.id, code: c.theirs.card.code, amountCents: -1 }] } });
    const ca = rec({ effects: { ...NO_EFFECTS, credit: [{ accountId: c.theirs.credit.id, customerId: c.ours.customer.id, amountCents: 1 }] } });
    expect(gc).toEqual({ refused: 'NOT_FOUND' });
    expect(ca).toEqual({ refused: 'NOT_FOUND' });
    return [...results, gc, ca];
  },
  'sales.settle': (c) => {
    const r = attempt(() =>
      c.repos.sales.settle({
        saleId: c.theirs.sale.id,
        action: 'sale.void',
        approvedBy: null,
        status: 'voided',
        paidCents: 0,
        completedAt: null,
        voidedAt: new Date().toISOString(),
        shiftId: null,
        payments: [],
        effects: NO_EFFECTS,
      }),
    );
    expect(r).toEqual({ refused: 'NOT_FOUND' });
    return [r];
  },
  'sales.noteReceipt': (c) => {
    const r = attempt(() => c.repos.sales.noteReceipt(c.theirs.sale.id, 'receipt.reprint'));
    expect(r).toEqual({ refused: 'NOT_FOUND' });
    return [r];
  },
  'shifts.current': (c) => [c.repos.shifts.current()],
  'shifts.byId': (c) => [c.repos.shifts.byId(c.theirs.shift.id)].map((r) => (theirsOnly(c, r), r)),
  'shifts.recent': (c) => {
    const recent = c.repos.shifts.recent(100_000);
    expect(recent.length).toBe(countOf(c, `SELECT count(*) AS n FROM shifts WHERE tenant_id = ? AND status = 'closed'`));
    return [recent];
  },
  'shifts.takings': (c) => [c.repos.shifts.takings(c.theirs.shift.id)].map((r) => (theirsOnly(c, r), r)),
  'shifts.open': (c) => {
    // Opens OUR drawer (their shifts are untouched: the hash check), and a second open is refused.
    const opened = c.repos.shifts.open(5000);
    expect(ownerOf(c, 'shifts', opened.id)).toBe(c.us);
    expect(attempt(() => c.repos.shifts.open(5000))).toEqual({ refused: 'POS_RULE' });
    return [opened];
  },
  'shifts.close': (c) => {
    const r = attempt(() => c.repos.shifts.close({ shiftId: c.theirs.shift.id, expectedCents: 0, countedCents: 0, overShortCents: 0 }));
    expect(r).toEqual({ refused: 'POS_RULE' });
    return [r];
  },
  'activity.recentAudit': (c) => [c.repos.activity.recentAudit(10_000)],
  'activity.pendingBatch': (c) => {
    const batch = c.repos.activity.pendingBatch(10_000);
    expect(batch.length).toBe(countOf(c, `SELECT count(*) AS n FROM pending_operations WHERE tenant_id = ? AND status = 'pending'`));
    return [batch];
  },
};

describe('the leak suite covers every repository method', () => {
  it('has a case for each method, and no case for a method that does not exist', () => {
    const db = openDatabase(fixture, { readonly: true });
    const methods = Object.entries(createRepositories(db)).flatMap(([repo, m]) => Object.keys(m).map((name) => `${repo}.${name}`));
    db.close();
    expect(Object.keys(CASES).sort()).toEqual(methods.sort());
  });
});

describe.each([
  [CAPS, NORTHSIDE],
  [NORTHSIDE, CAPS],
])('signed in to %s, nothing of %s', (us, them) => {
  let theirs: TenantFootprint;
  let keys: { ours: Keys; theirs: Keys };
  beforeAll(() => {
    const db = openDatabase(fixture, { readonly: true });
    theirs = footprint(db, them);
    keys = { ours: keysOf(db, us), theirs: keysOf(db, them) };
    db.close();
  });

  it.each(Object.keys(CASES))('%s: returns, counts, changes, deletes and references nothing of theirs', (name) => {
    const db = openCopy(fixture, dir);
    try {
      const { token: theirToken } = signIn(db, { tenantId: them, username: 'admin', pin: DEMO_PIN });
      const before = footprint(db, them).hashes;
      const repos = createRepositories(db);
      const results = runAsTenant({ tenantId: us, userId: keys.ours.admin.id }, () =>
        CASES[name]!({ repos, db, us, ours: keys.ours, theirs: keys.theirs, theirToken }),
      );
      expect(traces(results, us, theirs)).toEqual([]);
      expect(footprint(db, them).hashes).toEqual(before);
    } finally {
      db.close();
    }
  });

  it('the shared business keys really are shared: same SKU, code, number and username in both stores, different rows', () => {
    const db = openDatabase(fixture, { readonly: true });
    const both = (sql: string, key: string) => (db.prepare(sql).all(key) as { tenant_id: string }[]).map((r) => r.tenant_id).sort();
    expect(both(`SELECT tenant_id FROM products WHERE sku = ?`, keys.theirs.product.sku)).toEqual([CAPS, NORTHSIDE]);
    expect(both(`SELECT tenant_id FROM gift_cards WHERE code = ?`, keys.theirs.card.code)).toEqual([CAPS, NORTHSIDE]);
    expect(both(`SELECT tenant_id FROM work_orders WHERE number = ?`, keys.theirs.order.number)).toEqual([CAPS, NORTHSIDE]);
    expect(both(`SELECT tenant_id FROM layaways WHERE number = ?`, keys.theirs.layaway.number)).toEqual([CAPS, NORTHSIDE]);
    expect(both(`SELECT tenant_id FROM users WHERE username = ?`, 'admin')).toEqual([CAPS, NORTHSIDE]);
    db.close();
  });

  it('the trace detector finds a planted leak (it can fail)', () => {
    const someId = [...theirs.ids][0]!;
    expect(traces([{ tenant_id: us, ref: someId }], us, theirs)).toHaveLength(1);
    expect(traces({ a: [{ tenant_id: them }] }, us, theirs)).toEqual([`$.a[0].tenant_id = ${them}`]);
    // A row as the data layer returns it (no tenant_id): their row id alone gives it away.
    expect(traces([{ id: someId, name: 'x' }], us, theirs)).toEqual([`$[0].id = ${someId} (their row id)`]);
  });
});
