import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../electron/db/open';
import { ApprovalRefusedError, ApprovalRequiredError, SaleRuleError } from '../../electron/sales/errors';
import { checkout, quote } from '../../electron/sales/checkout';
import { returnItems } from '../../electron/sales/returns';
import { closeShift, openShift } from '../../electron/sales/shift';
import { lookUp } from '../../electron/sales/lookup';
import { tempDir } from '../helpers';
import { CAPS, NORTHSIDE, openCopy, twoTenantDatabase } from '../tenancy/fixtures';
import { activeGiftCard, all, one, stockedProducts, till, userWithRole } from './helpers';

const dir = tempDir('pos-sales-');
let fixture: string;
beforeAll(async () => {
  fixture = await twoTenantDatabase(dir);
});

const count = (db: Db, table: string, tenant: string) => one<{ n: number }>(db, `SELECT count(*) AS n FROM ${table} WHERE tenant_id = ?`, tenant).n;

describe('a sale, end to end in the service: scan, price, pay part cash part gift card, return one, close the shift', () => {
  it('writes the sale and every ledger in one transaction, each row with the tenant, and the totals are the sums of the lines', () => {
    const db = openCopy(fixture, dir);
    const t = till(db, CAPS);
    const [a, b, c] = stockedProducts(db, CAPS, 3);
    const card = activeGiftCard(db, CAPS, 1000);
    const before = {
      pending: count(db, 'pending_operations', CAPS),
      audit: count(db, 'audit_log', CAPS),
      northside: count(db, 'pending_operations', NORTHSIDE),
      onHand: a!.on_hand,
    };
    t.run((r) => openShift(r, 15_000));

    // Scan-first: a barcode, a SKU in lower case, words of a name.
    const byBarcode = t.run((r) => lookUp(r, a!.barcode));
    const bySku = t.run((r) => lookUp(r, b!.sku.toLowerCase()));
    const byName = t.run((r) => lookUp(r, c!.name.split(' ').slice(0, 2).join(' ').toLowerCase()));
    expect(byBarcode.exact?.id).toBe(a!.id);
    expect(bySku.exact?.id).toBe(b!.id);
    expect(byName.exact).toBeNull();
    expect(byName.matches.map((m) => m.id)).toContain(c!.id);

    const cart = {
      customerId: null,
      lines: [
        { kind: 'part' as const, productId: a!.id, quantity: 2 },
        { kind: 'part' as const, productId: b!.id, quantity: 1 },
        { kind: 'part' as const, productId: c!.id, quantity: 1 },
      ],
      orderDiscount: null,
      promotionCode: null,
    };
    const q = t.run((r) => quote(r, cart));
    expect(q.cart.totalCents).toBe(q.cart.lines.reduce((s, l) => s + l.totalCents, 0));
    const giftPart = Math.min(1000, card.balance_cents);
    const cash = q.cart.totalCents - giftPart + 740; // the customer hands over a little more than is due
    const sale = t.run((r, s) =>
      checkout(r, s, {
        cart,
        tenders: [
          { method: 'gift_card', code: card.code.toLowerCase(), amountCents: giftPart },
          { method: 'cash', tenderedCents: cash },
        ],
      }),
    );
    expect(sale.sale.status).toBe('completed');
    expect(sale.sale.change_cents).toBe(740);
    expect(sale.message).toBe('Paid in full. Change due: $7.40.');
    expect(sale.receipt.totalCents).toBe(sale.sale.total_cents);
    expect(sale.receipt.subtotalCents - sale.receipt.discounts.reduce((s, d) => s + d.cents, 0) + sale.receipt.taxes.reduce((s, x) => s + x.cents, 0)).toBe(
      sale.receipt.totalCents,
    );
    expect(sale.receipt.header).toContain('CAPS Automotive');
    expect(sale.receipt.payments.map((p) => p.label)).toEqual([`Gift card ending ${card.code.slice(-4)}`, 'Cash']);
    expect(sale.slips).toHaveLength(1);
    expect(sale.slips[0]!.message).toMatch(/^Redeemed \$\d+\.\d\d; the card has \$\d+\.\d\d left\.$/);

    // Stored: the sale, its lines and payments, of CAPS, and the sums agree.
    const stored = one<{ total_cents: number; tenant_id: string; paid_cents: number }>(db, `SELECT * FROM sales WHERE id = ?`, sale.sale.id);
    const lineSum = one<{ s: number }>(db, `SELECT sum(total_cents) AS s FROM sale_lines WHERE sale_id = ?`, sale.sale.id).s;
    const paySum = one<{ s: number }>(db, `SELECT sum(tendered_cents) - sum(change_cents) AS s FROM sale_payments WHERE sale_id = ?`, sale.sale.id).s;
    expect(stored.tenant_id).toBe(CAPS);
    expect(lineSum).toBe(stored.total_cents);
    expect(paySum).toBe(stored.total_cents);
    // Stock out with its ledger, the gift card with its ledger, all pointing at the sale.
    expect(one<{ q: number }>(db, `SELECT quantity_on_hand AS q FROM inventory WHERE product_id = ?`, a!.id).q).toBe(before.onHand - 2);
    expect(all(db, `SELECT kind, quantity, tenant_id FROM inventory_transactions WHERE sale_id = ? AND product_id = ?`, sale.sale.id, a!.id)).toEqual([
      { kind: 'sale', quantity: -2, tenant_id: CAPS },
    ]);
    expect(one<{ b: number }>(db, `SELECT balance_cents AS b FROM gift_cards WHERE id = ?`, card.id).b).toBe(card.balance_cents - giftPart);
    expect(all(db, `SELECT kind, amount_cents FROM gift_card_transactions WHERE sale_id = ?`, sale.sale.id)).toEqual([
      { kind: 'redeem', amount_cents: -giftPart },
    ]);
    // The sync operations: one sale, three stock moves, one redemption; each with the tenant; none for Northside.
    const ops = all<{ entity_type: string; operation: string; payload: string }>(
      db,
      `SELECT entity_type, operation, payload FROM pending_operations WHERE tenant_id = ? ORDER BY rowid DESC LIMIT 5`,
      CAPS,
    )
      .map((o) => `${o.entity_type}/${o.operation} v${(JSON.parse(o.payload) as { v: number }).v}`)
      .sort();
    expect(ops).toEqual([
      'gift_card_transaction/insert v1',
      'inventory_transaction/insert v1',
      'inventory_transaction/insert v1',
      'inventory_transaction/insert v1',
      'sale/insert v1',
    ]);
    expect(count(db, 'pending_operations', NORTHSIDE)).toBe(before.northside);
    expect(count(db, 'audit_log', CAPS) - before.audit).toBe(count(db, 'pending_operations', CAPS) - before.pending);

    // Return one unit of the first item, to the original payments: cash first (the last tender).
    const lineA = sale.lines.find((l) => l.product_id === a!.id)!;
    const back = t.run((r, s) => returnItems(r, s, { saleNumber: sale.sale.number, lines: [{ lineId: lineA.id, quantity: 1 }], refundTo: 'original' }));
    expect(back.sale.kind).toBe('return');
    expect(back.sale.total_cents).toBe(Math.round(lineA.total_cents / 2));
    expect(back.payments.map((p) => [p.method, p.direction])).toEqual([['cash', 'out']]);
    expect(one<{ q: number }>(db, `SELECT quantity_on_hand AS q FROM inventory WHERE product_id = ?`, a!.id).q).toBe(before.onHand - 1);
    // Nothing of the original changed; returning more than is left is refused.
    expect(one<{ status: string }>(db, `SELECT status FROM sales WHERE id = ?`, sale.sale.id).status).toBe('completed');
    expect(() =>
      t.run((r, s) => returnItems(r, s, { saleNumber: sale.sale.number, lines: [{ lineId: lineA.id, quantity: 2 }], refundTo: 'original' })),
    ).toThrow(/only 1 of 2 can still come back/);

    // Close the shift: float + cash kept - cash refunded, counted $1.00 short.
    const cashKept = cash - 740;
    const expected = 15_000 + cashKept - back.sale.total_cents;
    const closed = t.run((r) => closeShift(r, expected - 100));
    expect(closed.expectedCents).toBe(expected);
    expect(closed.shift.over_short_cents).toBe(-100);
    expect(closed.message).toMatch(/short by \$1\.00\.$/);
    db.close();
  });

  it('refuses what does not add up: an unpaid balance, a card for more than is due, no open shift, a gift card for more than its balance', () => {
    const db = openCopy(fixture, dir);
    const t = till(db, NORTHSIDE);
    const [a] = stockedProducts(db, NORTHSIDE, 1);
    const cart = { customerId: null, lines: [{ kind: 'part' as const, productId: a!.id, quantity: 1 }], orderDiscount: null, promotionCode: null };
    expect(() => t.run((r, s) => checkout(r, s, { cart, tenders: [{ method: 'cash', tenderedCents: 100_000 }] }))).toThrow(/no shift is open/);
    t.run((r) => openShift(r, 0));
    const total = t.run((r) => quote(r, cart)).cart.totalCents;
    const pendingBefore = count(db, 'pending_operations', NORTHSIDE);
    const salesBefore = count(db, 'sales', NORTHSIDE);
    expect(() => t.run((r, s) => checkout(r, s, { cart, tenders: [{ method: 'cash', tenderedCents: total - 1 }] }))).toThrow(/\$0\.01 is still due/);
    expect(() => t.run((r, s) => checkout(r, s, { cart, tenders: [{ method: 'card', amountCents: total + 1 }] }))).toThrow(SaleRuleError);
    const card = activeGiftCard(db, NORTHSIDE, 1);
    expect(() => t.run((r, s) => checkout(r, s, { cart, tenders: [{ method: 'gift_card', code: card.code, amountCents: card.balance_cents + 1 }] }))).toThrow(
      /has only \$/,
    );
    expect(count(db, 'pending_operations', NORTHSIDE)).toBe(pendingBefore);
    expect(count(db, 'sales', NORTHSIDE)).toBe(salesBefore);
    db.close();
  });

  it('a discount above the store limit needs a manager: a cashier is refused, a wrong PIN too, a manager approves', () => {
    const db = openCopy(fixture, dir);
    const cashier = userWithRole(db, CAPS, 'cashier');
    const manager = userWithRole(db, CAPS, 'manager');
    const t = till(db, CAPS, cashier);
    t.run((r) => openShift(r, 0));
    const [a] = stockedProducts(db, CAPS, 1);
    const cart = {
      customerId: null,
      lines: [{ kind: 'part' as const, productId: a!.id, quantity: 1, discount: { percentBp: 2000 } }],
      orderDiscount: null,
      promotionCode: null,
    };
    const total = t.run((r) => quote(r, cart)).cart.totalCents;
    const pay = (approval?: { username: string; pin: string }) =>
      t.run((r, s) => checkout(r, s, { cart, tenders: [{ method: 'card', amountCents: total }], approval }));
    expect(() => pay()).toThrow(ApprovalRequiredError);
    expect(() => pay({ username: cashier, pin: '1234' })).toThrow(ApprovalRefusedError);
    expect(() => pay({ username: manager, pin: '9999' })).toThrow(ApprovalRefusedError);
    const done = pay({ username: manager, pin: '1234' });
    expect(done.sale.approved_by).toBe(one<{ id: string }>(db, `SELECT id FROM users WHERE tenant_id = ? AND username = ?`, CAPS, manager).id);
    db.close();
  });
});
