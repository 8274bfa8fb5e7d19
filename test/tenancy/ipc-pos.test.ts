import { beforeAll, describe, expect, it } from 'vitest';
import { posContract } from '../../electron/ipc/contracts/pos';
import { DEMO_PIN } from '../../electron/tenancy/pin';
import { copyDatabase, tempDir } from '../helpers';
import { inProcessIpc } from '../support/in-process-ipc';
import { CAPS, NORTHSIDE, twoTenantDatabase } from './fixtures';
import { footprint, traces, type TenantFootprint } from './leak-probe';
import { openDatabase } from '../../electron/db/open';
import path from 'node:path';

/**
 * The POS channels as the page calls them: the real handlers (zod, sender
 * check, the session kept in the main process) over the real worker
 * operations, run in this process on a two-tenant store.
 */

const dir = tempDir();
let fixture: string;
beforeAll(async () => {
  fixture = await twoTenantDatabase(dir);
});

let copies = 0;
function app(file = copyDatabase(fixture, path.join(dir, `ipc-${copies++}.sqlite`))) {
  const { call, fake } = inProcessIpc(file, dir);
  const pos = async <T = unknown>(name: keyof typeof posContract.operations, ...input: unknown[]) => call<T>('pos', name, ...input);
  const ok = async <T = unknown>(name: keyof typeof posContract.operations, ...input: unknown[]) => {
    const o = await pos<T>(name, ...input);
    if (!o.ok) throw new Error(`${name}: ${o.error.code} ${o.error.message}`);
    return o.value;
  };
  return { file, pos, ok, fake };
}

/** The store a row belongs to, read from the file by its id (the rows the POS returns carry no tenant_id). */
function ownerIn(file: string, table: string, id: string): string | undefined {
  const db = openDatabase(file, { readonly: true });
  try {
    return db.prepare(`SELECT tenant_id FROM ${table} WHERE id = ?`).pluck().get(id) as string | undefined;
  } finally {
    db.close();
  }
}

