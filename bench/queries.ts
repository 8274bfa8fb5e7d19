// Bench section "queries": a dozen everyday POS queries, unscoped on the legacy store and scoped to
// caps-automotive on the migrated one, timed side by side in one run (the task: within 10%).
import path from 'node:path';
import { DEFAULT_TENANT_ID } from '../contracts/tenant-id';
import { runPendingMigrations } from '../electron/db/migrator';
import { openDatabase, type Db } from '../electron/db/open';
import { copyFixture, median, type BenchContext, type BenchRow } from './lib';
import type { BenchSection } from './sections';
import { MIGRATIONS } from '../migrations';

type Params = (string | number)[];

export interface PosQuery {
  name: string;
  /** As the single-tenant app ran it. */
  legacy: string;
  /** The same question for one tenant: every table in it filtered by tenant_id. */
  scoped: string;
  /** Realistic parameters, picked from the store's own data; positional, so binding costs the same before and after. */
  params(db: Db): Params;
  /** The scoped query's arguments in placeholder order; by default the tenant first, then the parameters. */
  scopedArgs?(tenant: string, params: Params): Params;
  /** The legacy query's arguments, when a parameter is used twice. */
  legacyArgs?(params: Params): Params;
}

const one = (db: Db, sql: string): string | number => db.prepare(sql).pluck().get() as string | number;
/** A row from the middle of a table (by rowid), so lookups are neither first nor last. */
const middle = (db: Db, table: string, column: string, where = '1') =>
  one(db, `SELECT ${column} FROM ${table} WHERE ${where} ORDER BY rowid LIMIT 1 OFFSET (SELECT count(*) / 2 FROM ${table} WHERE ${where})`);

