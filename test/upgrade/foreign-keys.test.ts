import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { executedMigrations, runPendingMigrations, targetedForeignKeyCheck } from '../../electron/db/migrator';
import { openDatabase } from '../../electron/db/open';
import { runUpgrade } from '../../electron/upgrade';
import { foreignKeyScope } from '../../electron/upgrade/foreign-keys';
import { MIGRATIONS } from '../../migrations';
import { TENANT_MIGRATION, TENANT_MIGRATION_ROWS_WRITTEN } from '../../migrations/0002-tenant-id';
import type { Migration } from '../../electron/db/migration';
import { makeDemoDatabase, privateStore, tempDir } from '../helpers';

const dir = tempDir('pos-upgrade-fk-');
let legacy: string;
beforeAll(async () => {
  legacy = await makeDemoDatabase(dir, 'small');
});

/** A private legacy store in its own folder, so its backups/ folder is its own too. */
const store = () => privateStore(legacy, dir);

const fkCheck = (checks: { check: string; ok: boolean; detail: string }[]) => checks.find((c) => c.check === 'foreign_key_check');

describe('the upgrade checks foreign keys where the migration wrote, with the legacy content proven on the backup copy', () => {
  it('uses the targeted check when the verified copy had no violation, and says so in the report', async () => {
    const s = store();
    const report = await runUpgrade({ dbPath: s.db, backupDir: s.backups });
    expect(report.ok).toBe(true);
    const fk = fkCheck(report.checks);
    expect(fk?.ok).toBe(true);
    expect(fk?.detail).toMatch(/checked in full on the pre-upgrade copy/);
    for (const t of TENANT_MIGRATION_ROWS_WRITTEN) expect(fk?.detail).toContain(t);
    const db = openDatabase(s.db, { readonly: true });
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });

  it('falls back to the full check when the backup step gives no proof (a custom backup step)', async () => {
    const s = store();
    fs.mkdirSync(s.backups);
    const report = await runUpgrade({ dbPath: s.db, backup: async () => ({ id: 'test', dir: s.backups, file: path.join(s.backups, 'none') }) });
    expect(report.ok).toBe(true);
    expect(fkCheck(report.checks)?.detail).toMatch(/whole database/);
  });

  it('a legacy store that already breaks a foreign key is refused and left unchanged (the copy is not clean: full check)', async () => {
    const s = store();
    const db = openDatabase(s.db);
    db.pragma('foreign_keys = OFF');
    // An orphan in an ADD COLUMN table: the targeted check alone would never read it.
    expect(db.prepare(`UPDATE work_order_lines SET work_order_id = 'ghost' WHERE rowid = (SELECT min(rowid) FROM work_order_lines)`).run().changes).toBe(1);
    db.pragma('foreign_keys = ON');
    db.close();
    const report = await runUpgrade({ dbPath: s.db, backupDir: s.backups });
    expect(report.ok).toBe(false);
    expect(report.error?.message).toMatch(/foreign key/);
    const after = openDatabase(s.db, { readonly: true });
    expect(executedMigrations(after)).toEqual(['0001-legacy-schema']);
    after.close();
  });

  it('the scope is null (full check) when another connection committed after the copy, or a migration is unknown', () => {
    const s = store();
    const db = openDatabase(s.db);
    const version = db.pragma('data_version', { simple: true }) as number;
    const proof = { copyClean: true, dataVersionBeforeCopy: version, pending: [TENANT_MIGRATION] };
    expect(foreignKeyScope(db, proof)).toContain('products');
    expect(foreignKeyScope(db, { ...proof, copyClean: false })).toBeNull();
    expect(foreignKeyScope(db, { ...proof, pending: [TENANT_MIGRATION, '9999-unknown'] })).toBeNull();
    const other = openDatabase(s.db);
    expect(
      other.prepare(`UPDATE work_order_lines SET description = description || '.' WHERE rowid = (SELECT min(rowid) FROM work_order_lines)`).run().changes,
    ).toBe(1);
    other.close();
    expect(foreignKeyScope(db, proof)).toBeNull();
    db.close();
  });

  it('the targeted check catches an orphan written in a scoped table, and rolls back', async () => {
    const s = store();
    const db = openDatabase(s.db);
    const orphan: Migration = {
      name: '9005-orphan-product',
      up: ({ db: d }) => d.exec(`UPDATE products SET category_id = 'ghost' WHERE rowid = (SELECT min(rowid) FROM products)`),
    };
    await expect(runPendingMigrations(db, { migrations: [MIGRATIONS[0] as Migration, orphan], foreignKeyScope: () => ['products'] })).rejects.toThrow(
      /foreign key/,
    );
    expect(executedMigrations(db)).toEqual(['0001-legacy-schema']);
    db.close();
  });

  it('the targeted check catches a parent key that is no longer unique (a foreign key mismatch) without reading the children', async () => {
    const s = store();
    const db = openDatabase(s.db);
    db.exec(`CREATE TABLE tags (code TEXT NOT NULL UNIQUE)`);
    db.exec(`CREATE TABLE product_tags (product_id TEXT, tag_code TEXT REFERENCES tags (code))`);
    expect(targetedForeignKeyCheck(db, [])).toEqual([]);
    const loosen: Migration = {
      name: '9006-loosen-tags',
      up: ({ db: d }) =>
        d.exec(
          `CREATE TABLE tags__new (code TEXT NOT NULL); INSERT INTO tags__new SELECT code FROM tags; DROP TABLE tags; ALTER TABLE tags__new RENAME TO tags;`,
        ),
    };
    await expect(runPendingMigrations(db, { migrations: [MIGRATIONS[0] as Migration, loosen], foreignKeyScope: () => [] })).rejects.toThrow(/foreign key/);
    // A UNIQUE index under another collation is no parent key for SQLite either: counted as a mismatch.
    db.exec(`CREATE TABLE codes (code TEXT); CREATE UNIQUE INDEX codes_nocase ON codes (code COLLATE NOCASE)`);
    db.exec(`CREATE TABLE uses (code TEXT REFERENCES codes (code))`);
    expect(() => db.pragma('foreign_key_check(uses)')).toThrow(/mismatch/);
    expect(targetedForeignKeyCheck(db, [])).toEqual([expect.objectContaining({ table: 'uses', parent: 'codes', mismatch: true })]);
    db.close();
  });
});
