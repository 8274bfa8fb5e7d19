import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUE, DERIVED_LIST_TABLES, DERIVED_TABLES, INFRASTRUCTURE_TABLES, SECURITY_TABLES, SYNC_BOOKKEEPING_TABLES } from '../../electron/db/catalogue';
import { runPendingMigrations } from '../../electron/db/migrator';
import { openDatabase, type Db } from '../../electron/db/open';
import { MIGRATIONS } from '../../migrations';
import { tempDir } from '../helpers';

/**
 * The live catalogue describes the schema after ALL migrations. This guard
 * runs every migration on an empty file and compares, table by table, what
 * SQLite reports with what the catalogue says: a new migration that forgets to
 * update the catalogue (or the reverse) fails here.
 */
const dir = tempDir('pos-catalogue-');
let db: Db;

beforeAll(async () => {
  db = openDatabase(path.join(dir, 'fresh.sqlite'), { create: true });
  await runPendingMigrations(db, { migrations: MIGRATIONS });
});

const names = (sql: string, ...args: unknown[]) =>
  db
    .prepare(sql)
    .pluck()
    .all(...args) as string[];
const indexColumns = (index: string) => names(`SELECT name FROM pragma_index_info(?) ORDER BY seqno`, index);

describe('the live catalogue equals the schema every migration produces', () => {
  it('names every table there is, and no other (beside the bookkeeping tables)', () => {
    const tables = names(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`);
    const bookkeeping = new Set<string>([...INFRASTRUCTURE_TABLES, ...SECURITY_TABLES, ...SYNC_BOOKKEEPING_TABLES, ...DERIVED_TABLES, ...DERIVED_LIST_TABLES]);
    expect(tables.filter((t) => !bookkeeping.has(t))).toEqual(CATALOGUE.map((t) => t.name).sort());
  });

  it("lists every column of each table, in the table's order", () => {
    for (const t of CATALOGUE) expect(names(`SELECT name FROM pragma_table_info(?) ORDER BY cid`, t.name), t.name).toEqual(t.columns);
  });

  it('has every table keyed by a TEXT id, with tenant_id TEXT NOT NULL', () => {
    for (const t of CATALOGUE) {
      expect(db.prepare(`SELECT name, type FROM pragma_table_info(?) WHERE pk = 1`).all(t.name), t.name).toEqual([{ name: 'id', type: 'TEXT' }]);
      expect(db.prepare(`SELECT type, "notnull" AS nn FROM pragma_table_info(?) WHERE name = 'tenant_id'`).get(t.name), t.name).toEqual({
        type: 'TEXT',
        nn: 1,
      });
    }
  });

  it('lists each foreign key with its ON DELETE action and nullability', () => {
    for (const t of CATALOGUE) {
      const actual = (db.prepare(`SELECT "from" AS col, "table" AS ref, on_delete FROM pragma_foreign_key_list(?)`).all(t.name) as Record<string, string>[])
        .map((f) => {
          const notNull = db.prepare(`SELECT "notnull" FROM pragma_table_info(?) WHERE name = ?`).pluck().get(t.name, f.col) === 1;
          return `${f.col}->${f.ref}:${f.on_delete}:${notNull ? 'not null' : 'nullable'}`;
        })
        .sort();
      const expected = t.foreignKeys.map((f) => `${f.column}->${f.references}:${f.onDelete}:${f.nullable ? 'nullable' : 'not null'}`).sort();
      expect(actual, t.name).toEqual(expected);
    }
  });

  it('lists the unique keys: business keys per tenant, UUID-valued ones alone', () => {
    for (const t of CATALOGUE) {
      const uniques = names(`SELECT name FROM pragma_index_list(?) WHERE "unique" = 1 AND origin <> 'pk'`, t.name).map((i) => indexColumns(i).join(','));
      expect(uniques.sort(), t.name).toEqual([...t.businessKeys.map((k) => `tenant_id,${k}`), ...t.globalUniques].sort());
    }
  });

  it('lists exactly the secondary indexes, each leading with tenant_id', () => {
    for (const t of CATALOGUE) {
      const indexes = names(`SELECT name FROM pragma_index_list(?) WHERE origin = 'c' ORDER BY name`, t.name).map((name) => ({
        name,
        columns: indexColumns(name),
      }));
      expect(indexes, t.name).toEqual([...t.indexes].sort((a, b) => a.name.localeCompare(b.name)));
      expect(t.indexes[0]?.name, t.name).toBe(`idx_${t.name}_tenant_id`);
      for (const i of t.indexes) expect(i.columns[0], i.name).toBe('tenant_id');
    }
  });

  it('says how each table refuses a malformed tenant id: an inline CHECK or the guard triggers', () => {
    for (const t of CATALOGUE) {
      const sql = db.prepare(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?`).pluck().get(t.name) as string;
      const triggers = names(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? AND name LIKE ?`, t.name, `trg_${t.name}_tenant_id_%`);
      const hasCheck = /tenant_id TEXT NOT NULL[^,]*CHECK/i.test(sql);
      expect(t.tenantGuard === 'check' ? hasCheck : triggers.includes(`trg_${t.name}_tenant_id_insert`), t.name).toBe(true);
    }
  });
});
