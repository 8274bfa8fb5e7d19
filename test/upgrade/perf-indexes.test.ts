import { idleTracker } from '../../electron/security/idle';
import { beforeAll, describe, expect, it } from 'vitest';
import { runPendingMigrations } from '../../electron/db/migrator';
import { openDatabase, type Db } from '../../electron/db/open';
import { buildMissingPerfIndexes, missingPerfIndexes, PERF_INDEXES, retiredPerfIndexes } from '../../electron/db/perf-indexes';
import type { WorkerContext } from '../../electron/worker/context';
import { indexJobHooks } from '../../electron/worker/index-job';
import { DATA_LAYER_SQL } from '../../electron/tenancy/repositories';
import { MIGRATIONS } from '../../migrations';
import { makeDemoDatabase, tempDir } from '../helpers';
import { CAPS, OTHER, addSecondTenant, openCopy } from '../migration/helpers';

const dir = tempDir('pos-perf-indexes-');
let migrated: string;
beforeAll(async () => {
  const v1 = await makeDemoDatabase(dir, 'small');
  const db = openCopy(v1, dir);
  await runPendingMigrations(db, { migrations: MIGRATIONS });
  addSecondTenant(db);
  db.pragma('wal_checkpoint(TRUNCATE)');
  migrated = db.name;
  db.close();
});

