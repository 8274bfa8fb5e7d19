import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBackup, defaultBackupDir, listBackups, type CreatedBackup } from '../../electron/backup';
import { sha256File } from '../../electron/backup/inspect';
import { readManifest } from '../../electron/backup/manifest';
import { databaseContentHashes } from '../../electron/db/content-hash';
import { executedMigrations } from '../../electron/db/migrator';
import { openDatabase } from '../../electron/db/open';
import { readStoreIdentity } from '../../electron/db/store-identity';
import { countRows } from '../../electron/db/status';
import { tempDir } from '../helpers';
import { contentHashesOf, filesIn, smallStoreFactory } from './fixtures';

const root = tempDir('pos-backup-create-');
let newStore: (name: string) => string;
beforeAll(async () => {
  newStore = await smallStoreFactory(root);
});

describe('createBackup: a verified file copy with its manifest', () => {
  it('copies the database into backups/ beside it, with a manifest that matches the file', async () => {
    const dbPath = newStore('basic');
    const db = openDatabase(dbPath);
    const before = databaseContentHashes(db);
    const counts = countRows(db);
    const stages = new Set<string>();
    const backup = await createBackup(db, { backupDir: defaultBackupDir(dbPath), reason: 'manual', onProgress: (p) => stages.add(p.stage) });

    const dir = path.join(path.dirname(dbPath), 'backups');
    expect(backup.location.dir).toBe(dir);
    expect(filesIn(dir)).toEqual([`${backup.id}.json`, `${backup.id}.sqlite`]);
    expect(backup.id).toMatch(/^\d{8}T\d{6}Z-manual-[0-9a-f]{6}$/);
    const onDisk = readManifest(dir, backup.id);
    expect(onDisk.ok && onDisk.manifest).toEqual({
      id: backup.id,
      createdAt: backup.createdAt,
      appVersion: '2.0.0',
      reason: 'manual',
      fileName: `${backup.id}.sqlite`,
      sizeBytes: fs.statSync(backup.file).size,
      sha256: await sha256File(backup.file),
      executedMigrations: executedMigrations(db),
      schemaVersion: '0001-legacy-schema',
      rowCounts: counts,
      check: { kind: 'quick_check', result: 'ok' },
      storeId: readStoreIdentity(db)?.storeId,
      tenants: ['CAPS Automotive'],
    });
    expect(backup.storeId).toMatch(/^[0-9a-f-]{36}$/);
    expect(contentHashesOf(backup.file)).toEqual(before);
    expect([...stages]).toEqual(['checkpoint', 'copy', 'hash', 'check', 'manifest']);
    db.close();
  });

  it('records the backup in the backups table, verified', async () => {
    const dbPath = newStore('recorded');
    const db = openDatabase(dbPath);
    const backup = await createBackup(db, { backupDir: defaultBackupDir(dbPath), reason: 'pre-upgrade' });
    expect(db.prepare(`SELECT * FROM backups WHERE id = ?`).get(backup.id)).toEqual({
      id: backup.id,
      file_name: `${backup.id}.sqlite`,
      reason: 'pre-upgrade',
      size_bytes: backup.sizeBytes,
      sha256: backup.sha256,
      schema_version: '0001-legacy-schema',
      verified: 1,
      destination_id: null,
      created_at: backup.createdAt,
    });
    db.close();
  });

  it('holds data that was committed but is still only in the WAL, even when another connection wrote it', async () => {
    const dbPath = newStore('wal');
    const writer = openDatabase(dbPath);
    writer.pragma('wal_autocheckpoint = 0');
    const add = writer.prepare(
      `INSERT INTO audit_log (id, user_id, action, entity_type, created_at) VALUES (?, NULL, 'wal-test', 'test', '2026-01-01T00:00:00.000Z')`,
    );
    writer.transaction(() => {
      for (let i = 0; i < 500; i++) add.run(`wal-${i}`);
    })();
    expect(fs.statSync(`${dbPath}-wal`).size).toBeGreaterThan(0);

    const app = openDatabase(dbPath);
    const expected = databaseContentHashes(app);
    const backup = await createBackup(app, { backupDir: defaultBackupDir(dbPath), reason: 'manual' });
    const copy = openDatabase(backup.file, { readonly: true });
    expect((copy.prepare(`SELECT count(*) AS n FROM audit_log WHERE action = 'wal-test'`).get() as { n: number }).n).toBe(500);
    copy.close();
    expect(contentHashesOf(backup.file)).toEqual(expected);
    writer.close();
    app.close();
  });

  it('honours an enabled destination whose folder exists, and falls back to the default folder otherwise', async () => {
    const dbPath = newStore('destination');
    const db = openDatabase(dbPath);
    const nas = path.join(path.dirname(dbPath), 'nas');
    fs.mkdirSync(nas);
    db.prepare(
      `INSERT INTO backup_destinations (id, name, kind, path, enabled, created_at) VALUES ('dest-nas', 'Test NAS', 'network', ?, 1, '2026-01-01T00:00:00Z')`,
    ).run(nas);
    db.prepare(`UPDATE backup_settings SET destination_id = 'dest-nas'`).run();
    const there = await createBackup(db, { backupDir: defaultBackupDir(dbPath), reason: 'manual' });
    expect(there.location).toMatchObject({ dir: nas, source: 'destination', destinationId: 'dest-nas' });
    expect(filesIn(nas)).toContain(`${there.id}.sqlite`);
    expect((db.prepare(`SELECT destination_id FROM backups WHERE id = ?`).get(there.id) as { destination_id: string }).destination_id).toBe('dest-nas');

    db.prepare(`UPDATE backup_destinations SET enabled = 0 WHERE id = 'dest-nas'`).run();
    const fallback = await createBackup(db, { backupDir: defaultBackupDir(dbPath), reason: 'manual' });
    expect(fallback.location).toMatchObject({ dir: defaultBackupDir(dbPath), source: 'default' });
    expect(fallback.location.note).toMatch(/"Test NAS" is disabled/);

    db.prepare(`UPDATE backup_destinations SET enabled = 1, path = ? WHERE id = 'dest-nas'`).run(path.join(nas, 'unplugged'));
    const unplugged = await createBackup(db, { backupDir: defaultBackupDir(dbPath), reason: 'manual' });
    expect(unplugged.location.source).toBe('default');
    expect(unplugged.location.note).toMatch(/not reachable here/);
    db.close();
  });

  it('keeps the newest N backups from backup_settings, and lists newest first', async () => {
    const dbPath = newStore('retention');
    const db = openDatabase(dbPath);
    db.prepare(`UPDATE backup_settings SET retention_count = 2`).run();
    const made: CreatedBackup[] = [];
    for (let i = 0; i < 4; i++) {
      made.push(await createBackup(db, { backupDir: defaultBackupDir(dbPath), reason: 'manual' }));
      fs.writeFileSync(path.join(defaultBackupDir(dbPath), `${made[i]?.id}.upgrade-report.json`), '{}');
    }
    expect(listBackups(defaultBackupDir(dbPath)).map((b) => b.manifest.id)).toEqual([made[3]?.id, made[2]?.id]);
    expect(made[2]?.pruned).toEqual([made[0]?.id]);
    // Files kept under a backup's id (the upgrade's report) go with it.
    expect(filesIn(defaultBackupDir(dbPath)).filter((f) => f.startsWith(made[0]?.id as string))).toEqual([]);
    db.close();
  });

  it('refuses a connection with an open transaction, leaving no file behind', async () => {
    const dbPath = newStore('in-transaction');
    const db = openDatabase(dbPath);
    db.exec('BEGIN');
    await expect(createBackup(db, { backupDir: defaultBackupDir(dbPath), reason: 'manual' })).rejects.toThrow(/open transaction/);
    expect(filesIn(defaultBackupDir(dbPath))).toEqual([]);
    db.exec('ROLLBACK');
    db.close();
  });
});
