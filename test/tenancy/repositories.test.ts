import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../electron/db/open';
import { runAsTenant } from '../../electron/tenancy/context';
import { CrossTenantReferenceError, NoTenantError, PosRuleError, RecordNotFoundError, TenantIdImmutableError } from '../../electron/tenancy/errors';
import { createRepositories, type Repositories } from '../../electron/tenancy/repositories';
import { scoped } from '../../electron/tenancy/repositories/scoped';
import { SQL as WORK_ORDER_SQL } from '../../electron/tenancy/repositories/work-orders';
import { tempDir } from '../helpers';
import { CAPS, NORTHSIDE, openCopy, twoTenantDatabase } from './fixtures';

const dir = tempDir();
let fixture: string;
beforeAll(async () => {
  fixture = await twoTenantDatabase(dir);
});

const count = (db: Db, table: string, tenant: string) => (db.prepare(`SELECT count(*) AS n FROM ${table} WHERE tenant_id = ?`).get(tenant) as { n: number }).n;
const pick = <T>(db: Db, sql: string, ...params: unknown[]) => db.prepare(sql).get(...params) as T;

/** Calls every repository method with throwaway arguments. */
function everyMethod(repos: Repositories): [string, () => unknown][] {
  return Object.entries(repos).flatMap(([repo, methods]) =>
    Object.entries(methods as Record<string, (...a: unknown[]) => unknown>).map(
      ([name, fn]) =>
        [
          `${repo}.${name}`,
          () => fn('x', { productId: 'x', quantity: 1, code: 'x', amountCents: 1, lines: [{}], customerId: 'x', make: 'x', model: 'x', year: 2000 }),
        ] as [string, () => unknown],
    ),
  );
}

describe('fail closed', () => {
  it('every repository method throws NoTenantError outside a signed-in request, before touching the database', () => {
    const db = openCopy(fixture, dir);
    const repos = createRepositories(db);
    const methods = everyMethod(repos);
    expect(methods.length).toBeGreaterThan(30);
    for (const [name, call] of methods) expect(call, name).toThrow(NoTenantError);
    db.close();
  });
});