export const POS_QUERIES: PosQuery[] = [
  {
    name: 'product by SKU',
    legacy: `SELECT id, sku, name, price_cents FROM products WHERE sku = ?`,
    scoped: `SELECT id, sku, name, price_cents FROM products WHERE tenant_id = ? AND sku = ?`,
    params: (db) => [middle(db, 'products', 'sku')],
  },
  {
    name: 'product by barcode',
    legacy: `SELECT id, sku, name, price_cents FROM products WHERE barcode = ?`,
    scoped: `SELECT id, sku, name, price_cents FROM products WHERE tenant_id = ? AND barcode = ?`,
    params: (db) => [middle(db, 'products', 'barcode', 'barcode IS NOT NULL')],
  },
  {
    name: 'products by category',
    legacy: `SELECT id, sku, name, price_cents FROM products WHERE category_id = ? AND active = 1 ORDER BY name LIMIT 50`,
    scoped: `SELECT id, sku, name, price_cents FROM products WHERE tenant_id = ? AND category_id = ? AND active = 1 ORDER BY name LIMIT 50`,
    params: (db) => [middle(db, 'products', 'category_id', 'category_id IS NOT NULL')],
  },
  {
    name: 'fitment by make/model/year',
    legacy: `SELECT p.sku, p.name, f.engine FROM fitment_data f JOIN products p ON p.id = f.product_id
             WHERE f.make = ? AND f.model = ? AND f.year_from <= ? AND f.year_to >= ? LIMIT 100`,
    scoped: `SELECT p.sku, p.name, f.engine FROM fitment_data f JOIN products p ON p.id = f.product_id AND p.tenant_id = ?
             WHERE f.tenant_id = ? AND f.make = ? AND f.model = ? AND f.year_from <= ? AND f.year_to >= ? LIMIT 100`,
    legacyArgs: ([make, model, year]) => [make!, model!, year!, year!],
    scopedArgs: (tenant, [make, model, year]) => [tenant, tenant, make!, model!, year!, year!],
    params: (db) => {
      const id = middle(db, 'fitment_data', 'id');
      return db.prepare(`SELECT make, model, year_from FROM fitment_data WHERE id = ?`).raw().get(id) as Params;
    },
  },
  {
    name: 'customers by name prefix',
    legacy: `SELECT id, first_name, last_name, phone FROM customers WHERE last_name >= ? AND last_name < ? ORDER BY last_name, first_name LIMIT 25`,
    scoped: `SELECT id, first_name, last_name, phone FROM customers WHERE tenant_id = ? AND last_name >= ? AND last_name < ? ORDER BY last_name, first_name LIMIT 25`,
    params: (db) => {
      const prefix = String(middle(db, 'customers', 'last_name')).slice(0, 3);
      return [prefix, prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1)];
    },
  },
  {
    name: 'customer by phone',
    legacy: `SELECT id, first_name, last_name FROM customers WHERE phone = ?`,
    scoped: `SELECT id, first_name, last_name FROM customers WHERE tenant_id = ? AND phone = ?`,
    params: (db) => [middle(db, 'customers', 'phone', 'phone IS NOT NULL')],
  },
  {
    name: 'open work orders by date',
    legacy: `SELECT id, number, customer_id, opened_at FROM work_orders WHERE status = 'open' ORDER BY opened_at DESC LIMIT 50`,
    scoped: `SELECT id, number, customer_id, opened_at FROM work_orders WHERE tenant_id = ? AND status = 'open' ORDER BY opened_at DESC LIMIT 50`,
    params: () => [],
  },
  {
    name: 'work order with its lines',
    legacy: `SELECT w.number, w.status, l.line_no, l.kind, l.description, l.quantity, l.unit_price_cents
             FROM work_orders w JOIN work_order_lines l ON l.work_order_id = w.id WHERE w.number = ? ORDER BY l.line_no`,
    scoped: `SELECT w.number, w.status, l.line_no, l.kind, l.description, l.quantity, l.unit_price_cents
             FROM work_orders w JOIN work_order_lines l ON l.tenant_id = ? AND l.work_order_id = w.id
             WHERE w.tenant_id = ? AND w.number = ? ORDER BY l.line_no`,
    scopedArgs: (tenant, params) => [tenant, tenant, ...params],
    params: (db) => [
      one(
        db,
        `SELECT w.number FROM work_orders w WHERE EXISTS (SELECT 1 FROM work_order_lines l WHERE l.work_order_id = w.id) ORDER BY w.rowid LIMIT 1 OFFSET 1000`,
      ),
    ],
  },
  {
    name: 'gift card by code',
    legacy: `SELECT id, balance_cents, status FROM gift_cards WHERE code = ?`,
    scoped: `SELECT id, balance_cents, status FROM gift_cards WHERE tenant_id = ? AND code = ?`,
    params: (db) => [middle(db, 'gift_cards', 'code')],
  },
  {
    name: 'on-hand inventory of a category',
    legacy: `SELECT p.sku, p.name, i.quantity_on_hand, i.bin_location FROM products p JOIN inventory i ON i.product_id = p.id
             WHERE p.category_id = ? ORDER BY p.sku LIMIT 100`,
    scoped: `SELECT p.sku, p.name, i.quantity_on_hand, i.bin_location FROM products p JOIN inventory i ON i.tenant_id = ? AND i.product_id = p.id
             WHERE p.tenant_id = ? AND p.category_id = ? ORDER BY p.sku LIMIT 100`,
    scopedArgs: (tenant, params) => [tenant, tenant, ...params],
    params: (db) => [middle(db, 'products', 'category_id', 'category_id IS NOT NULL')],
  },
  {
    name: 'latest audit entries',
    legacy: `SELECT id, user_id, action, entity_type, created_at FROM audit_log ORDER BY created_at DESC LIMIT 50`,
    scoped: `SELECT id, user_id, action, entity_type, created_at FROM audit_log WHERE tenant_id = ? ORDER BY created_at DESC LIMIT 50`,
    params: () => [],
  },
  {
    name: 'pending operations batch',
    legacy: `SELECT id, entity_type, entity_id, operation, payload FROM pending_operations WHERE status = 'pending' ORDER BY created_at LIMIT 100`,
    scoped: `SELECT id, entity_type, entity_id, operation, payload FROM pending_operations WHERE tenant_id = ? AND status = 'pending' ORDER BY created_at LIMIT 100`,
    params: () => [],
  },
  {
    name: 'user by username (sign-in)',
    legacy: `SELECT id, display_name, role, pin_hash FROM users WHERE username = ? AND active = 1`,
    scoped: `SELECT id, display_name, role, pin_hash FROM users WHERE tenant_id = ? AND username = ? AND active = 1`,
    params: (db) => [middle(db, 'users', 'username', 'active = 1')],
  },
];

