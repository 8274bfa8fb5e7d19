import { hashToken } from '../electron/security/token-hash';
import fs from 'node:fs';
import path from 'node:path';
import type { Database, Statement } from 'better-sqlite3';
import { runPendingMigrations } from '../electron/db/migrator';
import { openDatabase } from '../electron/db/open';
import { buildMissingPerfIndexes } from '../electron/db/perf-indexes';
import { runAsTenant } from '../electron/tenancy/context';
import { addDemoTenant } from '../electron/demo/second-tenant';
import { createRepositories, DATA_LAYER_SQL } from '../electron/tenancy/repositories';
import { prefixRange } from '../electron/tenancy/repositories/text-search';
import { phonePrefix } from '../electron/tenancy/repositories/customers';
import { copyFixture, median, type BenchContext, type BenchRow } from './lib';
import type { BenchSection } from './sections';
import { MIGRATIONS } from '../migrations';

/**
 * The repository queries, scoped to caps-automotive on the migrated `large`
 * store that also holds a second tenant, against the same queries written by
 * hand without tenant filtering on the legacy copy: what the single-tenant app
 * would have run. A test (test/tenancy/caps-legacy.test.ts) checks each pair
 * returns the same rows on CAPS's data, so the comparison is like for like.
 */

export const CAPS = 'caps-automotive';

/** Parameter values drawn from the legacy store (CAPS's data; the same ids after the migration). */
export interface Samples {
  sku: string[];
  barcode: string[];
  productId: string[];
  categoryId: string[];
  vehicle: { make: string; model: string; year: number }[];
  lastName: string[];
  phone: string[];
  customerId: string[];
  workOrderNumber: string[];
  workOrderId: string[];
  giftCardCode: string[];
  giftCardId: string[];
  loyaltyAccountId: string[];
  layawayNumber: string[];
  layawayId: string[];
  username: string[];
  token: string[];
  vehicleId: string[];
  lineId: string[];
  userId: string[];
  /** Selling (issue 13): words of product names, plate prefixes, promotions, price levels, store credit accounts. */
  nameWords: string[];
  plate: string[];
  promotionCode: string[];
  promotionId: string[];
  priceLevelId: string[];
  creditAccountId: string[];
  layawayIdAny: string[];
  ruleId: string[];
}

/** `order` replaces random(): the instruction-count section passes a fixed order so both runs draw the same rows. */
export function drawSamples(db: Database, n: number, order = 'random()'): Samples {
  const prepare = (sql: string) => db.prepare(sql.replace('ORDER BY random()', `ORDER BY ${order}`));
  const col = <T>(sql: string) => prepare(sql).pluck().all(n) as T[];
  return {
    sku: col(`SELECT sku FROM products ORDER BY random() LIMIT ?`),
    barcode: col(`SELECT barcode FROM products WHERE barcode IS NOT NULL ORDER BY random() LIMIT ?`),
    productId: col(`SELECT id FROM products ORDER BY random() LIMIT ?`),
    categoryId: col(`SELECT id FROM product_categories ORDER BY random() LIMIT ?`),
    vehicle: prepare(`SELECT make, model, year_from + 1 AS year FROM fitment_data ORDER BY random() LIMIT ?`).all(n) as Samples['vehicle'],
    lastName: col<string>(`SELECT last_name FROM customers ORDER BY random() LIMIT ?`).map((s) => s.slice(0, 3)),
    phone: col<string>(`SELECT phone FROM customers WHERE phone IS NOT NULL ORDER BY random() LIMIT ?`).map((p) => p.replace(/\D/g, '').slice(0, 6)),
    customerId: col(`SELECT id FROM customers ORDER BY random() LIMIT ?`),
    workOrderNumber: col(`SELECT number FROM work_orders ORDER BY random() LIMIT ?`),
    workOrderId: col(`SELECT id FROM work_orders ORDER BY random() LIMIT ?`),
    giftCardCode: col(`SELECT code FROM gift_cards ORDER BY random() LIMIT ?`),
    giftCardId: col(`SELECT id FROM gift_cards ORDER BY random() LIMIT ?`),
    loyaltyAccountId: col(`SELECT id FROM loyalty_accounts ORDER BY random() LIMIT ?`),
    layawayNumber: col(`SELECT number FROM layaways ORDER BY random() LIMIT ?`),
    layawayId: col(`SELECT id FROM layaways ORDER BY random() LIMIT ?`),
    username: col(`SELECT username FROM users ORDER BY random() LIMIT ?`),
    token: col(`SELECT token FROM sessions ORDER BY random() LIMIT ?`),
    vehicleId: col(`SELECT id FROM customer_vehicles ORDER BY random() LIMIT ?`),
    lineId: col(`SELECT id FROM work_order_lines ORDER BY random() LIMIT ?`),
    userId: col(`SELECT id FROM users ORDER BY random() LIMIT ?`),
    nameWords: col<string>(`SELECT name FROM products ORDER BY random() LIMIT ?`).map((name) => name.split(' ').slice(1, 2).join(' ').toLowerCase()),
    plate: col<string>(`SELECT license_plate FROM customer_vehicles WHERE license_plate IS NOT NULL ORDER BY random() LIMIT ?`).map((p) => p.slice(0, 3)),
    promotionCode: col(`SELECT code FROM promotions ORDER BY random() LIMIT ?`),
    promotionId: col(`SELECT id FROM promotions ORDER BY random() LIMIT ?`),
    priceLevelId: col(`SELECT id FROM price_levels ORDER BY random() LIMIT ?`),
    creditAccountId: col(`SELECT id FROM credit_accounts ORDER BY random() LIMIT ?`),
    layawayIdAny: col(`SELECT id FROM layaways ORDER BY random() LIMIT ?`),
    ruleId: col(`SELECT id FROM commission_rules ORDER BY random() LIMIT ?`),
  };
}