describe('writes: one transaction with an audit_log row and a pending_operations row, both of the signed-in tenant', () => {
  const as = <T>(tenantId: string, userId: string | null, fn: () => T) => runAsTenant({ tenantId, userId }, fn);

  it('creating a work order with lines', () => {
    const db = openCopy(fixture, dir);
    const repos = createRepositories(db);
    const user = pick<{ id: string }>(db, `SELECT id FROM users WHERE tenant_id = ? AND username = 'admin'`, NORTHSIDE).id;
    const customer = pick<{ id: string }>(db, `SELECT id FROM customers WHERE tenant_id = ? AND tax_exempt = 0 LIMIT 1`, NORTHSIDE).id;
    const product = pick<{ id: string }>(db, `SELECT id FROM products WHERE tenant_id = ? AND taxable = 1 LIMIT 1`, NORTHSIDE).id;
    const before = { audit: count(db, 'audit_log', NORTHSIDE), pending: count(db, 'pending_operations', NORTHSIDE), capsAudit: count(db, 'audit_log', CAPS) };
    const wo = as(NORTHSIDE, user, () =>
      repos.workOrders.create({
        customerId: customer,
        description: 'Rotate and balance',
        lines: [
          { kind: 'part', productId: product, description: 'Valve stem', quantity: 4, unitPriceCents: 350 },
          { kind: 'labor', description: 'Rotate and balance', quantity: 1, unitPriceCents: 4500 },
        ],
      }),
    )!;
    expect(pick<{ tenant_id: string }>(db, `SELECT tenant_id FROM work_orders WHERE id = ?`, wo.order.id).tenant_id).toBe(NORTHSIDE);
    // The lines plus Northside's 8.875% on each (parts and labour), rounded half up: 1400 + 124.25 -> 124, 4500 + 399.375 -> 399.
    expect(wo.order.total_cents).toBe(4 * 350 + 4500 + 124 + 399);
    const lineTenant = (id: string) => pick<{ tenant_id: string }>(db, `SELECT tenant_id FROM work_order_lines WHERE id = ?`, id).tenant_id;
    expect(wo.lines.map((l) => [l.line_no, lineTenant(l.id)])).toEqual([
      [1, NORTHSIDE],
      [2, NORTHSIDE],
    ]);
    // Numbers run per store; CAPS has the same numbers, Northside continues its own.
    const last = pick<{ number: string }>(db, `SELECT max(number) AS number FROM work_orders WHERE tenant_id = ? AND id <> ?`, NORTHSIDE, wo.order.id).number;
    expect(Number(wo.order.number.slice(3))).toBe(Number(last.slice(3)) + 1);
    expect(count(db, 'audit_log', NORTHSIDE)).toBe(before.audit + 1);
    expect(count(db, 'pending_operations', NORTHSIDE)).toBe(before.pending + 1);
    expect(count(db, 'audit_log', CAPS)).toBe(before.capsAudit);
    const audit = pick<{ user_id: string; action: string; entity_id: string }>(
      db,
      `SELECT user_id, action, entity_id FROM audit_log WHERE tenant_id = ? ORDER BY created_at DESC LIMIT 1`,
      NORTHSIDE,
    );
    expect(audit).toEqual({ user_id: user, action: 'work_order.create', entity_id: wo.order.id });
    const queued = pick<{ status: string; payload: string }>(
      db,
      `SELECT status, payload FROM pending_operations WHERE tenant_id = ? AND entity_id = ?`,
      NORTHSIDE,
      wo.order.id,
    );
    expect(queued.status).toBe('pending');
    expect(JSON.parse(queued.payload).lines).toHaveLength(2);
    db.close();
  });

  it('receiving inventory moves on-hand stock', () => {
    const db = openCopy(fixture, dir);
    const repos = createRepositories(db);
    const item = pick<{ product_id: string; quantity_on_hand: number }>(
      db,
      `SELECT product_id, quantity_on_hand FROM inventory WHERE tenant_id = ? LIMIT 1`,
      CAPS,
    );
    const pending = count(db, 'pending_operations', CAPS);
    const after = as(CAPS, null, () => repos.inventory.receive({ productId: item.product_id, quantity: 12, unitCostCents: 899 }));
    expect(after.quantity_on_hand).toBe(item.quantity_on_hand + 12);
    expect(count(db, 'pending_operations', CAPS)).toBe(pending + 1);
    expect(() => as(CAPS, null, () => repos.inventory.receive({ productId: item.product_id, quantity: 0, unitCostCents: null }))).toThrow(PosRuleError);
    db.close();
  });

  it('redeeming a gift card lowers its balance, never below zero', () => {
    const db = openCopy(fixture, dir);
    const repos = createRepositories(db);
    const card = pick<{ code: string; balance_cents: number }>(
      db,
      `SELECT code, balance_cents FROM gift_cards WHERE tenant_id = ? AND status = 'active' AND expires_at IS NULL AND balance_cents > 1000 LIMIT 1`,
      NORTHSIDE,
    );
    const capsBalance = pick<{ balance_cents: number }>(db, `SELECT balance_cents FROM gift_cards WHERE tenant_id = ? AND code = ?`, CAPS, card.code);
    const after = as(NORTHSIDE, null, () => repos.giftCards.redeem({ code: card.code, amountCents: 1000 }));
    expect(after.balance_cents).toBe(card.balance_cents - 1000);
    // The CAPS card with the same code is untouched.
    expect(pick(db, `SELECT balance_cents FROM gift_cards WHERE tenant_id = ? AND code = ?`, CAPS, card.code)).toEqual(capsBalance);
    expect(() => as(NORTHSIDE, null, () => repos.giftCards.redeem({ code: card.code, amountCents: after.balance_cents + 1 }))).toThrow(/has only/);
    expect(() => as(NORTHSIDE, null, () => repos.giftCards.redeem({ code: 'GC-NOPE', amountCents: 1 }))).toThrow(RecordNotFoundError);
    db.close();
  });

  it('a failed write leaves nothing behind: no order, no lines, no audit, no queue entry', () => {
    const db = openCopy(fixture, dir);
    const repos = createRepositories(db);
    const customer = pick<{ id: string }>(db, `SELECT id FROM customers WHERE tenant_id = ? LIMIT 1`, NORTHSIDE).id;
    const capsProduct = pick<{ id: string }>(db, `SELECT id FROM products WHERE tenant_id = ? LIMIT 1`, CAPS).id;
    const tables = ['work_orders', 'work_order_lines', 'audit_log', 'pending_operations'];
    const before = tables.map((t) => count(db, t, NORTHSIDE));
    expect(() =>
      as(NORTHSIDE, null, () =>
        repos.workOrders.create({
          customerId: customer,
          description: 'x',
          lines: [
            { kind: 'labor', description: 'ok', quantity: 1, unitPriceCents: 1 },
            { kind: 'part', productId: capsProduct, description: 'not ours', quantity: 1, unitPriceCents: 1 },
          ],
        }),
      ),
    ).toThrow(CrossTenantReferenceError);
    expect(tables.map((t) => count(db, t, NORTHSIDE))).toEqual(before);
    db.close();
  });
});

