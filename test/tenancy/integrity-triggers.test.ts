import { beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../electron/db/catalogue';
import { migrationStatus } from '../../electron/db/migrator';
import { openDatabase, type Db } from '../../electron/db/open';
import { TENANT_INTEGRITY_MIGRATION } from '../../migrations/0003-tenant-integrity';
import { tempDir } from '../helpers';
import { CAPS, NORTHSIDE, openCopy, twoTenantDatabase } from './fixtures';
import { MIGRATIONS } from '../../migrations';

const dir = tempDir();
let fixture: string;
beforeAll(async () => {
  fixture = await twoTenantDatabase(dir);
});

const one = <T>(db: Db, sql: string, ...params: unknown[]) => db.prepare(sql).get(...params) as T;

describe(`migration ${TENANT_INTEGRITY_MIGRATION}`, () => {
  it('runs after the tenant migration and is recorded by its explicit name', () => {
    const db = openDatabase(fixture, { readonly: true });
    const { executed, pending } = migrationStatus(db, MIGRATIONS);
    db.close();
    expect(executed.slice(executed.indexOf('0002-tenant-id'), executed.indexOf('0002-tenant-id') + 2)).toEqual(['0002-tenant-id', TENANT_INTEGRITY_MIGRATION]);
    expect(pending).toEqual([]);
  });

  it.each(CATALOGUE.map((t) => t.name))('%s: tenant_id cannot change, to any value', (table) => {
    const db = openCopy(fixture, dir);
    // The till's sync tables (0004) get their rows from enrolling with a hub, never from demo data.
    if (table === 'sync_credentials')
      db.prepare(
        `INSERT INTO sync_credentials (id, tenant_id, hub_url, hub_id, till_name, token, enrolled_at) VALUES ('c', ?, 'http://localhost:1', 'h', 't', 'x', 't')`,
      ).run(NORTHSIDE);
    if (table === 'sync_state') db.prepare(`INSERT INTO sync_state (id, tenant_id) VALUES ('s', ?)`).run(NORTHSIDE);
    const row = one<{ id: string }>(db, `SELECT id FROM ${table} WHERE tenant_id = ? LIMIT 1`, NORTHSIDE);
    expect(row, `${table} has demo rows`).toBeDefined();
    expect(() => db.prepare(`UPDATE ${table} SET tenant_id = ? WHERE id = ?`).run(CAPS, row.id)).toThrow(`tenant_id is immutable (${table})`);
    expect(one<{ tenant_id: string }>(db, `SELECT tenant_id FROM ${table} WHERE id = ?`, row.id).tenant_id).toBe(NORTHSIDE);
    // Updating other columns (and setting tenant_id to itself) still works.
    expect(db.prepare(`UPDATE ${table} SET tenant_id = tenant_id WHERE id = ?`).run(row.id).changes).toBe(1);
    db.close();
  });

  const references = CATALOGUE.flatMap((t) => t.foreignKeys.filter((fk) => fk.references !== t.name).map((fk) => ({ table: t.name, fk })));

  it.each(references.map((r) => [`${r.table}.${r.fk.column} -> ${r.fk.references}`, r] as const))(
    '%s: a row may not point at another tenant',
    (_name, { table, fk }) => {
      const db = openCopy(fixture, dir);
      const foreignParent = one<{ id: string }>(db, `SELECT id FROM ${fk.references} WHERE tenant_id = ? LIMIT 1`, CAPS).id;
      const child = one<{ id: string }>(db, `SELECT id FROM ${table} WHERE tenant_id = ? LIMIT 1`, NORTHSIDE);
      // Update: re-point a Northside row at a CAPS parent.
      expect(() => db.prepare(`UPDATE ${table} SET ${fk.column} = ? WHERE id = ?`).run(foreignParent, child.id)).toThrow(
        `cross-tenant reference: ${table}.${fk.column} -> ${fk.references}`,
      );
      // Insert: a copy of the Northside row pointing at the CAPS parent.
      const cols = (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((c) => c.name).filter((c) => c !== 'id');
      const copy = `INSERT INTO ${table} (id, ${cols.join(', ')}) SELECT 'copy-' || id, ${cols.map((c) => (c === fk.column ? '?' : c)).join(', ')} FROM ${table} WHERE id = ?`;
      expect(() => db.prepare(copy).run(foreignParent, child.id)).toThrow(/cross-tenant reference/);
      db.close();
    },
  );

  it('a reference inside the same tenant is still fine, and NULL references are untouched', () => {
    const db = openCopy(fixture, dir);
    const product = one<{ id: string }>(db, `SELECT id FROM products WHERE tenant_id = ? LIMIT 1 OFFSET 3`, NORTHSIDE).id;
    const line = one<{ id: string }>(db, `SELECT id FROM work_order_lines WHERE tenant_id = ? AND product_id IS NOT NULL LIMIT 1`, NORTHSIDE).id;
    expect(db.prepare(`UPDATE work_order_lines SET product_id = ? WHERE id = ?`).run(product, line).changes).toBe(1);
    expect(db.prepare(`UPDATE work_order_lines SET product_id = NULL WHERE id = ?`).run(line).changes).toBe(1);
    db.close();
  });
});