describe('POS channels: sign-in, the session stays in the main process, switching stores', () => {
  it('nothing but the store list answers before sign-in', async () => {
    const { pos, ok } = app();
    expect((await ok<{ id: string }[]>('stores')).map((s) => s.id)).toEqual([CAPS, NORTHSIDE]);
    expect(await ok('me')).toBeNull();
    const o = await pos('findProduct', { by: 'sku', value: 'BOS-010000' });
    expect(o.ok || o.error.code).toBe('PERMISSION_DENIED');
  });

  it("signs in to CAPS, finds a SKU; switches to Northside, the same SKU is Northside's product and branding", async () => {
    const { ok, file } = app();
    const caps = await ok<{ store: { id: string; name: string; branding: { logoText: string } }; user: Record<string, unknown> }>('signIn', {
      storeId: CAPS,
      username: 'admin',
      pin: DEMO_PIN,
    });
    expect(caps.store.name).toBe('CAPS Automotive');
    expect(JSON.stringify(caps)).not.toMatch(/token|pin_hash/);
    const sku = 'BOS-010000';
    const capsProduct = await ok<{ id: string; name: string }>('findProduct', { by: 'sku', value: sku });
    expect(ownerIn(file, 'products', capsProduct.id)).toBe(CAPS);
    await ok('signOut');
    expect(await ok('me')).toBeNull();
    const north = await ok<{ store: { id: string; branding: { logoText: string } } }>('signIn', { storeId: NORTHSIDE, username: 'admin', pin: DEMO_PIN });
    expect(north.store.branding.logoText).toBe('NORTHSIDE');
    const northProduct = await ok<{ id: string; sku: string }>('findProduct', { by: 'sku', value: sku });
    expect(northProduct.sku).toBe(sku);
    expect(ownerIn(file, 'products', northProduct.id)).toBe(NORTHSIDE);
    expect(northProduct.id).not.toBe(capsProduct.id);
    expect((await ok<{ store: { id: string } }>('me')).store.id).toBe(NORTHSIDE);
  });

  it('signing in again replaces (and revokes) the previous session', async () => {
    const { ok, file } = app();
    // Sessions of this run (the demo's own are older); the file holds only sha256s of tokens (migration 0006).
    const since = new Date().toISOString();
    await ok('signIn', { storeId: CAPS, username: 'admin', pin: DEMO_PIN });
    await ok('signIn', { storeId: NORTHSIDE, username: 'admin', pin: DEMO_PIN });
    const db = openDatabase(file, { readonly: true });
    const live = db.prepare(`SELECT tenant_id FROM sessions WHERE created_at >= ? AND revoked_at IS NULL`).all(since);
    db.close();
    expect(live).toEqual([{ tenant_id: NORTHSIDE }]);
  });

  it.each([
    ['a tenant id smuggled into a lookup', 'findProduct', { by: 'sku', value: 'BOS-010000', tenantId: NORTHSIDE }],
    ['a tenant_id field', 'workOrders', { status: 'active', tenant_id: NORTHSIDE }],
    ['a store id that is not a slug', 'signIn', { storeId: '../caps', username: 'admin', pin: DEMO_PIN }],
    ['a PIN that is not digits', 'signIn', { storeId: CAPS, username: 'admin', pin: 'abcd' }],
    ['a second argument', 'me', undefined, NORTHSIDE],
    ['a redeem of zero', 'redeemGiftCard', { code: 'GC-000000-0000', amountCents: 0 }],
  ] as const)('refuses %s before it reaches the database', async (_what, name, ...input) => {
    const { ok, pos } = app();
    await ok('signIn', { storeId: CAPS, username: 'admin', pin: DEMO_PIN });
    const o = await pos(name, ...input);
    expect(o.ok ? 'ok' : o.error.code).toBe('IPC_BAD_INPUT');
  });

  it('the quick switch signs in another employee of the same store, ends the old session, keeps the shift; a wrong PIN changes nothing', async () => {
    const { pos, ok, file } = app();
    const since = new Date().toISOString();
    await ok('signIn', { storeId: NORTHSIDE, username: 'admin', pin: DEMO_PIN });
    await ok('openShift', { floatCents: 5000 });
    const db = openDatabase(file, { readonly: true });
    const other = db
      .prepare(`SELECT username FROM users WHERE tenant_id = ? AND username <> 'admin' AND active = 1 ORDER BY username LIMIT 1`)
      .get(NORTHSIDE) as { username: string };
    const capsOnly = db
      .prepare(
        `SELECT username FROM users c WHERE tenant_id = ? AND active = 1 AND NOT EXISTS (SELECT 1 FROM users n WHERE n.tenant_id = ? AND n.username = c.username) LIMIT 1`,
      )
      .get(CAPS, NORTHSIDE) as { username: string } | undefined;
    db.close();
    const wrong = await pos('switchUser', { username: other.username, pin: '0000' });
    expect(wrong.ok ? 'ok' : wrong.error.code).toBe('INVALID_SIGN_IN');
    expect((await ok<{ user: { username: string } }>('me')).user.username).toBe('admin');
    if (capsOnly) {
      // The store is the session's: a username only CAPS has is unknown at Northside.
      const foreign = await pos('switchUser', { username: capsOnly.username, pin: DEMO_PIN });
      expect(foreign.ok ? 'ok' : foreign.error.code).toBe('INVALID_SIGN_IN');
    }
    const switched = await ok<{ user: { id: string; username: string }; store: { id: string } }>('switchUser', {
      username: other.username,
      pin: DEMO_PIN,
    });
    expect([switched.user.username, ownerIn(file, 'users', switched.user.id), switched.store.id]).toEqual([other.username, NORTHSIDE, NORTHSIDE]);
    expect((await ok<{ shift: { status: string } } | null>('shift'))?.shift.status).toBe('open');
    const after = openDatabase(file, { readonly: true });
    const live = after
      .prepare(`SELECT u.username FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.tenant_id = ? AND s.revoked_at IS NULL AND s.created_at >= ?`)
      .all(NORTHSIDE, since);
    after.close();
    expect(live).toEqual([{ username: other.username }]);
  });

  it('a wrong PIN is one refusal, and nothing is signed in', async () => {
    const { pos, ok } = app();
    const o = await pos('signIn', { storeId: NORTHSIDE, username: 'admin', pin: '0000' });
    expect(o.ok ? 'ok' : o.error.code).toBe('INVALID_SIGN_IN');
    expect(await ok('me')).toBeNull();
  });
});

