import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../electron/db/catalogue';
import { databaseContentHashes } from '../../electron/db/content-hash';
import { runPendingMigrations } from '../../electron/db/migrator';
import { openDatabase } from '../../electron/db/open';
import { countRows } from '../../electron/db/status';
import { failedChecks, verifyTenantDatabase } from '../../electron/verify';
import { LEGACY_MIGRATION } from '../../migrations';
import { tempDir } from '../helpers';
import { migrateTo0002 } from './helpers';
import { MIGRATIONS } from '../../migrations';

const dir = tempDir('pos-edge-');
let n = 0;

async function legacyStore() {
  const db = openDatabase(path.join(dir, `edge-${n++}.sqlite`), { create: true });
  await runPendingMigrations(db, { migrations: MIGRATIONS, to: LEGACY_MIGRATION });
  return db;
}

/** Every migration (verification checks the schema after all of them, the live catalogue). */
const migrateAll = (db: Awaited<ReturnType<typeof legacyStore>>) => runPendingMigrations(db, { migrations: MIGRATIONS });

describe('migration 0002 on unusual content', () => {
  it('migrates a store whose 32 tables are all empty', async () => {
    const db = await legacyStore();
    await migrateAll(db);
    expect(Object.values(countRows(db))).toEqual(CATALOGUE.map(() => 0));
    expect(failedChecks(verifyTenantDatabase(db))).toEqual([]);
  });

  it('keeps unicode, quotes, commas, parentheses and NULLs byte for byte, and several NULL barcodes stay allowed', async () => {
    const db = await legacyStore();
    db.exec(`INSERT INTO product_categories (id, name, parent_id) VALUES ('c1', 'Freins (avant), « spécial »', NULL)`);
    const insert = db.prepare(
      `INSERT INTO products (id, sku, barcode, name, description, brand, category_id, cost_cents, price_cents, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, 2, 't', 't')`,
    );
    insert.run('p1', 'ÖL-🛢-001', null, 'Bremsbeläge "Sport", 4×', 'line1\nline2\ttab; DROP TABLE products; --', '東京パーツ', 'c1');
    insert.run('p2', 'sku-2', null, "O'Reilly's (it's)", null, null, null);
    insert.run('p3', 'SKU-2', '0001', 'Ä\u0308 combining', '', 'z̸a̸l̸g̸o̸', 'c1');
    db.exec(
      `INSERT INTO users (id, username, display_name, role, pin_hash, email, created_at, updated_at) VALUES ('u1', 'zoë.ünïcødé', 'Zoë 🧰', 'admin', 'h', NULL, 't', 't')`,
    );
    const before = databaseContentHashes(db);
    const rowsBefore = countRows(db);
    await migrateAll(db);
    expect(databaseContentHashes(db)).toEqual(before);
    expect(countRows(db)).toEqual({ ...rowsBefore, shifts: 0, sales: 0, sale_lines: 0, sale_payments: 0, sync_credentials: 0, sync_state: 0 });
    expect(db.prepare(`SELECT sku, barcode, name, description, brand FROM products ORDER BY id`).all()).toEqual([
      { sku: 'ÖL-🛢-001', barcode: null, name: 'Bremsbeläge "Sport", 4×', description: 'line1\nline2\ttab; DROP TABLE products; --', brand: '東京パーツ' },
      { sku: 'sku-2', barcode: null, name: "O'Reilly's (it's)", description: null, brand: null },
      { sku: 'SKU-2', barcode: '0001', name: 'Ä\u0308 combining', description: '', brand: 'z̸a̸l̸g̸o̸' },
    ]);
    expect(failedChecks(verifyTenantDatabase(db))).toEqual([]);
  });

  it('refuses a database that already has a tenant_id somewhere, and leaves it exactly as it was', async () => {
    const db = await legacyStore();
    db.exec(`ALTER TABLE sync_conflicts ADD COLUMN tenant_id TEXT`);
    db.exec(
      `INSERT INTO sync_conflicts (id, entity_type, entity_id, local_data, remote_data, detected_at, tenant_id) VALUES ('x', 'p', 'e', '{}', '{}', 't', 'someone')`,
    );
    const schema = db.prepare(`SELECT * FROM sqlite_master ORDER BY name`).all();
    await expect(migrateTo0002(db)).rejects.toThrow(/cannot add tenant_id to sync_conflicts: it already has a tenant_id column/);
    expect(db.prepare(`SELECT * FROM sqlite_master ORDER BY name`).all()).toEqual(schema);
    expect(db.prepare(`SELECT tenant_id FROM sync_conflicts`).pluck().all()).toEqual(['someone']);
  });
});
