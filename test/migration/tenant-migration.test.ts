import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TENANT_ID } from '../../contracts/tenant-id';
import { V1_TABLES as CATALOGUE, V1_TABLES_TO_REBUILD as TABLES_TO_REBUILD } from '../../migrations/0002-tenant-id/tables';
import { databaseContentHashes } from '../../electron/db/content-hash';
import { countRows } from '../../electron/db/status';
import { TENANT_MIGRATION } from '../../migrations/0002-tenant-id';
import { planTenantMigration } from '../../migrations/0002-tenant-id/plan';
import type { MigrationStepEvent } from '../../electron/db/migration';
import { makeDemoDatabase, tempDir } from '../helpers';
import { addSecondTenant, CAPS, migrateTo0002, openCopy, OTHER } from './helpers';

const dir = tempDir('pos-migration-');
let legacy: string;
beforeAll(async () => {
  legacy = await makeDemoDatabase(dir, 'small');
});

const indexColumns = (db: ReturnType<typeof openCopy>, index: string) =>
  (db.prepare(`SELECT name FROM pragma_index_info(?) ORDER BY seqno`).all(index) as { name: string }[]).map((c) => c.name);

describe('migration 0002-tenant-id on the small demo store', () => {
  it('gives all 32 tables tenant_id TEXT NOT NULL DEFAULT caps-automotive, and every existing row caps-automotive', async () => {
    const db = openCopy(legacy, dir);
    expect(await migrateTo0002(db)).toEqual([TENANT_MIGRATION]);
    expect(CATALOGUE).toHaveLength(32);
    for (const t of CATALOGUE) {
      const col = db.prepare(`SELECT type, "notnull" AS nn, dflt_value AS d FROM pragma_table_info(?) WHERE name = 'tenant_id'`).get(t.name);
      expect(col, t.name).toEqual({ type: 'TEXT', nn: 1, d: `'${DEFAULT_TENANT_ID}'` });
      const tenants = db.prepare(`SELECT tenant_id, count(*) AS n FROM ${t.name} GROUP BY tenant_id`).all() as { tenant_id: string; n: number }[];
      expect(
        tenants.filter((r) => r.tenant_id !== CAPS),
        t.name,
      ).toEqual([]);
    }
  });

  it('creates idx_<table>_tenant_id on every table, leading with tenant_id, and replaces each legacy index by its tenant-led one', async () => {
    const db = openCopy(legacy, dir);
    await migrateTo0002(db);
    const indexes = new Set(db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index'`).pluck().all() as string[]);
    for (const t of CATALOGUE) {
      expect(t.tenantIndexes[0]?.name).toBe(`idx_${t.name}_tenant_id`);
      for (const idx of t.tenantIndexes) {
        expect(indexes.has(idx.name), idx.name).toBe(true);
        expect(indexColumns(db, idx.name)).toEqual(idx.columns);
        expect(idx.columns[0]).toBe('tenant_id');
      }
      for (const idx of t.legacyIndexes) expect(indexes.has(idx.name), idx.name).toBe(false);
    }
  });

  it('loses no data: row counts and per-table content hashes are identical before and after', async () => {
    const db = openCopy(legacy, dir);
    const countsBefore = countRows(db);
    const hashesBefore = databaseContentHashes(db);
    await migrateTo0002(db);
    expect(countRows(db)).toEqual(countsBefore);
    expect(databaseContentHashes(db)).toEqual(hashesBefore);
  });

  it('makes business keys unique per tenant: a second tenant may reuse SKUs, usernames and codes; one tenant may not repeat them', async () => {
    const db = openCopy(legacy, dir);
    await migrateTo0002(db);
    addSecondTenant(db);
    const shared = (table: string, key: string) =>
      db
        .prepare(`SELECT count(*) FROM ${table} a JOIN ${table} b ON a.${key} = b.${key} AND a.tenant_id = '${CAPS}' AND b.tenant_id = '${OTHER}'`)
        .pluck()
        .get() as number;
    expect(shared('products', 'sku')).toBeGreaterThan(100);
    expect(shared('users', 'username')).toBeGreaterThan(3);
    expect(shared('gift_cards', 'code')).toBeGreaterThan(10);
    const sku = db.prepare(`SELECT sku FROM products WHERE tenant_id = ? LIMIT 1`).pluck().get(OTHER) as string;
    expect(() =>
      db
        .prepare(`INSERT INTO products (id, sku, name, cost_cents, price_cents, created_at, updated_at, tenant_id) VALUES ('dup', ?, 'x', 1, 1, 't', 't', ?)`)
        .run(sku, OTHER),
    ).toThrow(/UNIQUE constraint failed: products.tenant_id, products.sku/);
    expect(() => db.prepare(`UPDATE users SET username = 'admin' WHERE tenant_id = ? AND username <> 'admin'`).run(CAPS)).toThrow(/UNIQUE/);
  });

  it("keeps UUID primary keys and UUID-valued uniques global: no tenant can reuse another tenant's id or session token", async () => {
    const db = openCopy(legacy, dir);
    await migrateTo0002(db);
    const product = db.prepare(`SELECT * FROM products LIMIT 1`).get() as Record<string, unknown>;
    expect(() =>
      db
        .prepare(`INSERT INTO products (id, sku, name, cost_cents, price_cents, created_at, updated_at, tenant_id) VALUES (?, 'NEW-1', 'x', 1, 1, 't', 't', ?)`)
        .run(product.id, OTHER),
    ).toThrow(/UNIQUE constraint failed: products.id/);
    const session = db.prepare(`SELECT user_id, token FROM sessions LIMIT 1`).get() as { user_id: string; token: string };
    expect(() =>
      db
        .prepare(`INSERT INTO sessions (id, user_id, token, created_at, expires_at, tenant_id) VALUES ('s-new', ?, ?, 't', 't', ?)`)
        .run(session.user_id, session.token, OTHER),
    ).toThrow(/UNIQUE constraint failed: sessions.token/);
  });

  it('keeps the view and the triggers working on the rebuilt tables', async () => {
    const db = openCopy(legacy, dir);
    await migrateTo0002(db);
    const valuation = db.prepare(`SELECT product_id, sku, quantity_on_hand FROM inventory_valuation ORDER BY product_id LIMIT 1`).get() as {
      product_id: string;
      sku: string;
      quantity_on_hand: number;
    };
    expect(valuation.sku).toMatch(/-\d{6}$/);
    db.prepare(`INSERT INTO inventory_transactions (id, product_id, kind, quantity, created_at) VALUES ('it-new', ?, 'receive', 7, '2026-11-01')`).run(
      valuation.product_id,
    );
    expect(db.prepare(`SELECT quantity_on_hand FROM inventory WHERE product_id = ?`).pluck().get(valuation.product_id)).toBe(valuation.quantity_on_hand + 7);
    const card = db.prepare(`SELECT id, balance_cents FROM gift_cards WHERE status = 'active' AND balance_cents > 100 LIMIT 1`).get() as {
      id: string;
      balance_cents: number;
    };
    db.prepare(`INSERT INTO gift_card_transactions (id, gift_card_id, kind, amount_cents, created_at) VALUES ('gct-new', ?, 'redeem', -100, '2026-11-01')`).run(
      card.id,
    );
    expect(db.prepare(`SELECT balance_cents FROM gift_cards WHERE id = ?`).pluck().get(card.id)).toBe(card.balance_cents - 100);
  });

  it('keeps foreign keys enforced, cascading and nulling through the rebuilt parents', async () => {
    const db = openCopy(legacy, dir);
    await migrateTo0002(db);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(() =>
      db.prepare(`INSERT INTO gift_card_transactions (id, gift_card_id, kind, amount_cents, created_at) VALUES ('x', 'no-such-card', 'issue', 1, 't')`).run(),
    ).toThrow(/FOREIGN KEY constraint failed/);
    const card = db.prepare(`SELECT gift_card_id FROM gift_card_transactions LIMIT 1`).pluck().get() as string;
    db.prepare(`DELETE FROM gift_cards WHERE id = ?`).run(card);
    expect(db.prepare(`SELECT count(*) FROM gift_card_transactions WHERE gift_card_id = ?`).pluck().get(card)).toBe(0);
    const category = db.prepare(`SELECT category_id FROM products WHERE category_id IS NOT NULL LIMIT 1`).pluck().get() as string;
    db.prepare(`DELETE FROM product_categories WHERE id = ?`).run(category);
    expect(db.prepare(`SELECT count(*) FROM products WHERE category_id = ?`).pluck().get(category)).toBe(0);
    const customer = db.prepare(`SELECT customer_id FROM work_orders LIMIT 1`).pluck().get() as string;
    expect(() => db.prepare(`DELETE FROM customers WHERE id = ?`).run(customer)).toThrow(/FOREIGN KEY constraint failed/);
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });

  it('refuses a malformed tenant id on new rows, in rebuilt tables (CHECK) and altered ones (triggers) alike', async () => {
    const db = openCopy(legacy, dir);
    await migrateTo0002(db);
    const insertCategory = db.prepare(`INSERT INTO product_categories (id, name, tenant_id) VALUES (?, ?, ?)`);
    const insertSync = db.prepare(
      `INSERT INTO sync_log (id, entity_type, entity_id, operation, direction, status, synced_at, tenant_id) VALUES (?, 'p', 'e', 'insert', 'push', 'ok', 't', ?)`,
    );
    const bad = ['', 'Caps', 'caps automotive', '-caps', 'caps-', 'caps_auto', 'x'.repeat(256), 'café'];
    bad.forEach((tenant, i) => {
      expect(() => insertCategory.run(`c-bad-${i}`, `bad ${i}`, tenant), JSON.stringify(tenant)).toThrow(/CHECK constraint failed/);
      expect(() => insertSync.run(`s-bad-${i}`, tenant), JSON.stringify(tenant)).toThrow(/tenant_id must be a lowercase slug/);
    });
    const good = ['a', '7', 'northside-tires', 'x'.repeat(255), 'a-b-c-1'];
    good.forEach((tenant, i) => {
      insertCategory.run(`c-ok-${i}`, `ok ${i}`, tenant);
      insertSync.run(`s-ok-${i}`, tenant);
    });
    expect(() => db.prepare(`UPDATE sync_log SET tenant_id = 'Bad' WHERE id = 's-ok-0'`).run()).toThrow(/lowercase slug/);
    expect(() => db.prepare(`UPDATE product_categories SET tenant_id = 'Bad' WHERE id = 'c-ok-0'`).run()).toThrow(/CHECK constraint failed/);
  });

  it('preserves indexes a store added on site, on rebuilt and altered tables', async () => {
    const db = openCopy(legacy, dir);
    db.exec(`CREATE INDEX idx_site_products_brand ON products (brand); CREATE INDEX idx_site_audit_action ON audit_log (action)`);
    await migrateTo0002(db);
    const sqlOf = (name: string) => db.prepare(`SELECT sql FROM sqlite_master WHERE name = ?`).pluck().get(name);
    expect(sqlOf('idx_site_products_brand')).toBe('CREATE INDEX idx_site_products_brand ON products (brand)');
    expect(sqlOf('idx_site_audit_action')).toBe('CREATE INDEX idx_site_audit_action ON audit_log (action)');
  });

  it('rebuilds only the 8 tables with business keys; the other 24 keep their table b-tree and only gain the column', async () => {
    const db = openCopy(legacy, dir);
    const rootBefore = new Map(
      (db.prepare(`SELECT name, rootpage FROM sqlite_master WHERE type = 'table'`).all() as { name: string; rootpage: number }[]).map((r) => [
        r.name,
        r.rootpage,
      ]),
    );
    await migrateTo0002(db);
    const rootAfter = new Map(
      (db.prepare(`SELECT name, rootpage FROM sqlite_master WHERE type = 'table'`).all() as { name: string; rootpage: number }[]).map((r) => [
        r.name,
        r.rootpage,
      ]),
    );
    const rebuilt = CATALOGUE.filter((t) => rootBefore.get(t.name) !== rootAfter.get(t.name)).map((t) => t.name);
    expect(rebuilt.sort()).toEqual(TABLES_TO_REBUILD.map((t) => t.name).sort());
  });

  it('reports each step with its table, position and a weight that grows with the rows it touches', async () => {
    const db = openCopy(legacy, dir);
    const events: MigrationStepEvent[] = [];
    await migrateTo0002(db, (e) => events.push(e));
    const done = events.filter((e) => e.state === 'done');
    expect(events).toHaveLength(2 * done.length);
    expect(done.map((e) => e.index)).toEqual(done.map((_, i) => i + 1));
    expect(new Set(done.map((e) => e.total))).toEqual(new Set([done.length]));
    expect(new Set(done.map((e) => e.table).filter(Boolean))).toEqual(new Set(CATALOGUE.map((t) => t.name)));
    const weight = (step: string, table: string) => done.find((e) => e.step === step && e.table === table)?.weight ?? 0;
    // audit_log 1200 rows > sessions 60 rows > backup_settings 1 row, same index width.
    expect(weight('create-index', 'audit_log')).toBeGreaterThan(3 * weight('create-index', 'sessions'));
    expect(weight('create-index', 'sessions')).toBeGreaterThan(weight('create-index', 'backup_settings'));
    expect(weight('rebuild', 'products')).toBeGreaterThan(weight('rebuild', 'price_levels'));
    expect(weight('add-column', 'audit_log')).toBe(weight('add-column', 'backup_settings'));
    // The plan the upgrade sizes its progress bar with is the one that ran.
    const counts = countRows(db);
    expect(planTenantMigration(counts).map((s) => [s.kind, s.table])).toEqual(done.map((e) => [e.step, e.table]));
  });
});
