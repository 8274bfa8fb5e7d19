import type { Db } from './connections';

/**
 * Indexes that only make queries faster (issue 15). None of them is needed for isolation or
 * correctness: the tenant-led indexes and the per-tenant unique keys the migrations create stay, and
 * every statement still names its tenant. So they are not built inside the upgrade's transaction (its
 * budget is 5 s on the large store) but after its COMMIT, each in its own short transaction
 * (buildMissingPerfIndexes), by the worker while the POS runs or by `pos-db upgrade` after it
 * committed. A crash mid-build rolls that one index back; the next start builds what is missing.
 *
 * Three kinds key first and tenant_id after it, for equality lookups (docs/performance.md):
 * - the business key first, `(sku, tenant_id)`: UNIQUE like the `(tenant_id, sku)` key, so it enforces
 *   the same per-tenant uniqueness, but a lookup's comparisons decide on the first column (the SKU)
 *   instead of always comparing the equal 15-byte tenant id first;
 * - `(id, tenant_id)` for "does this parent exist in my tenant?" checks before a write: answered from
 *   the index alone, as v1's check was from its id key, instead of reading the row to see its tenant;
 * - a child table's parent key first, `(work_order_id, tenant_id, line_no)`: a work order's lines, a
 *   product's fitment, a customer's vehicles, layaways and store credit, found by the key
 *   that differs from row to row. Not for the dated ledgers (inventory, gift card, loyalty
 *   transactions), where measuring showed no gain, nor for prefix searches (a range on a key-first
 *   index would read every store's entries in it: the plan test refuses it).
 * And, tenant-led like every other index, covering indexes for four short lists of small tables, in the
 * order the list is read: answered from the index alone, without the sort (categories, active users and
 * commission rules carry every column they return; a column added to those tables later only makes the
 * list read its rows again, never wrong), the active promotions in code order, and the active products in
 * name order for the name search.
 */
export interface PerfIndex {
  name: string;
  table: string;
  columns: readonly string[];
  unique: boolean;
  /**
   * Give it a planner row when it is built (sqlite_stat1, "N M 1 ...": the table's N rows, M a tenant on average, one
   * row per value after that), for an index that competes with a tenant-led key for the same range: without a row of
   * its own SQLite assumes a 1,000-row table and, on a store with few rows per tenant, keeps the key and its row lookups.
   */
  seedStat?: true;
}

const keyFirst = (table: string, key: string): PerfIndex => ({ name: `perf_${table}_${key}_tenant`, table, columns: [key, 'tenant_id'], unique: true });
/** A child table's rows of one parent, parent key first (then tenant_id, then the order they are listed in). */
const parentFirst = (table: string, key: string, ...then: string[]): PerfIndex => ({
  name: `perf_${table}_${key}_tenant`,
  table,
  columns: [key, 'tenant_id', ...then],
  unique: false,
});

/** Tables a write checks a reference into (electron/tenancy/repositories/references.ts). */
const REFERENCED_TABLES = [
  'customers',
  'products',
  'work_orders',
  'users',
  'sales',
  'gift_cards',
  'credit_accounts',
  'loyalty_accounts',
  'promotions',
  'price_levels',
  'commission_rules',
  'shifts',
  'sale_lines',
  'sale_payments',
  'layaways',
] as const;