export interface QueryPair {
  /** file.name of the repository statement in DATA_LAYER_SQL. */
  name: string;
  /** The same query as the single-tenant app would have written it. */
  legacy: string;
  /** One parameter set per call (without tenantId). */
  params(s: Samples): Record<string, unknown>[];
  /** The same parameters as the upgraded store takes them, when they differ (a session token is looked up by its sha256 since 0006). */
  scopedParams?(p: Record<string, unknown>): Record<string, unknown>;
}

const PRODUCT_SUMMARY_LEGACY = `SELECT p.*, c.name AS category_name, i.quantity_on_hand, i.bin_location
    FROM products p
    LEFT JOIN product_categories c ON c.id = p.category_id
    LEFT JOIN inventory i ON i.product_id = p.id`;
const WORK_ORDER_LEGACY = `SELECT w.*, c.first_name || ' ' || c.last_name AS customer_name
    FROM work_orders w JOIN customers c ON c.id = w.customer_id`;
const statuses = ['open', 'in_progress', 'waiting_parts', 'completed', 'invoiced', 'cancelled'];

export const QUERY_PAIRS: QueryPair[] = [
  { name: 'products.bySku', legacy: `${PRODUCT_SUMMARY_LEGACY} WHERE p.sku = @sku`, params: (s) => s.sku.map((sku) => ({ sku })) },
  { name: 'products.byBarcode', legacy: `${PRODUCT_SUMMARY_LEGACY} WHERE p.barcode = @barcode`, params: (s) => s.barcode.map((barcode) => ({ barcode })) },
  { name: 'products.byId', legacy: `${PRODUCT_SUMMARY_LEGACY} WHERE p.id = @id`, params: (s) => s.productId.map((id) => ({ id })) },
  {
    name: 'products.byCategory',
    legacy: `${PRODUCT_SUMMARY_LEGACY} WHERE p.category_id = @categoryId AND p.active = 1 ORDER BY p.name LIMIT @limit`,
    params: (s) => s.categoryId.map((categoryId) => ({ categoryId, limit: 50 })),
  },
  {
    name: 'products.forVehicle',
    legacy: `SELECT p.*, c.name AS category_name, i.quantity_on_hand, i.bin_location
    FROM fitment_data f
    JOIN products p ON p.id = f.product_id
    LEFT JOIN product_categories c ON c.id = p.category_id
    LEFT JOIN inventory i ON i.product_id = p.id
    WHERE f.make = @make AND f.model = @model AND f.year_from <= @year AND f.year_to >= @year AND p.active = 1
    GROUP BY p.id ORDER BY p.name LIMIT @limit`,
    params: (s) => s.vehicle.map((v) => ({ ...v, limit: 100 })),
  },
  { name: 'products.categories', legacy: `SELECT * FROM product_categories ORDER BY sort_order, name`, params: () => [{}] },
  {
    name: 'products.fitmentOf',
    legacy: `SELECT * FROM fitment_data WHERE product_id = @productId`,
    params: (s) => s.productId.map((productId) => ({ productId })),
  },
  {
    name: 'products.nextMake',
    legacy: `SELECT make FROM fitment_data WHERE make > @make ORDER BY make LIMIT 1`,
    params: (s) => s.vehicle.map(({ make }) => ({ make })),
  },
  {
    name: 'products.nextModel',
    legacy: `SELECT model FROM fitment_data WHERE make = @make AND model > @model ORDER BY model LIMIT 1`,
    params: (s) => s.vehicle.map(({ make, model }) => ({ make, model })),
  },
  {
    name: 'customers.byLastNamePrefix',
    legacy: `SELECT * FROM customers WHERE last_name >= @from AND last_name < @to ORDER BY last_name, first_name LIMIT @limit`,
    params: (s) => s.lastName.map((n) => ({ ...prefixRange(n), limit: 25 })),
  },
  {
    name: 'customers.byPhonePrefix',
    legacy: `SELECT * FROM customers WHERE phone >= @from AND phone < @to ORDER BY phone LIMIT @limit`,
    params: (s) => s.phone.map((p) => ({ ...prefixRange(phonePrefix(p)), limit: 25 })),
  },
  { name: 'customers.byId', legacy: `SELECT * FROM customers WHERE id = @id`, params: (s) => s.customerId.map((id) => ({ id })) },
  {
    name: 'customers.vehicles',
    legacy: `SELECT * FROM customer_vehicles WHERE customer_id = @customerId ORDER BY year DESC, make, model`,
    params: (s) => s.customerId.map((customerId) => ({ customerId })),
  },
  { name: 'inventory.onHand', legacy: `SELECT * FROM inventory WHERE product_id = @productId`, params: (s) => s.productId.map((productId) => ({ productId })) },
  {
    name: 'inventory.transactions',
    legacy: `SELECT * FROM inventory_transactions WHERE product_id = @productId ORDER BY created_at DESC LIMIT @limit`,
    params: (s) => s.productId.map((productId) => ({ productId, limit: 50 })),
  },
  {
    name: 'work-orders.listByStatus',
    legacy: `${WORK_ORDER_LEGACY} WHERE w.status = @status ORDER BY w.opened_at DESC LIMIT @limit`,
    params: () => statuses.map((status) => ({ status, limit: 50 })),
  },
  {
    name: 'work-orders.forCustomer',
    legacy: `${WORK_ORDER_LEGACY} WHERE w.customer_id = @customerId ORDER BY w.opened_at DESC LIMIT @limit`,
    params: (s) => s.customerId.map((customerId) => ({ customerId, limit: 20 })),
  },
  { name: 'work-orders.byNumber', legacy: `${WORK_ORDER_LEGACY} WHERE w.number = @number`, params: (s) => s.workOrderNumber.map((number) => ({ number })) },
  { name: 'work-orders.byId', legacy: `${WORK_ORDER_LEGACY} WHERE w.id = @id`, params: (s) => s.workOrderId.map((id) => ({ id })) },
  {
    name: 'work-orders.lines',
    legacy: `SELECT l.*, p.sku FROM work_order_lines l LEFT JOIN products p ON p.id = l.product_id WHERE l.work_order_id = @workOrderId ORDER BY l.line_no`,
    params: (s) => s.workOrderId.map((workOrderId) => ({ workOrderId })),
  },
  { name: 'work-orders.countByStatus', legacy: `SELECT status, count(*) AS n FROM work_orders GROUP BY status`, params: () => [{}] },
  { name: 'gift-cards.byCode', legacy: `SELECT * FROM gift_cards WHERE code = @code`, params: (s) => s.giftCardCode.map((code) => ({ code })) },
  {
    name: 'gift-cards.transactions',
    legacy: `SELECT * FROM gift_card_transactions WHERE gift_card_id = @giftCardId ORDER BY created_at DESC LIMIT @limit`,
    params: (s) => s.giftCardId.map((giftCardId) => ({ giftCardId, limit: 50 })),
  },
  {
    name: 'loyalty.forCustomer',
    legacy: `SELECT * FROM loyalty_accounts WHERE customer_id = @customerId`,
    params: (s) => s.customerId.map((customerId) => ({ customerId })),
  },
  {
    name: 'loyalty.transactions',
    legacy: `SELECT * FROM loyalty_transactions WHERE account_id = @accountId ORDER BY created_at DESC LIMIT @limit`,
    params: (s) => s.loyaltyAccountId.map((accountId) => ({ accountId, limit: 50 })),
  },
  {
    name: 'layaways.forCustomer',
    legacy: `SELECT * FROM layaways WHERE customer_id = @customerId ORDER BY created_at DESC`,
    params: (s) => s.customerId.map((customerId) => ({ customerId })),
  },
  { name: 'layaways.byNumber', legacy: `SELECT * FROM layaways WHERE number = @number`, params: (s) => s.layawayNumber.map((number) => ({ number })) },
  {
    name: 'layaways.payments',
    legacy: `SELECT * FROM layaway_payments WHERE layaway_id = @layawayId ORDER BY paid_at`,
    params: (s) => s.layawayId.map((layawayId) => ({ layawayId })),
  },
  { name: 'activity.recentAudit', legacy: `SELECT * FROM audit_log ORDER BY created_at DESC LIMIT @limit`, params: () => [{ limit: 50 }] },
  {
    name: 'activity.pendingBatch',
    legacy: `SELECT * FROM pending_operations WHERE status = 'pending' ORDER BY created_at LIMIT @limit`,
    params: () => [{ limit: 100 }],
  },
  { name: 'users.userForSignIn', legacy: `SELECT * FROM users WHERE username = @username`, params: (s) => s.username.map((username) => ({ username })) },
  // The store's PIN cost (0006's lock-out checks an unknown username at it).
  { name: 'users.pinHashSample', legacy: `SELECT pin_hash FROM users WHERE username >= '' ORDER BY username LIMIT 1`, params: () => [{}] },
  {
    name: 'users.sessionByToken',
    legacy: `SELECT id, user_id, terminal_id, created_at, expires_at, revoked_at FROM sessions WHERE token = @token`,
    params: (s) => s.token.map((token) => ({ token })),
    scopedParams: (p) => ({ token: hashToken(String(p.token)) }),
  },
  {
    name: 'users.userById',
    legacy: `SELECT id, username, display_name, role, email, active, created_at, updated_at FROM users WHERE id = @id`,
    params: (s) => s.userId.map((id) => ({ id })),
  },
  { name: 'customers.vehicleById', legacy: `SELECT * FROM customer_vehicles WHERE id = @id`, params: (s) => s.vehicleId.map((id) => ({ id })) },
  { name: 'work-orders.vehicle', legacy: `SELECT * FROM customer_vehicles WHERE id = @id`, params: (s) => s.vehicleId.map((id) => ({ id })) },
  { name: 'work-orders.lineById', legacy: `SELECT * FROM work_order_lines WHERE id = @id`, params: (s) => s.lineId.map((id) => ({ id })) },
  { name: 'work-orders.lastNumber', legacy: `SELECT number FROM work_orders ORDER BY number DESC LIMIT 1`, params: () => [{}] },
  { name: 'references.customerExists', legacy: `SELECT 1 AS found FROM customers WHERE id = @id`, params: (s) => s.customerId.map((id) => ({ id })) },
  {
    name: 'references.vehicleOfCustomer',
    legacy: `SELECT customer_id FROM customer_vehicles WHERE id = @id`,
    params: (s) => s.vehicleId.map((id) => ({ id })),
  },
  { name: 'references.productExists', legacy: `SELECT 1 AS found FROM products WHERE id = @id`, params: (s) => s.productId.map((id) => ({ id })) },
  { name: 'references.workOrderExists', legacy: `SELECT 1 AS found FROM work_orders WHERE id = @id`, params: (s) => s.workOrderId.map((id) => ({ id })) },
  { name: 'references.userExists', legacy: `SELECT 1 AS found FROM users WHERE id = @id`, params: (s) => s.userId.map((id) => ({ id })) },
  // The selling day (issue 13): its reads of the v1 tables. Reads of the tables 0005 created have no legacy twin.
  {
    name: 'products.byNameWords',
    legacy: `${PRODUCT_SUMMARY_LEGACY} WHERE p.active = 1 AND p.name LIKE @w1 ESCAPE '\\' AND p.name LIKE @w2 ESCAPE '\\' AND p.name LIKE @w3 ESCAPE '\\' ORDER BY p.name, p.sku LIMIT @limit`,
    params: (s) => s.nameWords.map((w) => ({ w1: `%${w}%`, w2: '%', w3: '%', limit: 25 })),
  },
  {
    name: 'customers.vehiclesByPlate',
    legacy: `SELECT * FROM customer_vehicles WHERE license_plate >= @from AND license_plate < @to ORDER BY license_plate, id LIMIT @limit`,
    params: (s) => s.plate.map((p) => ({ ...prefixRange(p), limit: 20 })),
  },
  {
    name: 'work-orders.linesForTotal',
    legacy: `SELECT l.kind, l.quantity, l.unit_price_cents, coalesce(p.taxable, 1) AS taxable, c.tax_exempt
    FROM work_order_lines l JOIN work_orders w ON w.id = l.work_order_id JOIN customers c ON c.id = w.customer_id
    LEFT JOIN products p ON p.id = l.product_id WHERE l.work_order_id = @id ORDER BY l.line_no`,
    params: (s) => s.workOrderId.map((id) => ({ id })),
  },
  {
    name: 'work-orders.lastLineNo',
    legacy: `SELECT line_no FROM work_order_lines WHERE work_order_id = @workOrderId ORDER BY line_no DESC LIMIT 1`,
    params: (s) => s.workOrderId.map((workOrderId) => ({ workOrderId })),
  },
  {
    name: 'work-orders.forVehicle',
    legacy: `${WORK_ORDER_LEGACY} WHERE w.vehicle_id = @vehicleId ORDER BY w.opened_at DESC LIMIT @limit`,
    params: (s) => s.vehicleId.map((vehicleId) => ({ vehicleId, limit: 20 })),
  },
  { name: 'selling.priceLevel', legacy: `SELECT * FROM price_levels WHERE id = @id`, params: (s) => s.priceLevelId.map((id) => ({ id })) },
  { name: 'selling.promotionByCode', legacy: `SELECT * FROM promotions WHERE code = @code`, params: (s) => s.promotionCode.map((code) => ({ code })) },
  { name: 'selling.promotionById', legacy: `SELECT * FROM promotions WHERE id = @id`, params: (s) => s.promotionId.map((id) => ({ id })) },
  { name: 'selling.activePromotions', legacy: `SELECT * FROM promotions WHERE active = 1 ORDER BY code LIMIT @limit`, params: () => [{ limit: 50 }] },
  {
    name: 'selling.promotionUses',
    legacy: `SELECT count(*) AS n FROM promotion_usage WHERE promotion_id = @promotionId`,
    params: (s) => s.promotionId.map((promotionId) => ({ promotionId })),
  },
  { name: 'selling.commissionRules', legacy: `SELECT * FROM commission_rules WHERE active = 1 ORDER BY id`, params: () => [{}] },
  {
    name: 'selling.creditAccountOf',
    legacy: `SELECT * FROM credit_accounts WHERE customer_id = @customerId ORDER BY opened_at LIMIT 1`,
    params: (s) => s.customerId.map((customerId) => ({ customerId })),
  },
  { name: 'selling.creditAccount', legacy: `SELECT * FROM credit_accounts WHERE id = @id`, params: (s) => s.creditAccountId.map((id) => ({ id })) },
  {
    name: 'users.activeUsers',
    legacy: `SELECT id, username, display_name, role, email, active, created_at, updated_at FROM users WHERE active = 1 ORDER BY display_name, id LIMIT 200`,
    params: () => [{}],
  },
  { name: 'layaways.byId', legacy: `SELECT * FROM layaways WHERE id = @id`, params: (s) => s.layawayIdAny.map((id) => ({ id })) },
  {
    name: 'sales.onHand',
    legacy: `SELECT quantity_on_hand FROM inventory WHERE product_id = @productId`,
    params: (s) => s.productId.map((productId) => ({ productId })),
  },
  { name: 'sales.giftCard', legacy: `SELECT * FROM gift_cards WHERE id = @id`, params: (s) => s.giftCardId.map((id) => ({ id })) },
  { name: 'sales.creditAccount', legacy: `SELECT * FROM credit_accounts WHERE id = @id`, params: (s) => s.creditAccountId.map((id) => ({ id })) },
  { name: 'sales.loyaltyAccount', legacy: `SELECT * FROM loyalty_accounts WHERE id = @id`, params: (s) => s.loyaltyAccountId.map((id) => ({ id })) },
  { name: 'sales.lastLayawayNumber', legacy: `SELECT number FROM layaways ORDER BY number DESC LIMIT 1`, params: () => [{}] },
  { name: 'references.giftCardExists', legacy: `SELECT 1 AS found FROM gift_cards WHERE id = @id`, params: (s) => s.giftCardId.map((id) => ({ id })) },
  {
    name: 'references.creditAccountExists',
    legacy: `SELECT 1 AS found FROM credit_accounts WHERE id = @id`,
    params: (s) => s.creditAccountId.map((id) => ({ id })),
  },
  {
    name: 'references.loyaltyAccountExists',
    legacy: `SELECT 1 AS found FROM loyalty_accounts WHERE id = @id`,
    params: (s) => s.loyaltyAccountId.map((id) => ({ id })),
  },
  { name: 'references.promotionExists', legacy: `SELECT 1 AS found FROM promotions WHERE id = @id`, params: (s) => s.promotionId.map((id) => ({ id })) },
  { name: 'references.priceLevelExists', legacy: `SELECT 1 AS found FROM price_levels WHERE id = @id`, params: (s) => s.priceLevelId.map((id) => ({ id })) },
  { name: 'references.commissionRuleExists', legacy: `SELECT 1 AS found FROM commission_rules WHERE id = @id`, params: (s) => s.ruleId.map((id) => ({ id })) },
  { name: 'references.layawayExists', legacy: `SELECT 1 AS found FROM layaways WHERE id = @id`, params: (s) => s.layawayIdAny.map((id) => ({ id })) },
];

