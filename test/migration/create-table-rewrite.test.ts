import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { parseCreateTable, rewriteCreateTableForTenant, tokenize } from '../../migrations/0002-tenant-id/create-table';
import { TenantSchemaError } from '../../migrations/0002-tenant-id/errors';
import { LEGACY_SCHEMA_SQL } from '../../migrations/0001-legacy-schema';
import { V1_TABLES_TO_REBUILD as TABLES_TO_REBUILD } from '../../migrations/0002-tenant-id/tables';

const PRODUCTS = `CREATE TABLE products (
  id TEXT PRIMARY KEY NOT NULL,
  sku TEXT NOT NULL UNIQUE,
  barcode TEXT UNIQUE,
  name TEXT NOT NULL DEFAULT 'it''s, (unique)',
  category_id TEXT REFERENCES product_categories (id) ON DELETE SET NULL,
  price_cents INTEGER NOT NULL CHECK (price_cents >= 0 AND price_cents IN (1, 2, 3)),
  CHECK (length(name) > 0)
)`;

const rewrite = (sql: string, businessKeys: readonly string[], table = 'products') =>
  rewriteCreateTableForTenant(sql, { table, businessKeys, newName: `${table}__new` });

describe('rewriting a stored CREATE TABLE for per-tenant business keys', () => {
  it('splits only at top-level commas: parentheses, quoted strings and comments keep theirs', () => {
    const parts = parseCreateTable(PRODUCTS, 'products');
    expect(parts.elements).toHaveLength(7);
    expect(tokenize(`'a,b' "c,d" [e,f] -- g,h\n/* i,j */`).filter((t) => t.kind === 'comma')).toEqual([]);
  });

  it('moves UNIQUE from the business-key columns to UNIQUE (tenant_id, key) and keeps everything else byte for byte', () => {
    const sql = rewrite(PRODUCTS, ['sku', 'barcode']);
    expect(sql).toContain('CREATE TABLE products__new (');
    expect(sql).toContain('  sku TEXT NOT NULL,\n');
    expect(sql).toContain('  barcode TEXT,\n');
    expect(sql).toContain(`DEFAULT 'it''s, (unique)'`);
    expect(sql).toContain('REFERENCES product_categories (id) ON DELETE SET NULL');
    expect(sql).toContain('CHECK (price_cents >= 0 AND price_cents IN (1, 2, 3))');
    expect(sql).toMatch(
      /tenant_id TEXT NOT NULL DEFAULT 'caps-automotive' CHECK \(.*\),\n {2}CHECK \(length\(name\) > 0\),\n {2}UNIQUE \(tenant_id, sku\),\n {2}UNIQUE \(tenant_id, barcode\)\n\)$/,
    );
  });

  it('produces SQL that SQLite accepts and that enforces the keys per tenant', () => {
    const db = new Database(':memory:');
    db.exec(`CREATE TABLE product_categories (id TEXT PRIMARY KEY)`);
    db.exec(rewrite(PRODUCTS, ['sku', 'barcode']));
    const insert = db.prepare(`INSERT INTO products__new (id, sku, barcode, price_cents, tenant_id) VALUES (?, ?, ?, 1, ?)`);
    insert.run('p1', 'SKU-1', '0001', 'caps-automotive');
    insert.run('p2', 'SKU-1', '0001', 'other-store');
    expect(() => insert.run('p3', 'SKU-1', '0002', 'other-store')).toThrow(/UNIQUE constraint failed: products__new.tenant_id, products__new.sku/);
    expect(() => insert.run('p4', 'SKU-2', '0003', 'Not A Slug')).toThrow(/CHECK constraint failed/);
  });

  it('rewrites the stored statement of every table the migration rebuilds', () => {
    const db = new Database(':memory:');
    db.exec(LEGACY_SCHEMA_SQL);
    for (const t of TABLES_TO_REBUILD) {
      const stored = (db.prepare(`SELECT sql FROM sqlite_master WHERE name = ?`).get(t.name) as { sql: string }).sql;
      const sql = rewrite(stored, t.businessKeys, t.name);
      db.exec(sql);
      const uniques = (db.prepare(`SELECT name FROM pragma_index_list(?) WHERE "unique" = 1 AND origin = 'u'`).all(`${t.name}__new`) as { name: string }[]).map(
        (i) => (db.prepare(`SELECT name FROM pragma_index_info(?) ORDER BY seqno`).all(i.name) as { name: string }[]).map((c) => c.name).join(','),
      );
      expect(uniques.sort()).toEqual([...t.businessKeys.map((k) => `tenant_id,${k}`), ...t.globalUniques].sort());
    }
  });

  it('also accepts a business key declared as a table constraint UNIQUE (key), or with a CONSTRAINT name, or with quoted names', () => {
    const tableLevel = rewrite(`CREATE TABLE "gift_cards" ("id" TEXT PRIMARY KEY, "code" TEXT NOT NULL, UNIQUE ("code"))`, ['code'], 'gift_cards');
    expect(tableLevel).toBe(
      `CREATE TABLE gift_cards__new ("id" TEXT PRIMARY KEY, "code" TEXT NOT NULL, ${tableLevel.match(/tenant_id[^,]*\)/)?.[0]}, UNIQUE (tenant_id, code))`,
    );
    const named = rewrite(`CREATE TABLE users (id TEXT PRIMARY KEY, username TEXT CONSTRAINT uq_user UNIQUE NOT NULL)`, ['username'], 'users');
    expect(named).toContain('username TEXT NOT NULL,');
    expect(named).not.toContain('uq_user');
  });

  it('refuses, with a typed error naming the table, what it cannot rewrite safely', () => {
    const cases: [string, string[], RegExp][] = [
      [`CREATE TABLE products (id TEXT PRIMARY KEY, sku TEXT NOT NULL)`, ['sku'], /sku is not declared UNIQUE/],
      [`CREATE TABLE products (id TEXT PRIMARY KEY, code TEXT UNIQUE)`, ['sku'], /has no column sku/],
      [`CREATE TABLE products (id TEXT PRIMARY KEY, sku TEXT UNIQUE ON CONFLICT REPLACE)`, ['sku'], /ON CONFLICT/],
      [`CREATE TABLE products (id TEXT PRIMARY KEY, sku TEXT UNIQUE, tenant_id TEXT)`, ['sku'], /already has a tenant_id/],
      [`CREATE TABLE other (id TEXT PRIMARY KEY, sku TEXT UNIQUE)`, ['sku'], /names table other/],
      [`CREATE TABLE products AS SELECT 1`, ['sku'], /not a CREATE TABLE statement/],
      [`CREATE TABLE products (id TEXT PRIMARY KEY, sku TEXT UNIQUE`, ['sku'], /not closed/],
    ];
    for (const [sql, keys, message] of cases) {
      let caught: unknown;
      try {
        rewrite(sql, keys);
      } catch (err) {
        caught = err;
      }
      expect(caught, sql).toBeInstanceOf(TenantSchemaError);
      expect((caught as TenantSchemaError).message, sql).toMatch(message);
      expect((caught as TenantSchemaError).table).toBe('products');
    }
  });
});