describe('cross-tenant references are rejected', () => {
  it.each([
    ["a work order for another store's customer", 'customer_id'],
    ["a work order line with another store's product", 'product_id'],
    ["a work order for another store's vehicle", 'vehicle_id'],
    ["a work order assigned to another store's technician", 'technician_id'],
  ])('%s', (_what, column) => {
    const db = openCopy(fixture, dir);
    const repos = createRepositories(db);
    const ours = (t: string) => pick<{ id: string }>(db, `SELECT id FROM ${t} WHERE tenant_id = ? LIMIT 1`, CAPS).id;
    const theirs = (t: string) => pick<{ id: string }>(db, `SELECT id FROM ${t} WHERE tenant_id = ? LIMIT 1`, NORTHSIDE).id;
    const input = {
      customerId: column === 'customer_id' ? theirs('customers') : ours('customers'),
      vehicleId: column === 'vehicle_id' ? theirs('customer_vehicles') : null,
      technicianId: column === 'technician_id' ? theirs('users') : null,
      description: 'x',
      lines: [
        { kind: 'part' as const, productId: column === 'product_id' ? theirs('products') : ours('products'), description: 'x', quantity: 1, unitPriceCents: 1 },
      ],
    };
    const err = (() => {
      try {
        runAsTenant({ tenantId: CAPS, userId: null }, () => repos.workOrders.create(input));
      } catch (e) {
        return e as CrossTenantReferenceError;
      }
      throw new Error('expected a refusal');
    })();
    expect(err).toBeInstanceOf(CrossTenantReferenceError);
    expect(err.column).toBe(column);
    db.close();
  });

  it("redeeming against another store's work order, adding a vehicle to another store's customer", () => {
    const db = openCopy(fixture, dir);
    const repos = createRepositories(db);
    const code = pick<{ code: string }>(
      db,
      `SELECT code FROM gift_cards WHERE tenant_id = ? AND status = 'active' AND expires_at IS NULL AND balance_cents > 100 LIMIT 1`,
      CAPS,
    ).code;
    const theirOrder = pick<{ id: string }>(db, `SELECT id FROM work_orders WHERE tenant_id = ? LIMIT 1`, NORTHSIDE).id;
    const theirCustomer = pick<{ id: string }>(db, `SELECT id FROM customers WHERE tenant_id = ? LIMIT 1`, NORTHSIDE).id;
    runAsTenant({ tenantId: CAPS, userId: null }, () => {
      expect(() => repos.giftCards.redeem({ code, amountCents: 1, workOrderId: theirOrder })).toThrow(CrossTenantReferenceError);
      expect(() => repos.customers.addVehicle(theirCustomer, { make: 'Ford', model: 'F-150', year: 2020 })).toThrow(CrossTenantReferenceError);
    });
    db.close();
  });

  it('the database refuses it too, when a statement skips the repository check', () => {
    const db = openCopy(fixture, dir);
    const order = pick<{ id: string }>(db, `SELECT id FROM work_orders WHERE tenant_id = ? LIMIT 1`, CAPS).id;
    const theirProduct = pick<{ id: string }>(db, `SELECT id FROM products WHERE tenant_id = ? LIMIT 1`, NORTHSIDE).id;
    runAsTenant({ tenantId: CAPS, userId: null }, () => {
      const s = scoped(db);
      const line = {
        id: 'l-1',
        workOrderId: order,
        lineNo: 999,
        kind: 'part',
        productId: theirProduct,
        description: 'x',
        quantity: 1,
        unitPriceCents: 1,
        technicianId: null,
      };
      expect(() => s.run(WORK_ORDER_SQL.insertLine, line)).toThrow(CrossTenantReferenceError);
      expect(() => s.run(`UPDATE products SET tenant_id = 'northside-tires' WHERE tenant_id = @tenantId AND id = @id`, { id: 'x' })).not.toThrow();
      const ours = pick<{ id: string }>(db, `SELECT id FROM products WHERE tenant_id = ? LIMIT 1`, CAPS).id;
      expect(() => s.run(`UPDATE products SET tenant_id = 'northside-tires' WHERE tenant_id = @tenantId AND id = @id`, { id: ours })).toThrow(
        TenantIdImmutableError,
      );
    });
    db.close();
  });
});