/** Keys of the other store, read with plain SQL. */
function keysOf(file: string, tenant: string) {
  const db = openDatabase(file, { readonly: true });
  const one = <T>(sql: string) => db.prepare(sql).get(tenant) as T;
  try {
    return {
      customer: one<{ id: string; last_name: string }>(
        `SELECT id, last_name FROM customers WHERE tenant_id = ? AND EXISTS (SELECT 1 FROM customer_vehicles v WHERE v.customer_id = customers.id) LIMIT 1`,
      ),
      product: one<{ id: string; sku: string; barcode: string }>(`SELECT id, sku, barcode FROM products WHERE tenant_id = ? AND barcode IS NOT NULL LIMIT 1`),
      fitment: one<{ make: string; model: string; year: number }>(`SELECT make, model, year_from AS year FROM fitment_data WHERE tenant_id = ? LIMIT 1`),
      order: one<{ number: string }>(`SELECT number FROM work_orders WHERE tenant_id = ? LIMIT 1`),
      card: one<{ code: string }>(
        `SELECT code FROM gift_cards WHERE tenant_id = ? AND status = 'active' AND expires_at IS NULL AND balance_cents > 100 LIMIT 1`,
      ),
      sale: one<{ id: string; number: string }>(`SELECT id, number FROM sales WHERE tenant_id = ? AND kind = 'sale' LIMIT 1`),
      saleLine: one<{ id: string }>(`SELECT l.id FROM sale_lines l JOIN sales s ON s.id = l.sale_id WHERE l.tenant_id = ? AND s.kind = 'sale' LIMIT 1`),
      orderId: one<{ id: string }>(`SELECT id FROM work_orders WHERE tenant_id = ? AND status = 'open' LIMIT 1`),
      orderLine: one<{ id: string; work_order_id: string }>(`SELECT id, work_order_id FROM work_order_lines WHERE tenant_id = ? LIMIT 1`),
      technician: one<{ id: string }>(`SELECT id FROM users WHERE tenant_id = ? AND role = 'technician' LIMIT 1`),
    };
  } finally {
    db.close();
  }
}

