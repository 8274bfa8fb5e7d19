import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../electron/db/catalogue';
import { runPendingMigrations } from '../../electron/db/migrator';
import { openDatabase, type Db } from '../../electron/db/open';
import { DATA_LAYER_SQL } from '../../electron/tenancy/repositories';
import { rowColumns } from '../../electron/tenancy/repositories/columns';
import { MIGRATIONS } from '../../migrations';
import { tempDir } from '../helpers';

/**
 * The repositories read rows without tenant_id (the caller knows its tenant: docs/performance.md, session 5).
 * Their column lists come from the live catalogue; this proves a list is the migrated table's columns minus
 * tenant_id, and that no data-layer SELECT hands tenant_id (or a `*` that would bring it back) to its caller.
 */
const dir = tempDir('pos-row-columns-');
let db: Db;

beforeAll(async () => {
  db = openDatabase(path.join(dir, 'fresh.sqlite'), { create: true });
  await runPendingMigrations(db, { migrations: MIGRATIONS });
});

const tableColumns = (table: string) => db.prepare(`SELECT name FROM pragma_table_info(?) ORDER BY cid`).pluck().all(table) as string[];

describe('rowColumns', () => {
  it("is every column of the migrated table but tenant_id, in the table's order", () => {
    for (const t of CATALOGUE) {
      const columns = tableColumns(t.name);
      expect(columns, t.name).toContain('tenant_id');
      expect(rowColumns(t.name).split(', '), t.name).toEqual(columns.filter((c) => c !== 'tenant_id'));
    }
  });

  it('qualifies each column with the alias, keeping the bare names as the row keys', () => {
    expect(rowColumns('product_categories', 'c')).toBe('c.id, c.name, c.parent_id, c.sort_order');
    const keys = db
      .prepare(`SELECT ${rowColumns('product_categories', 'c')} FROM product_categories c`)
      .columns()
      .map((c) => c.name);
    expect(keys).toEqual(['id', 'name', 'parent_id', 'sort_order']);
  });
});

describe('the data layer returns no tenant_id', () => {
  it('no SELECT of a repository returns a tenant_id column or reads a whole row with *', () => {
    const readers = DATA_LAYER_SQL.filter((s) => db.prepare(s.sql).reader);
    expect(readers.length).toBeGreaterThan(60);
    for (const { file, name, sql } of readers) {
      const returned = db
        .prepare(sql)
        .columns()
        .map((c) => c.name);
      expect(returned, `${file}.${name}`).not.toContain('tenant_id');
      expect(sql, `${file}.${name}`).not.toMatch(/(^|[\s,(.])\*(\s|,|$)/);
    }
  });
});