const present = (db: Db) => new Set(db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'perf_%'`).pluck().all() as string[]);

describe('the performance indexes, built after the upgrade commit', () => {
  it('a freshly upgraded store has none; one call builds every one, each its own transaction', async () => {
    const db = openCopy(migrated, dir);
    expect(missingPerfIndexes(db).map((i) => i.name)).toEqual(PERF_INDEXES.map((i) => i.name));
    const commits: number[] = [];
    const build = await buildMissingPerfIndexes(db, {
      between: async () => {
        // Between two indexes nothing is left open: the POS gets the write lock.
        expect(db.inTransaction).toBe(false);
        commits.push(present(db).size);
      },
    });
    expect(build.complete).toBe(true);
    expect(build.built.map((b) => b.name)).toEqual(PERF_INDEXES.map((i) => i.name));
    expect(commits).toEqual(PERF_INDEXES.map((_, i) => i + 1));
    expect(missingPerfIndexes(db)).toEqual([]);
    // Nothing left to do the second time.
    expect((await buildMissingPerfIndexes(db)).built).toEqual([]);
    db.close();
  });

  it('is resumable: a build stopped half way (or killed: its open transaction rolls back) is finished by the next call', async () => {
    const db = openCopy(migrated, dir);
    let asked = 0;
    const first = await buildMissingPerfIndexes(db, { stop: () => ++asked > 3 });
    expect(first).toMatchObject({ complete: false });
    expect(first.built).toHaveLength(3);
    // A kill mid-index is a transaction that never committed: simulated by one that rolls back.
    const next = missingPerfIndexes(db)[0]!;
    db.exec('BEGIN IMMEDIATE');
    db.exec(`CREATE UNIQUE INDEX ${next.name} ON ${next.table} (${next.columns.join(', ')})`);
    db.exec('ROLLBACK');
    const second = await buildMissingPerfIndexes(db);
    expect(second.complete).toBe(true);
    expect(second.built.map((b) => b.name)).toEqual(PERF_INDEXES.slice(3).map((i) => i.name));
    db.close();
  });

  it('the POS reads and writes from another connection between two indexes', async () => {
    const db = openCopy(migrated, dir);
    const pos = openDatabase(db.name);
    pos.pragma('busy_timeout = 100');
    let rounds = 0;
    await buildMissingPerfIndexes(db, {
      between: async () => {
        rounds++;
        expect(pos.prepare(`SELECT count(*) FROM products WHERE tenant_id = ?`).pluck().get(CAPS)).toBeGreaterThan(0);
        pos
          .prepare(`UPDATE inventory SET bin_location = ? WHERE tenant_id = ? AND rowid = (SELECT min(rowid) FROM inventory WHERE tenant_id = ?)`)
          .run(`B${rounds}`, CAPS, CAPS);
      },
    });
    expect(rounds).toBe(PERF_INDEXES.length);
    pos.close();
    db.close();
  });

  it('the key-first unique indexes keep per-tenant uniqueness exactly: the same SKU in two stores, never twice in one', async () => {
    const db = openCopy(migrated, dir);
    await buildMissingPerfIndexes(db);
    const shared = db
      .prepare(`SELECT sku FROM products WHERE tenant_id = ? AND sku IN (SELECT sku FROM products WHERE tenant_id = ?) LIMIT 1`)
      .pluck()
      .get(CAPS, OTHER);
    expect(shared, 'both demo stores use the same SKUs').toBeTruthy();
    const row = db.prepare(`SELECT * FROM products WHERE tenant_id = ? AND sku = ?`).get(CAPS, shared) as Record<string, unknown>;
    const copy = { ...row, id: 'perf-test-duplicate', barcode: null };
    const cols = Object.keys(copy);
    const insert = db.prepare(`INSERT INTO products (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`);
    expect(() => insert.run(copy)).toThrow(/UNIQUE/);
    db.close();
  });
});

describe('what a performance index is for', () => {
  it("the name search walks the store's active products in name order and stops at LIMIT, without a sort", async () => {
    const db = openCopy(migrated, dir);
    await buildMissingPerfIndexes(db);
    const sql = DATA_LAYER_SQL.find((q) => `${q.file}.${q.name}` === 'products.byNameWords')!.sql;
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ tenantId: CAPS, w1: '%a%', w2: '%', w3: '%', limit: 25 }) as { detail: string }[]).map(
      (r) => r.detail,
    );
    expect(plan[0]).toBe('SEARCH p USING INDEX perf_products_active_name (tenant_id=? AND active=?)');
    expect(plan.join(' | ')).not.toMatch(/TEMP B-TREE/);
    const byCategory = DATA_LAYER_SQL.find((q) => `${q.file}.${q.name}` === 'products.byCategory')!.sql;
    const categoryPlan = (db.prepare(`EXPLAIN QUERY PLAN ${byCategory}`).all({ tenantId: CAPS, categoryId: 'x', limit: 50 }) as { detail: string }[]).map(
      (r) => r.detail,
    );
    expect(categoryPlan[0]).toBe('SEARCH p USING INDEX perf_products_category_active_name (tenant_id=? AND category_id=? AND active=?)');
    expect(categoryPlan.join(' | ')).not.toMatch(/TEMP B-TREE/);
    db.close();
  });

  it("the store's PIN cost is read from an index entry: no row lookup, no sort", async () => {
    const db = openCopy(migrated, dir);
    await buildMissingPerfIndexes(db);
    const sql = DATA_LAYER_SQL.find((q) => `${q.file}.${q.name}` === 'users.pinHashSample')!.sql;
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ tenantId: CAPS }) as { detail: string }[]).map((r) => r.detail);
    expect(plan).toEqual(['SEARCH users USING COVERING INDEX perf_users_pin_sample (tenant_id=? AND username>?)']);
    db.close();
  });

  it("a layaway's payments come in paid_at order without a sort; a product's category name comes from an index alone", async () => {
    const db = openCopy(migrated, dir);
    await buildMissingPerfIndexes(db);
    const planOf = (name: string, params: Record<string, unknown>) =>
      (
        db.prepare(`EXPLAIN QUERY PLAN ${DATA_LAYER_SQL.find((q) => `${q.file}.${q.name}` === name)!.sql}`).all({ tenantId: CAPS, ...params }) as {
          detail: string;
        }[]
      ).map((r) => r.detail);
    expect(planOf('layaways.payments', { layawayId: 'x' })).toEqual([
      'SEARCH layaway_payments USING INDEX perf_layaway_payments_layaway_paid (layaway_id=? AND tenant_id=?)',
    ]);
    for (const name of ['products.bySku', 'products.byBarcode', 'products.byId'])
      expect(planOf(name, { sku: 'x', barcode: 'x', id: 'x' }), name).toContain(
        'SEARCH c USING COVERING INDEX perf_product_categories_id_tenant_name (id=? AND tenant_id=?) LEFT-JOIN',
      );
    db.close();
  });
});

describe('covering joins: a join answered from the index alone, without reading the row', () => {
  const planOf = (db: Db, name: string, params: Record<string, unknown>) =>
    (db.prepare(`EXPLAIN QUERY PLAN ${DATA_LAYER_SQL.find((q) => `${q.file}.${q.name}` === name)!.sql}`).all(params) as { detail: string }[]).map(
      (r) => r.detail,
    );

  it("a product's category name and stock, and a vehicle's fitment rows", async () => {
    const db = openCopy(migrated, dir);
    await buildMissingPerfIndexes(db);
    const bySku = planOf(db, 'products.bySku', { tenantId: CAPS, sku: 'x' });
    expect(bySku).toContain('SEARCH c USING COVERING INDEX perf_product_categories_id_tenant_name (id=? AND tenant_id=?) LEFT-JOIN');
    expect(bySku).toContain('SEARCH i USING COVERING INDEX perf_inventory_product_stock (product_id=? AND tenant_id=?) LEFT-JOIN');
    const forVehicle = planOf(db, 'products.forVehicle', { tenantId: CAPS, make: 'x', model: 'y', year: 2010, limit: 100 });
    expect(forVehicle[0]).toMatch(/^SEARCH f USING COVERING INDEX perf_fitment_data_vehicle \(tenant_id=\? AND make=\? AND model=\?/);
    db.close();
  });

  it('a store that built the narrower indexes they replaced loses them once every replacement exists, and the join takes the covering one', async () => {
    const db = openCopy(migrated, dir);
    db.exec(`CREATE UNIQUE INDEX perf_inventory_product_id_tenant ON inventory (product_id, tenant_id);
      CREATE INDEX perf_customers_phone_tenant ON customers (phone, tenant_id)`);
    expect(planOf(db, 'products.bySku', { tenantId: CAPS, sku: 'x' }).join(' | ')).toContain('perf_inventory_product_id_tenant');
    expect(retiredPerfIndexes(db)).toEqual(['perf_inventory_product_id_tenant', 'perf_customers_phone_tenant']);
    await buildMissingPerfIndexes(db, { stop: () => missingPerfIndexes(db).length === 1 });
    expect(retiredPerfIndexes(db)).toHaveLength(2); // stopped before the last replacement: the old ones still serve
    await buildMissingPerfIndexes(db);
    expect(retiredPerfIndexes(db)).toEqual([]);
    expect(planOf(db, 'products.bySku', { tenantId: CAPS, sku: 'x' })).toContain(
      'SEARCH i USING COVERING INDEX perf_inventory_product_stock (product_id=? AND tenant_id=?) LEFT-JOIN',
    );
    db.close();
  });
});

describe('the worker job that builds them', () => {
  function fakeContext(file: string): WorkerContext & { opened: number } {
    let db: Db | null = null;
    const ctx = {
      opened: 0,
      config: {} as WorkerContext['config'],
      emit: () => {},
      now: () => new Date(),
      idle: idleTracker(60_000),
      store: () => {
        if (!db) ctx.opened++;
        return (db ??= openDatabase(file));
      },
      releaseStore: () => {
        db?.close();
        db = null;
      },
      waitOutsideQueue: <T>(wait: () => Promise<T>) => wait(),
    };
    return ctx;
  }

  it('starts after a POS operation on a migrated store, and an exclusive operation waits until the index being built is done', async () => {
    const file = openCopy(migrated, dir);
    const name = file.name;
    file.close();
    const ctx = fakeContext(name);
    let done: ((v: unknown) => void) | null = null;
    const finished = new Promise((resolve) => (done = resolve));
    const hooks = indexJobHooks({ onBuilt: (b) => done!(b) })(ctx);
    hooks.afterShared!('pos.call');
    // The build has started (first index committed synchronously); an exclusive operation now stops it and waits.
    await hooks.beforeExclusive!('backup');
    const stopped = (await finished) as { complete: boolean; built: unknown[] };
    expect(stopped.complete).toBe(false);
    expect(stopped.built.length).toBeGreaterThan(0);
    expect(ctx.store().inTransaction).toBe(false);
    ctx.releaseStore();
    hooks.afterExclusive!('backup');
    // After it, the next POS operation resumes the build.
    let resumed: ((v: unknown) => void) | null = null;
    const again = new Promise((resolve) => (resumed = resolve));
    const hooks2 = indexJobHooks({ onBuilt: (b) => resumed!(b) })(ctx);
    hooks2.afterShared!('pos.call');
    expect(((await again) as { complete: boolean }).complete).toBe(true);
    expect(missingPerfIndexes(ctx.store())).toEqual([]);
    ctx.releaseStore();
  });

  it('does nothing on a store that is not migrated yet', async () => {
    const v1 = await makeDemoDatabase(dir, 'small', 3);
    const ctx = fakeContext(v1);
    let built = false;
    indexJobHooks({ onBuilt: () => (built = true) })(ctx).afterShared!('pos.stores');
    await new Promise((r) => setTimeout(r, 50));
    expect(built).toBe(false);
    expect(present(ctx.store()).size).toBe(0);
    ctx.releaseStore();
  });
});