export const PERF_INDEXES: readonly PerfIndex[] = [
  keyFirst('products', 'sku'),
  keyFirst('products', 'barcode'),
  keyFirst('gift_cards', 'code'),
  keyFirst('users', 'username'),
  keyFirst('work_orders', 'number'),
  keyFirst('layaways', 'number'),
  keyFirst('promotions', 'code'),
  ...REFERENCED_TABLES.map((t) => keyFirst(t, 'id')),
  parentFirst('work_order_lines', 'work_order_id', 'line_no'),
  parentFirst('fitment_data', 'product_id'),
  parentFirst('customer_vehicles', 'customer_id'),
  parentFirst('layaways', 'customer_id'),
  parentFirst('credit_accounts', 'customer_id'),
  // Covering joins (docs/performance.md, session 5): key first, tenant_id, then the columns the statement reads,
  // so the join (or lookup) is answered from one index seek where v1 sought its id index and then the table row.
  // A product's stock, from every product query's join (inventory.product_id is globally unique: one row per
  // product; its category name comes from perf_product_categories_id_tenant_name below). Replaces
  // keyFirst('inventory', 'product_id'): beside it SQLite prefers the narrower unique index and still reads the row.
  { name: 'perf_inventory_product_stock', table: 'inventory', columns: ['product_id', 'tenant_id', 'quantity_on_hand', 'bin_location'], unique: true },
  // A vehicle's fitment rows in the store's (make, model, year) order with what the product list and the POS
  // fitment lookup read of them (catalogue data: written on import, not by a sale).
  {
    name: 'perf_fitment_data_vehicle',
    table: 'fitment_data',
    columns: ['tenant_id', 'make', 'model', 'year_from', 'year_to', 'product_id', 'engine'],
    unique: false,
  },
  // A customer by an exact phone (the POS lookup): phone first, like a business key, with the columns it returns;
  // the prefix search keeps its tenant-led index.
  { name: 'perf_customers_phone_names', table: 'customers', columns: ['phone', 'tenant_id', 'id', 'first_name', 'last_name'], unique: false },
  { name: 'perf_product_categories_list', table: 'product_categories', columns: ['tenant_id', 'sort_order', 'name', 'id', 'parent_id'], unique: false },
  {
    name: 'perf_users_active',
    table: 'users',
    columns: ['tenant_id', 'active', 'display_name', 'id', 'username', 'role', 'email', 'created_at', 'updated_at'],
    unique: false,
  },
  {
    name: 'perf_commission_rules_active',
    table: 'commission_rules',
    columns: ['tenant_id', 'active', 'id', 'name', 'applies_to', 'rate_bp', 'created_at'],
    unique: false,
  },
  // The store's PIN cost (users.pinHashSample, read at every PIN check; addUser hashes at it): the first username's
  // hash read from the entry, without the row lookup that legacy's one-field seek leaves room for.
  { name: 'perf_users_pin_sample', table: 'users', columns: ['tenant_id', 'username', 'pin_hash'], unique: false, seedStat: true },
  { name: 'perf_promotions_active', table: 'promotions', columns: ['tenant_id', 'active', 'code'], unique: false },
  // The name search (products.byNameWords): the store's active products in name order, so LIMIT stops the walk
  // after the first matches; the LIKE is tested on the entry and only a match reads its row.
  { name: 'perf_products_active_name', table: 'products', columns: ['tenant_id', 'active', 'name', 'sku'], unique: false },
  // A category's active products in name order (products.byCategory, the POS category list). Needed beside the
  // one above: without it SQLite walks that index's whole store range for a category list (2.2x to 9x legacy).
  { name: 'perf_products_category_active_name', table: 'products', columns: ['tenant_id', 'category_id', 'active', 'name'], unique: false },
  // Point lookups (docs/performance.md, session 5). A layaway's payments in the order they are listed, so the list
  // needs no sort (it took the place of parentFirst('layaway_payments', 'layaway_id'), its prefix). A product's
  // category name from the index alone, for every product lookup's join, instead of reading the category's row
  // (categories are few and rarely written).
  { name: 'perf_layaway_payments_layaway_paid', table: 'layaway_payments', columns: ['layaway_id', 'tenant_id', 'paid_at'], unique: false },
  { name: 'perf_product_categories_id_tenant_name', table: 'product_categories', columns: ['id', 'tenant_id', 'name'], unique: true },
];

export function perfIndexSql(index: PerfIndex): string {
  return `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS ${index.name} ON ${index.table} (${index.columns.join(', ')})`;
}