export function scopedSql(name: string): string {
  const found = DATA_LAYER_SQL.find((s) => `${s.file}.${s.name}` === name);
  if (!found) throw new Error(`no repository statement ${name}`);
  return found.sql;
}

/**
 * CPU time of this process in ms. Other engineers' builds and tests share the
 * two cores: wall-clock time would count the moments the scheduler gave our
 * core away, CPU time counts only the work the query did.
 */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** A parameter set: positional (an array) or named (an object). */
export type ParamSet = unknown[] | Record<string, unknown>;

export interface CpuComparison {
  /** Median CPU ms per round of each side. */
  legacyMs: number;
  scopedMs: number;
  /** The median of the rounds' ratios (scoped / legacy). */
  ratio: number;
  /** The lowest and highest round ratio: the spread the machine's noise gives this statement. */
  low: number;
  high: number;
}

/**
 * Both sides run the same parameter sets in alternating slices, so whatever
 * disturbs one round disturbs both alike; each round gives one ratio, and the
 * result is the median round. Every statement runs once first (prepared, pages
 * warm) on both sides. `passes` runs the parameter list that many times per
 * round (a short list of fast statements is otherwise below the clock's grain).
 */
export function compareStatements(
  legacy: Database,
  migrated: Database,
  sql: { legacy: string; scoped: string },
  params: ParamSet[],
  scopedParams: ParamSet[],
  rounds: number,
  passes = 1,
): CpuComparison {
  const a = legacy.prepare(sql.legacy);
  const b = migrated.prepare(sql.scoped);
  const slice = 25;
  const call = (stmt: Statement, x: ParamSet) => (Array.isArray(x) ? stmt.all(...x) : stmt.all(x));
  const run = (stmt: Statement, ps: ParamSet[], from: number) => {
    const started = cpuMs();
    for (let p = 0; p < passes; p++) for (let i = from; i < Math.min(from + slice, ps.length); i++) call(stmt, ps[i]!);
    return cpuMs() - started;
  };
  for (let i = 0; i < params.length; i += slice) {
    run(a, params, i);
    run(b, scopedParams, i);
  }
  const la: number[] = [];
  const lb: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let ta = 0;
    let tb = 0;
    for (let i = 0; i < params.length; i += slice) {
      if ((r + i / slice) % 2 === 0) {
        ta += run(a, params, i);
        tb += run(b, scopedParams, i);
      } else {
        tb += run(b, scopedParams, i);
        ta += run(a, params, i);
      }
    }
    la.push(ta);
    lb.push(tb);
    ratios.push(tb / ta);
  }
  return { legacyMs: median(la), scopedMs: median(lb), ratio: median(ratios), low: Math.min(...ratios), high: Math.max(...ratios) };
}