type Keys = ReturnType<typeof keysOf>;
/** Each channel, called with the other store's ids and with keys both stores share. */
const CHANNEL_CASES: Record<keyof typeof posContract.operations, (k: Keys) => unknown[]> = {
  stores: () => [undefined],
  signIn: () => [],
  signOut: () => [],
  me: () => [undefined],
  findProduct: (k) => [
    { by: 'sku', value: k.product.sku },
    { by: 'barcode', value: k.product.barcode },
  ],
  product: (k) => [{ id: k.product.id }],
  vehicleOptions: () => [undefined],
  productsForVehicle: (k) => [k.fitment],
  searchCustomers: (k) => [{ query: k.customer.last_name.slice(0, 2) }],
  customer: (k) => [{ id: k.customer.id }],
  workOrders: () => ['active', 'open', 'completed', 'invoiced'].map((status) => ({ status })),
  workOrder: (k) => [{ number: k.order.number }],
  giftCard: (k) => [{ code: k.card.code }],
  redeemGiftCard: (k) => [{ code: k.card.code, amountCents: 1 }],
  switchUser: () => [{ username: 'admin', pin: DEMO_PIN }],
  unlockSession: () => [{ pin: DEMO_PIN }],
  lockedUsers: () => [undefined],
  unlockUser: () => [{ username: 'admin' }, { till: true }],
  lookUp: (k) => [{ query: k.product.sku }, { query: k.product.barcode }, { query: 'brake' }],
  salesSetup: () => [undefined],
  quote: (k) => [
    { cart: { customerId: k.customer.id, lines: [{ kind: 'part', productId: k.product.id, quantity: 1 }], orderDiscount: null, promotionCode: null } },
  ],
  checkout: (k) => [
    {
      cart: { customerId: null, lines: [{ kind: 'part', productId: k.product.id, quantity: 1 }], orderDiscount: null, promotionCode: null },
      tenders: [{ method: 'cash', tenderedCents: 100_000 }],
    },
    {
      cart: { customerId: null, workOrderId: k.orderId.id, lines: [], orderDiscount: null, promotionCode: null },
      tenders: [{ method: 'cash', tenderedCents: 100_000 }],
    },
  ],
  sale: (k) => [{ number: k.sale.number }],
  recentSales: () => [undefined],
  openLayaways: () => [undefined],
  payLayaway: (k) => [{ saleNumber: k.sale.number, tenders: [{ method: 'cash', tenderedCents: 100 }] }],
  voidSale: (k) => [{ saleNumber: k.sale.number }],
  returnable: (k) => [{ number: k.sale.number }],
  returnItems: (k) => [{ saleNumber: k.sale.number, lines: [{ lineId: k.saleLine.id, quantity: 1 }], refundTo: 'original' }],
  noteReceipt: (k) => [{ saleId: k.sale.id, what: 'receipt.reprint' }],
  shift: () => [undefined],
  openShift: () => [{ floatCents: 10_000 }],
  closeShift: () => [{ countedCents: 10_000 }],
  searchWorkOrders: (k) => [{ query: k.order.number }, { query: k.customer.last_name }],
  workOrderView: (k) => [{ number: k.order.number }],
  openWorkOrder: (k) => [{ customerId: k.customer.id, vehicleId: null, technicianId: null, description: 'probe', odometer: null }],
  addPartToWorkOrder: (k) => [{ workOrderId: k.orderId.id, productId: k.product.id, quantity: 1 }],
  addLabourToWorkOrder: (k) => [{ workOrderId: k.orderId.id, rateId: 'standard', tenths: 10, description: 'x', technicianId: k.technician.id }],
  removeWorkOrderLine: (k) => [{ workOrderId: k.orderLine.work_order_id, lineId: k.orderLine.id }],
  setWorkOrderStatus: (k) => [{ workOrderId: k.orderId.id, status: 'cancelled' }],
  takeDeposit: (k) => [{ workOrderId: k.orderId.id, amountCents: 100, tenders: [{ method: 'cash', tenderedCents: 100 }] }],
};

describe('every POS channel has a leak case', () => {
  it('and no case for a channel that does not exist', () => {
    expect(Object.keys(CHANNEL_CASES).sort()).toEqual(Object.keys(posContract.operations).sort());
  });
});

describe.each([
  [CAPS, NORTHSIDE],
  [NORTHSIDE, CAPS],
])('over IPC, signed in to %s, nothing of %s', (us, them) => {
  let theirs: TenantFootprint;
  let keys: Keys;
  beforeAll(() => {
    const db = openDatabase(fixture, { readonly: true });
    theirs = footprint(db, them);
    db.close();
    keys = keysOf(fixture, them);
  });

  it.each(Object.keys(CHANNEL_CASES) as (keyof typeof posContract.operations)[])('pos:%s', async (name) => {
    const { ok, pos, file } = app();
    await ok('signIn', { storeId: us, username: 'admin', pin: DEMO_PIN });
    const results: unknown[] = [];
    for (const input of CHANNEL_CASES[name](keys)) {
      const o = await pos(name, ...(input === undefined ? [] : [input]));
      results.push(o.ok ? o.value : { refused: o.error.code });
    }
    if (name === 'signIn' || name === 'signOut') {
      // Signing in is the one call that names a store: it gives a session of that store and no other.
      const o = await ok<{ store: { id: string }; user: { id: string } }>('signIn', { storeId: us, username: 'admin', pin: DEMO_PIN });
      expect([o.store.id, ownerIn(file, 'users', o.user.id)]).toEqual([us, us]);
      results.push(o);
    }
    expect(traces(results, us, theirs)).toEqual([]);
    const db = openDatabase(file, { readonly: true });
    expect(footprint(db, them).hashes).toEqual(theirs.hashes);
    db.close();
  });
});
