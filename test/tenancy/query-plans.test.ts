import { beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUE, DERIVED_LIST_TABLES, DERIVED_TABLES } from '../../electron/db/catalogue';
import { openDatabase, type Db } from '../../electron/db/open';
import { PERF_INDEXES } from '../../electron/db/perf-indexes';
import { DATA_LAYER_SQL } from '../../electron/tenancy/repositories';
import { tempDir } from '../helpers';
import { tableRefs } from './sql-analysis';
import { CAPS, openCopy, twoTenantDatabase } from './fixtures';

const dir = tempDir();
const STATES = [
  'the statistics the migration writes',
  'no statistics at all',
  'the statistics the migration writes, before the performance indexes are built',
  'no statistics, before the performance indexes are built',
] as const;
const connections = new Map<(typeof STATES)[number], Db>();
/** The connection the current describe block plans on. */
let db: Db;
beforeAll(async () => {
  const file = await twoTenantDatabase(dir);
  // The store as a variant: without sqlite_stat1 (SQLite's defaults; the migrations write some, ANALYZE would write more),
  // and/or as it is between the upgrade's COMMIT and the worker's index build (electron/db/perf-indexes.ts).
  const variant = (noStats: boolean, noPerfIndexes: boolean) => {
    const copy = openCopy(file, dir);
    if (noStats && copy.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'`).get()) copy.exec('DELETE FROM sqlite_stat1');
    if (noPerfIndexes) for (const i of PERF_INDEXES) copy.exec(`DROP INDEX IF EXISTS ${i.name}`);
    const name = copy.name;
    copy.close();
    return openDatabase(name, { readonly: true });
  };
  connections.set(STATES[0], openDatabase(file, { readonly: true }));
  connections.set(STATES[1], variant(true, false));
  connections.set(STATES[2], variant(false, true));
  connections.set(STATES[3], variant(true, true));
  return () => connections.forEach((c) => c.close());
});

/** Plausible values for every named parameter, so SQLite plans the statement as the app runs it. */
function paramsFor(sql: string): Record<string, unknown> {
  const numeric = new Set(['limit', 'year', 'quantity', 'lineNo', 'unitPriceCents', 'amountCents', 'totalCents', 'odometer', 'mileage', 'unitCostCents']);
  const out: Record<string, unknown> = {};
  for (const [, name] of sql.matchAll(/@(\w+)/g)) out[name!] = name === 'tenantId' ? CAPS : numeric.has(name!) ? 10 : 'x';
  return out;
}

const indexColumns = (name: string) => (db.prepare(`SELECT name FROM pragma_index_info(?) ORDER BY seqno`).all(name) as { name: string }[]).map((c) => c.name);
const isUnique = (table: string, index: string) =>
  (db.prepare(`SELECT "unique" AS u FROM pragma_index_list(?) WHERE name = ?`).get(table, index) as { u: number } | undefined)?.u === 1;
const primaryKeyColumns = (table: string) =>
  (db.prepare(`SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk`).all(table) as { name: string }[]).map((c) => c.name);
const globallyUnique = new Map(CATALOGUE.map((t) => [t.name as string, new Set(['id', ...t.globalUniques])]));
/** Tables whose rows are tenant data (the catalogue's and the derived ones of 0012 and 0013): a SCAN of one is a failure. */
const tenantTables = new Set<string>([...globallyUnique.keys(), ...DERIVED_TABLES, ...DERIVED_LIST_TABLES]);

/**
 * What a plan line says about one table: a SCAN of a tenant table is a failure;
 * a SEARCH must use an index led by tenant_id, or a key-first index whose
 * columns up to and including tenant_id are all bound by equality (an
 * equality lookup such as `(sku, tenant_id)`: the range it reads is one
 * tenant's, exactly as with `(tenant_id, sku)`; docs/performance.md), or be a
 * point lookup on a globally unique UUID column (primary key, session token),
 * which finds one row whose tenant_id the statement then checks.
 */
function judge(detail: string, aliases: ReadonlyMap<string, string> = new Map()): string | null {
  const tableOf = (name: string) => aliases.get(name) ?? name;
  const scan = /^SCAN (\w+)/.exec(detail);
  if (scan && tenantTables.has(tableOf(scan[1]!))) return `full scan: ${detail}`;
  // A WITHOUT ROWID table keyed by tenant_id (migration 0012's counter tables, 0013's lists): its primary key is a tenant-led index.
  const byKey = /^SEARCH \w+ USING PRIMARY KEY \((.*)\)/.exec(detail);
  if (byKey) return byKey[1]!.startsWith('tenant_id=') ? null : `primary key used without its tenant_id prefix: ${detail}`;
  const search = /^SEARCH (\w+) USING (?:COVERING )?INDEX (\w+) \((.*)\)/.exec(detail);
  if (!search) return /^SEARCH \w+/.test(detail) ? `unexpected access path: ${detail}` : null;
  const [, name, index, terms] = search as unknown as [string, string, string, string];
  const table = tableOf(name);
  const cols = indexColumns(index);
  if (cols[0] === 'tenant_id') return terms.startsWith('tenant_id=') ? null : `index ${index} used without its tenant_id prefix: ${detail}`;
  const at = cols.indexOf('tenant_id');
  if (at > 0) {
    const equalities = cols.slice(0, at + 1).map((c) => `${c}=?`);
    const bound = terms.split(' AND ').slice(0, at + 1);
    return bound.join() === equalities.join()
      ? null
      : `key-first index ${index} (${cols.join(', ')}) used without equality on every column up to tenant_id: ${detail}`;
  }
  if (cols.length === 1 && isUnique(table, index) && globallyUnique.get(table)?.has(cols[0]!) && terms === `${cols[0]}=?`) return null;
  return `index ${index} (${cols.join(', ')}) is not led by tenant_id: ${detail}`;
}

/**
 * Statements that may read a whole tenant's index range, each for a reason
 * that keeps it cheap; any other statement must narrow the range past tenant_id.
 */
const WHOLE_TENANT_RANGE: Record<string, string> = {
  'activity.recentAudit': 'reads the index newest first and stops at LIMIT',
  'products.categories': 'product_categories is a small table (60 rows in the large store)',
  'sales.recent': 'reads (tenant_id, created_at) newest first and stops at LIMIT',
  'products.byNameWords':
    "LIKE on words anywhere in a name cannot narrow the range: before perf_products_active_name is built, the store's (tenant_id, category_id) range (see docs/performance.md)",
  'selling.commissionRules': 'commission_rules is a small table (6 rows in the large store)',
  'selling.activePromotions': 'promotions is a small table (50 rows in the large store), LIMIT-bounded',
  'users.activeUsers': 'users is a small table (40 rows in the large store), LIMIT 200',
};

/**
 * Statements that read a whole table in table order (NOT INDEXED), each for a reason; the tenant filter
 * still keeps only the tenant's rows (the leak suite proves it). Any other SCAN of a tenant table fails.
 */
const TABLE_SCAN: Record<string, string> = {};

describe.each(STATES)('query plans with %s: every data-layer query finds its rows through a tenant-led index, never by scanning a table', (state) => {
  beforeAll(() => {
    db = connections.get(state)!;
  });
  const queries = DATA_LAYER_SQL.filter((s) => /^\s*(SELECT|UPDATE|DELETE)/i.test(s.sql));

  it.each(queries.map((q) => [`${q.file}.${q.name}`, q.sql] as const))('%s', (name, sql) => {
    const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(paramsFor(sql)) as { detail: string }[];
    const touched = plan.filter((p) => /^(SCAN|SEARCH) /.test(p.detail));
    expect(touched.length, plan.map((p) => p.detail).join(' | ')).toBeGreaterThan(0);
    const aliases = new Map(tableRefs(sql).flatMap((r) => (r.alias ? [[r.alias, r.table] as const] : [])));
    const scanAllowed = (d: string) => name in TABLE_SCAN && /^SCAN \w+$/.test(d);
    expect(plan.map((p) => (scanAllowed(p.detail) ? null : judge(p.detail, aliases))).filter(Boolean), plan.map((p) => p.detail).join(' | ')).toEqual([]);
    // A UNIQUE (tenant_id) index (a store's one sync credential, sync_state), or a primary key of tenant_id alone
    // (0012's counter tables), holds one row per tenant: never a range.
    const onePerTenant = (d: string) => {
      const byKey = /^SEARCH (\w+) USING PRIMARY KEY \(tenant_id=\?\)$/.exec(d);
      if (byKey) return primaryKeyColumns(aliases.get(byKey[1]!) ?? byKey[1]!).join() === 'tenant_id';
      const m = /^SEARCH (\w+) USING (?:COVERING )?INDEX (\w+) \(tenant_id=\?\)$/.exec(d);
      if (!m) return false;
      const table = aliases.get(m[1]!) ?? m[1]!;
      return isUnique(table, m[2]!) && indexColumns(m[2]!).join() === 'tenant_id';
    };
    const wholeTenant = plan.filter((p) => /\(tenant_id=\?\)$/.test(p.detail) && !onePerTenant(p.detail)).map((p) => p.detail);
    if (!(name in WHOLE_TENANT_RANGE)) expect(wholeTenant, 'reads every row of the tenant').toEqual([]);
  });

  it('the whole-tenant and table-scan allowances list only statements that exist', () => {
    const names = new Set(DATA_LAYER_SQL.map((s) => `${s.file}.${s.name}`));
    expect(Object.keys(WHOLE_TENANT_RANGE).filter((n) => !names.has(n))).toEqual([]);
    expect(Object.keys(TABLE_SCAN).filter((n) => !names.has(n))).toEqual([]);
  });

  it('the judge itself fails what it should', () => {
    expect(judge('SCAN products')).toMatch(/full scan/);
    expect(judge('SEARCH products USING INDEX idx_products_tenant_id (tenant_id=? AND category_id=?)')).toBeNull();
    expect(judge('SEARCH sessions USING INDEX sqlite_autoindex_sessions_2 (token=?)')).toBeNull();
    expect(judge('SEARCH c USING INDEX sqlite_autoindex_customers_1 (id=?)', new Map([['c', 'customers']]))).toBeNull();
    expect(judge('SCAN w', new Map([['w', 'work_orders']]))).toMatch(/full scan/);
    // The derived tables (0013's WITHOUT ROWID lists) only through their tenant-led key.
    expect(judge('SCAN vehicle_models')).toMatch(/full scan/);
    expect(judge('SEARCH vehicle_models USING PRIMARY KEY (tenant_id=? AND make>?)')).toBeNull();
    expect(judge('SEARCH promotion_use_counts USING PRIMARY KEY (tenant_id=? AND promotion_id=?)')).toBeNull();
    expect(judge('SEARCH vehicle_models USING PRIMARY KEY (make>?)')).toMatch(/without its tenant_id prefix/);
    // The per-tenant unique key used without tenant_id (a legacy-style lookup by SKU alone) is not allowed.
    const skuKey = (db.prepare(`SELECT name FROM pragma_index_list('products') WHERE origin = 'u'`).all() as { name: string }[])
      .map((r) => r.name)
      .find((n) => indexColumns(n).join() === 'tenant_id,sku')!;
    expect(judge(`SEARCH products USING INDEX ${skuKey} (sku=?)`)).toMatch(/without its tenant_id prefix/);
    expect(judge('SEARCH products USING INDEX some_other_index (brand=?)')).toMatch(/not led by tenant_id/);
    // A key-first index is an equality lookup within the tenant only when every column up to tenant_id is bound by `=`.
    if (indexColumns('perf_products_sku_tenant').length > 0) {
      expect(judge('SEARCH products USING INDEX perf_products_sku_tenant (sku=? AND tenant_id=?)')).toBeNull();
      expect(judge('SEARCH products USING INDEX perf_products_sku_tenant (sku=?)')).toMatch(/without equality on every column up to tenant_id/);
      expect(judge('SEARCH products USING INDEX perf_products_sku_tenant (sku>? AND sku<?)')).toMatch(/without equality/);
    }
  });
});