/** A repository statement against its legacy twin in CPU time (compareStatements with the pair's parameters). */
export function compare(legacy: Database, migrated: Database, pair: QueryPair, samples: Samples, rounds: number): CpuComparison {
  const params = pair.params(samples);
  const scopedParams = params.map((p) => ({ ...(pair.scopedParams?.(p) ?? p), tenantId: CAPS }));
  return compareStatements(legacy, migrated, { legacy: pair.legacy, scoped: scopedSql(pair.name) }, params, scopedParams, rounds);
}

const SAME_TENANT_TRIGGER = /^trg_work_order_lines_\w+_same_tenant_insert$/;

/** Inserting work order lines with and without the same-tenant triggers of 0003, rolled back each time. */
function triggerCost(db: Database, rows: number, rounds: number): { withMs: number; withoutMs: number } {
  const orders = db.prepare(`SELECT id FROM work_orders WHERE tenant_id = ? LIMIT 1000`).pluck().all(CAPS) as string[];
  const products = db.prepare(`SELECT id FROM products WHERE tenant_id = ? LIMIT 1000`).pluck().all(CAPS) as string[];
  const triggers = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'work_order_lines'`).all() as {
    name: string;
    sql: string;
  }[];
  const insert =
    db.prepare(`INSERT INTO work_order_lines (id, tenant_id, work_order_id, line_no, kind, product_id, description, quantity, unit_price_cents, technician_id)
    VALUES (?, ?, ?, ?, 'part', ?, 'bench', 1, 100, NULL)`);
  const run = (dropTriggers: boolean) => {
    db.exec('BEGIN');
    try {
      if (dropTriggers) for (const t of triggers.filter((x) => SAME_TENANT_TRIGGER.test(x.name))) db.exec(`DROP TRIGGER ${t.name}`);
      const started = cpuMs();
      for (let i = 0; i < rows; i++) insert.run(`bench-${i}`, CAPS, orders[i % orders.length], 1000 + i, products[i % products.length]);
      return cpuMs() - started;
    } finally {
      db.exec('ROLLBACK');
    }
  };
  const w: number[] = [];
  const wo: number[] = [];
  for (let r = 0; r < rounds; r++) {
    w.push(run(false));
    wo.push(run(true));
  }
  return { withMs: median(w), withoutMs: median(wo) };
}

/** Microseconds per call through the repository (context, binding) and as the bare statement, same query, interleaved. */
function repositoryOverhead(db: Database, samples: Samples): { repoUs: number; rawUs: number } {
  const repos = createRepositories(db);
  const raw = db.prepare(scopedSql('products.bySku'));
  const skus = Array.from({ length: 20 }, () => samples.sku).flat();
  const viaRepo = () => runAsTenant({ tenantId: CAPS, userId: null }, () => skus.forEach((sku) => repos.products.bySku(sku)));
  const bare = () => skus.forEach((sku) => raw.get({ sku, tenantId: CAPS }));
  viaRepo();
  bare();
  const r: number[] = [];
  const s: number[] = [];
  for (let i = 0; i < 9; i++) {
    let t = cpuMs();
    viaRepo();
    r.push(((cpuMs() - t) * 1000) / skus.length);
    t = cpuMs();
    bare();
    s.push(((cpuMs() - t) * 1000) / skus.length);
  }
  return { repoUs: median(r), rawUs: median(s) };
}

/**
 * The two stores every tenant-vs-legacy section compares: a copy of the large legacy store, and a copy
 * migrated through every migration with Northside (medium) added, checkpointed so readers see it all.
 */
export async function prepareTenantStores(ctx: BenchContext, prefix: string) {
  const legacyFile = copyFixture(ctx.largeLegacyDb, path.join(ctx.scratch, `${prefix}-legacy.sqlite`));
  const migratedFile = copyFixture(ctx.largeLegacyDb, path.join(ctx.scratch, `${prefix}-migrated.sqlite`));
  const prep = openDatabase(migratedFile);
  try {
    let t = performance.now();
    await runPendingMigrations(prep, { migrations: MIGRATIONS });
    const migrateMs = performance.now() - t;
    // As the app does after the upgrade's commit (the worker, or pos-db upgrade): the indexes that only make
    // queries faster. The tenant figures are of the store as it runs, with every index built.
    t = performance.now();
    const indexes = await buildMissingPerfIndexes(prep);
    const indexMs = performance.now() - t;
    t = performance.now();
    const added = addDemoTenant(prep, { tenantId: 'northside-tires', size: 'medium', seed: 2 });
    const addMs = performance.now() - t;
    prep.pragma('wal_checkpoint(TRUNCATE)');
    return { legacyFile, migratedFile, migrateMs, indexMs, indexCount: indexes.built.length, addMs, added };
  } finally {
    prep.close();
  }
}

export const tenantQueriesSection: BenchSection = {
  name: 'tenant-queries',
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const section = 'tenant-queries';
    const { legacyFile, migratedFile, migrateMs, indexMs, indexCount, addMs, added } = await prepareTenantStores(ctx, 'tq');
    const rows: BenchRow[] = [];
    rows.push({
      section,
      name: 'setup: migrate large (all migrations)',
      value: migrateMs / 1000,
      unit: 's',
      note: 'informational; the migration section times it properly',
    });
    rows.push({
      section,
      name: 'setup: performance indexes after the commit',
      value: indexMs / 1000,
      unit: 's',
      note: `${indexCount} indexes, one transaction each (electron/db/perf-indexes.ts)`,
    });
    rows.push({
      section,
      name: 'setup: add northside-tires (medium) with triggers',
      value: addMs / 1000,
      unit: 's',
      note: `${Object.values(added).reduce((a, b) => a + b, 0)} rows`,
    });

    const legacy = openDatabase(legacyFile);
    const migrated = openDatabase(migratedFile);
    try {
      const samples = drawSamples(legacy, 100);
      const rounds = Number(process.env.BENCH_ROUNDS ?? 15);
      const ratios: number[] = [];
      for (const pair of QUERY_PAIRS) {
        const { legacyMs, scopedMs, ratio } = compare(legacy, migrated, pair, samples, rounds);
        ratios.push(ratio);
        const calls = pair.params(samples).length;
        rows.push({
          section,
          name: pair.name,
          value: ratio,
          unit: 'ratio',
          // CPU time: noise-bound for microsecond statements on this shared machine, so the <= 1.10 target is
          // judged on the instruction count of the same statement (instructions section, issue 15).
          note: `${((scopedMs * 1000) / calls).toFixed(1)} vs ${((legacyMs * 1000) / calls).toFixed(1)} us CPU/call`,
        });
      }
      const med = median(ratios);
      rows.push({ section, name: 'median ratio (scoped / legacy)', value: med, unit: 'ratio', note: 'CPU time; target judged on Ir (instructions)' });
      rows.push({ section, name: 'worst ratio', value: Math.max(...ratios), unit: 'ratio', note: 'CPU time; target judged on Ir (instructions)' });

      const overhead = repositoryOverhead(migrated, samples);
      rows.push({
        section,
        name: 'repository call vs bare statement (bySku)',
        value: overhead.repoUs - overhead.rawUs,
        unit: 'us/call',
        note: `${overhead.repoUs.toFixed(1)} vs ${overhead.rawUs.toFixed(1)} us: context lookup and parameter binding`,
      });

      const cost = triggerCost(migrated, 20_000, 7);
      rows.push({
        section,
        name: 'insert 20k work_order_lines: with / without same-tenant triggers',
        value: cost.withMs / cost.withoutMs,
        unit: 'ratio',
        note: `${cost.withMs.toFixed(0)} vs ${cost.withoutMs.toFixed(0)} ms`,
      });
    } finally {
      legacy.close();
      migrated.close();
      for (const f of [legacyFile, migratedFile]) for (const e of ['', '-wal', '-shm']) fs.rmSync(f + e, { force: true });
    }
    return rows;
  },
};
