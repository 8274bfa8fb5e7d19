import { beforeAll, describe, expect, it } from 'vitest';
import { databaseContentHashes } from '../../electron/db/content-hash';
import { executedMigrations, runPendingMigrations } from '../../electron/db/migrator';
import type { Db } from '../../electron/db/open';
import { MIGRATIONS } from '../../migrations';
import { tenantIdValidSql } from '../../migrations/0002-tenant-id/sql';
import { SYNC_MIGRATION } from '../../migrations/0004-sync';
import { SALES_MIGRATION, salesMigrationSql } from '../../migrations/0005-sales';
import { CREATE_TABLES, NEW_TABLES, SALE_LINKED_LEDGERS } from '../../migrations/0005-sales/schema';
import { makeDemoDatabase, tempDir } from '../helpers';
import { openCopy } from './helpers';

const dir = tempDir('pos-0005-');
let v1: string;
beforeAll(async () => {
  v1 = await makeDemoDatabase(dir, 'small');
});

async function upgraded(): Promise<Db> {
  const db = openCopy(v1, dir);
  await runPendingMigrations(db, { migrations: MIGRATIONS });
  return db;
}

const insertSale = (db: Db, over: Record<string, unknown> = {}) => {
  const user = db.prepare(`SELECT id FROM users WHERE tenant_id = 'caps-automotive' LIMIT 1`).pluck().get();
  const row = {
    id: `sale-${Math.random()}`,
    tenant_id: 'caps-automotive',
    number: `S-${Math.random()}`,
    kind: 'sale',
    status: 'completed',
    user_id: user,
    subtotal_cents: 1000,
    line_discount_cents: 100,
    promotion_discount_cents: 0,
    order_discount_cents: 0,
    tax_cents: 56,
    total_cents: 956,
    paid_cents: 956,
    change_cents: 0,
    created_at: 't',
    completed_at: 't',
    ...over,
  };
  const cols = Object.keys(row);
  return db.prepare(`INSERT INTO sales (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`).run(row);
};