/**
 * Performance indexes an earlier 2.0 build created and a wider one replaced (session 5). Beside its
 * replacement SQLite may still choose the old one (the narrower unique inventory key wins over the covering
 * one), and both are kept up to date on every write, so the build drops them.
 */
export const RETIRED_PERF_INDEXES: readonly string[] = [
  'perf_inventory_product_id_tenant',
  'perf_customers_phone_tenant',
  'perf_layaway_payments_layaway_id_tenant',
];

/** The retired performance indexes this store still has. */
export function retiredPerfIndexes(db: Db): string[] {
  const indexes = new Set(db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index'`).pluck().all() as string[]);
  return RETIRED_PERF_INDEXES.filter((name) => indexes.has(name));
}

/** The performance indexes this store lacks (tables it does not have yet are skipped: the migrations create them first). */
export function missingPerfIndexes(db: Db): PerfIndex[] {
  const objects = new Set(db.prepare(`SELECT type || ' ' || name FROM sqlite_master WHERE type IN ('table', 'index')`).pluck().all() as string[]);
  return PERF_INDEXES.filter((i) => objects.has(`table ${i.table}`) && !objects.has(`index ${i.name}`));
}

/** The index's sqlite_stat1 row (seedStat); a store without sqlite_stat1, or one that has a row for it (ANALYZE), is left alone. */
function seedPlannerStat(db: Db, index: PerfIndex): void {
  if (!db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'`).get()) return;
  if (db.prepare(`SELECT 1 FROM sqlite_stat1 WHERE tbl = ? AND idx = ?`).get(index.table, index.name)) return;
  const { rows, tenants } = db.prepare(`SELECT count(*) AS rows, count(DISTINCT tenant_id) AS tenants FROM ${index.table}`).get() as {
    rows: number;
    tenants: number;
  };
  const stat = [Math.max(rows, 1), Math.max(Math.ceil(rows / Math.max(tenants, 1)), 1), ...index.columns.slice(1).map(() => 1)].join(' ');
  db.prepare(`INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?, ?, ?)`).run(index.table, index.name, stat);
  // Loads the row into this connection; the others reload the schema (and its statistics) after the CREATE INDEX.
  db.exec('ANALYZE sqlite_schema');
}

export interface PerfIndexBuild {
  /** The indexes built by this call, with their time in ms. */
  built: { name: string; ms: number }[];
  /** Whether every performance index exists now (false when stopped early). */
  complete: boolean;
}

export interface BuildOptions {
  /** Awaited between two indexes: the worker yields to its event loop there, so POS calls are answered. */
  between?: () => Promise<void>;
  /** Asked before each index; true stops the build (an upgrade, backup or restore wants the file). */
  stop?: () => boolean;
  onBuilt?: (name: string, ms: number) => void;
}

/**
 * Builds the missing performance indexes, each in its own IMMEDIATE transaction: the write lock is held
 * for one index at a time (tens of ms to a few hundred on the large store), readers in WAL mode go on
 * reading meanwhile, and a writer waits at most that long (busy_timeout). Resumable: it only ever builds
 * what is missing, so a build stopped or killed half way is finished by the next call.
 */
export async function buildMissingPerfIndexes(db: Db, options: BuildOptions = {}): Promise<PerfIndexBuild> {
  const built: PerfIndexBuild['built'] = [];
  for (const index of missingPerfIndexes(db)) {
    if (options.stop?.()) return { built, complete: false };
    const started = performance.now();
    db.transaction(() => {
      db.exec(perfIndexSql(index));
      if (index.seedStat) seedPlannerStat(db, index);
    }).immediate();
    const ms = performance.now() - started;
    built.push({ name: index.name, ms });
    options.onBuilt?.(index.name, ms);
    await options.between?.();
  }
  // Only once every replacement exists: until then a retired index still serves its statements.
  if (missingPerfIndexes(db).length === 0) for (const name of retiredPerfIndexes(db)) db.transaction(() => db.exec(`DROP INDEX ${name}`)).immediate();
  return { built, complete: missingPerfIndexes(db).length === 0 };
}