const REPETITIONS = 31;
const BATCH_TARGET_MS = 8;

function timeBatch(run: () => unknown, times: number): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < times; i++) run();
  return Number(process.hrtime.bigint() - start) / 1e6 / times;
}

/** Per query: median time per execution before and after, alternating batches so drift hits both equally. */
export function compareQueries(
  legacyDb: Db,
  migratedDb: Db,
  tenant = DEFAULT_TENANT_ID,
): { name: string; beforeMs: number; afterMs: number; rows: number; sameRows: boolean }[] {
  return POS_QUERIES.map((q) => {
    const params = q.params(legacyDb);
    const before = legacyDb.prepare(q.legacy);
    const after = migratedDb.prepare(q.scoped);
    const legacyArgs = q.legacyArgs?.(params) ?? params;
    const scopedArgs = q.scopedArgs?.(tenant, params) ?? [tenant, ...params];
    const runBefore = () => before.all(...legacyArgs);
    const runAfter = () => after.all(...scopedArgs);
    const expected = JSON.stringify(runBefore());
    const sameRows = JSON.stringify(runAfter()) === expected;
    // Warm both caches, then size a batch to about BATCH_TARGET_MS.
    const once = Math.max(timeBatch(runBefore, 20), timeBatch(runAfter, 20), 0.001);
    const times = Math.min(Math.max(Math.ceil(BATCH_TARGET_MS / once), 5), 20_000);
    const b: number[] = [];
    const a: number[] = [];
    for (let r = 0; r < REPETITIONS; r++) {
      if (r % 2 === 0) {
        b.push(timeBatch(runBefore, times));
        a.push(timeBatch(runAfter, times));
      } else {
        a.push(timeBatch(runAfter, times));
        b.push(timeBatch(runBefore, times));
      }
    }
    return { name: q.name, beforeMs: median(b), afterMs: median(a), rows: (JSON.parse(expected) as unknown[]).length, sameRows };
  });
}

export const queriesSection: BenchSection = {
  name: 'queries',
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const legacyFile = copyFixture(ctx.largeLegacyDb, path.join(ctx.scratch, 'queries-legacy.sqlite'));
    const migratedFile = copyFixture(ctx.largeLegacyDb, path.join(ctx.scratch, 'queries-migrated.sqlite'));
    const m = openDatabase(migratedFile);
    await runPendingMigrations(m, { migrations: MIGRATIONS });
    m.pragma('wal_checkpoint(TRUNCATE)');
    m.close();
    // Both opened as the app opens them (same pragmas, default page cache).
    const legacyDb = openDatabase(legacyFile, { readonly: true });
    const migratedDb = openDatabase(migratedFile, { readonly: true });
    try {
      const results = compareQueries(legacyDb, migratedDb);
      const rows: BenchRow[] = results.map((r) => {
        const ratio = r.afterMs / r.beforeMs;
        return {
          section: 'queries',
          name: `${r.name} (after/before)`,
          value: ratio,
          unit: 'ratio',
          // The ratio's target (<= 1.10) is judged on the repeatable instruction count (issue 15, the
          // instructions section); CPU time on this shared machine is reported beside it. Same rows is judged here.
          target: 'same rows',
          ok: r.sameRows,
          note: `${(r.beforeMs * 1000).toFixed(1)} us -> ${(r.afterMs * 1000).toFixed(1)} us, ${r.rows} rows${r.sameRows ? '' : ', DIFFERENT ROWS'}`,
        };
      });
      const med = median(rows.map((r) => r.value));
      rows.push({ section: 'queries', name: 'median after/before ratio', value: med, unit: 'ratio', note: 'CPU time; target judged on Ir (instructions)' });
      return rows;
    } finally {
      legacyDb.close();
      migratedDb.close();
    }
  },
};