describe(`migration ${SALES_MIGRATION}`, () => {
  it('runs after 0004 on a v1 store and is recorded by its explicit name', async () => {
    const db = await upgraded();
    const executed = executedMigrations(db);
    expect(executed.indexOf(SALES_MIGRATION)).toBe(executed.indexOf(SYNC_MIGRATION) + 1);
    db.close();
  });

  it('creates the four tables empty and gives the six ledgers a NULL sale_id, rewriting no row', async () => {
    const db = openCopy(v1, dir);
    await runPendingMigrations(db, { migrations: MIGRATIONS, to: SYNC_MIGRATION });
    const before = databaseContentHashes(db);
    await runPendingMigrations(db, { migrations: MIGRATIONS, to: SALES_MIGRATION });
    expect(databaseContentHashes(db)).toEqual(before);
    for (const t of NEW_TABLES) expect(db.prepare(`SELECT count(*) FROM ${t}`).pluck().get(), t).toBe(0);
    for (const t of SALE_LINKED_LEDGERS) {
      expect(db.prepare(`SELECT count(*) FROM ${t} WHERE sale_id IS NOT NULL`).pluck().get(), t).toBe(0);
      expect(db.prepare(`SELECT "table" FROM pragma_foreign_key_list(?) WHERE "from" = 'sale_id'`).pluck().get(t), t).toBe('sales');
    }
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });

  it("carries its own frozen copy of the tenant id rule, word for word 0002's", () => {
    const check = `CHECK (${tenantIdValidSql('tenant_id')})`;
    for (const sql of CREATE_TABLES) expect(sql).toContain(`tenant_id TEXT NOT NULL ${check}`);
  });

  it('the new tables have no tenant default: an insert that forgets its tenant is refused, so is a malformed one', async () => {
    const db = await upgraded();
    expect(() => insertSale(db, { tenant_id: undefined })).toThrow(/NOT NULL constraint failed: sales.tenant_id|cross-tenant reference: sales.user_id/);
    const user = db.prepare(`SELECT id FROM users LIMIT 1`).pluck().get();
    expect(() => db.prepare(`INSERT INTO shifts (id, opened_by, opened_at, float_cents, status) VALUES ('s', ?, 't', 0, 'open')`).run(user)).toThrow(
      /NOT NULL constraint failed: shifts.tenant_id|cross-tenant reference: shifts.opened_by/,
    );
    expect(() => insertSale(db, { tenant_id: 'Caps' })).toThrow(/cross-tenant reference: sales.user_id/);
    // Past the reference triggers (dropped in this copy), the inline CHECK itself refuses the malformed id.
    db.exec(`DROP TRIGGER trg_sales_user_id_same_tenant_insert`);
    expect(() => insertSale(db, { tenant_id: 'Caps' })).toThrow(/CHECK constraint failed: typeof\(tenant_id\)/);
    expect(insertSale(db).changes).toBe(1);
    db.close();
  });

  it('the database refuses money that does not add up: a total not made of its parts, a completed sale not paid in full, a line whose net is not gross less discounts, change on a card', async () => {
    const db = await upgraded();
    expect(() => insertSale(db, { total_cents: 957, paid_cents: 957 })).toThrow(/CHECK constraint failed/);
    expect(() => insertSale(db, { paid_cents: 900 })).toThrow(/CHECK constraint failed/);
    expect(() => insertSale(db, { paid_cents: 900, status: 'layaway', completed_at: null })).not.toThrow();
    const saleId = 'sale-for-lines';
    insertSale(db, { id: saleId });
    const line = (over: Record<string, unknown>) => {
      const row = {
        id: `l-${Math.random()}`,
        tenant_id: 'caps-automotive',
        sale_id: saleId,
        line_no: 1,
        kind: 'part',
        description: 'x',
        quantity: 2,
        list_unit_cents: 500,
        unit_price_cents: 500,
        gross_cents: 1000,
        line_discount_cents: 100,
        promotion_discount_cents: 0,
        order_discount_cents: 0,
        net_cents: 900,
        tax_rate_ppm: 62_500,
        tax_cents: 56,
        total_cents: 956,
        ...over,
      };
      const cols = Object.keys(row);
      return db.prepare(`INSERT INTO sale_lines (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`).run(row);
    };
    expect(line({}).changes).toBe(1);
    expect(() => line({ net_cents: 901, total_cents: 957 })).toThrow(/CHECK constraint failed/);
    expect(() => line({ gross_cents: 1001, net_cents: 901, total_cents: 957 })).toThrow(/CHECK constraint failed/);
    expect(() => line({ total_cents: 955 })).toThrow(/CHECK constraint failed/);
    const pay = (over: Record<string, unknown>) =>
      db
        .prepare(
          `INSERT INTO sale_payments (id, tenant_id, sale_id, method, direction, amount_cents, tendered_cents, change_cents, created_at)
           VALUES (@id, 'caps-automotive', @sale, @method, 'in', @amount, @tendered, @change, 't')`,
        )
        .run({ id: `p-${Math.random()}`, sale: saleId, method: 'cash', amount: 956, tendered: 1000, change: 44, ...over });
    expect(pay({}).changes).toBe(1);
    expect(() => pay({ method: 'card' })).toThrow(/CHECK constraint failed/);
    expect(() => pay({ change: 40 })).toThrow(/CHECK constraint failed/);
    db.close();
  });

  it('is schema only: every statement creates a table, adds a column, an index or a trigger', () => {
    for (const sql of salesMigrationSql()) expect(sql).toMatch(/^(CREATE TABLE|ALTER TABLE \w+ ADD COLUMN|CREATE INDEX|CREATE TRIGGER) /);
  });

  it('opens a store already at 0005 with nothing pending', async () => {
    const db = await upgraded();
    await expect(runPendingMigrations(db, { migrations: MIGRATIONS })).resolves.toEqual([]);
    db.close();
  });
});
