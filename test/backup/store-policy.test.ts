import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBackup, defaultBackupDir, listBackups, readBackupPolicy, restoreBackup, RestoreFailedError } from '../../electron/backup';
import { openDatabase } from '../../electron/db/open';
import { privateStore, tempDir } from '../helpers';
import { CAPS, NORTHSIDE, twoTenantDatabase } from '../tenancy/fixtures';

/**
 * A backup copies the whole store file, every tenant's rows. So the file has
 * one backup policy, its owner's (the default tenant), and no tenant sharing
 * the file can send a copy of it anywhere. The reproduction of issue 11: only
 * Northside's settings changed, and a copy of the whole file (CAPS's customers
 * and PIN hashes) went to Northside's folder; the backup then failed on a
 * cross-tenant reference with its copy left listed.
 */
const dir = tempDir('pos-store-policy-');
let fixture: string;

beforeAll(async () => {
  fixture = await twoTenantDatabase(dir);
});

function northsidePointsAt(dbPath: string, folder: string): void {
  const db = openDatabase(dbPath);
  db.prepare(
    `INSERT INTO backup_destinations (id, tenant_id, name, kind, path, enabled, created_at) VALUES ('dest-northside', ?, 'Northside USB', 'usb', ?, 1, '2026-11-01T00:00:00Z')`,
  ).run(NORTHSIDE, folder);
  // Northside's row is the one edited last: the old policy read took it for the whole file's.
  db.prepare(`UPDATE backup_settings SET destination_id = 'dest-northside', retention_count = 1, updated_at = '2030-01-01T00:00:00Z' WHERE tenant_id = ?`).run(
    NORTHSIDE,
  );
  db.close();
}

describe('the backup policy belongs to the store file, not to the tenant who edited it last', () => {
  it("Northside's settings send nothing to Northside's folder: the file's policy is CAPS's, and the backup is recorded", async () => {
    const store = privateStore(fixture, dir);
    const northsideFolder = path.join(dir, 'northside-usb');
    fs.mkdirSync(northsideFolder);
    northsidePointsAt(store.db, northsideFolder);

    const db = openDatabase(store.db);
    expect(readBackupPolicy(db)).toMatchObject({ destination: null, retentionCount: 10 });
    const made = await createBackup(db, { backupDir: defaultBackupDir(store.db), reason: 'manual' });
    expect(made.location.dir).toBe(defaultBackupDir(store.db));
    expect(fs.readdirSync(northsideFolder)).toEqual([]);
    expect(made.recorded).toBe(true);
    expect(db.prepare(`SELECT tenant_id, destination_id FROM backups WHERE id = ?`).get(made.id)).toEqual({ tenant_id: CAPS, destination_id: null });
    db.close();
  });

  it("the owner's own destination is still honoured, and found only among the owner's destinations", async () => {
    const store = privateStore(fixture, dir);
    const capsNas = path.join(dir, `caps-nas-${Date.now()}`);
    fs.mkdirSync(capsNas);
    northsidePointsAt(store.db, path.join(dir, 'never-used'));
    const db = openDatabase(store.db);
    db.prepare(
      `INSERT INTO backup_destinations (id, tenant_id, name, kind, path, enabled, created_at) VALUES ('dest-caps', ?, 'CAPS NAS', 'network', ?, 1, '2026-11-01T00:00:00Z')`,
    ).run(CAPS, capsNas);
    db.prepare(`UPDATE backup_settings SET destination_id = 'dest-caps' WHERE tenant_id = ?`).run(CAPS);
    const made = await createBackup(db, { backupDir: defaultBackupDir(store.db), reason: 'manual' });
    expect(made.location).toMatchObject({ dir: capsNas, source: 'destination', destinationId: 'dest-caps' });
    expect(db.prepare(`SELECT destination_id FROM backups WHERE id = ?`).get(made.id)).toEqual({ destination_id: 'dest-caps' });

    // A CAPS setting naming Northside's destination cannot even be written (0003's triggers).
    expect(() => db.prepare(`UPDATE backup_settings SET destination_id = 'dest-northside' WHERE tenant_id = ?`).run(CAPS)).toThrow(/cross-tenant reference/);
    db.close();
  });

  it('a backup whose history row cannot be written is kept and says so, instead of failing with its copy listed', async () => {
    const store = privateStore(fixture, dir);
    const db = openDatabase(store.db);
    db.exec(`CREATE TRIGGER test_refuse_history BEFORE INSERT ON backups BEGIN SELECT RAISE(ABORT, 'the disk says no'); END`);
    const made = await createBackup(db, { backupDir: defaultBackupDir(store.db), reason: 'manual' });
    expect(made.recorded).toBe(false);
    expect(made.notRecorded).toMatch(/the disk says no.*complete, verified and listed/);
    expect(listBackups(defaultBackupDir(store.db)).map((b) => b.manifest.id)).toContain(made.id);
    expect(db.prepare(`SELECT count(*) FROM backups WHERE id = ?`).pluck().get(made.id)).toBe(0);
    db.close();
  });

  it('a restore that fails after the swap says exactly which database is in place', async () => {
    const store = privateStore(fixture, dir);
    const db = openDatabase(store.db);
    // The backup's content refuses the restore's own history row: the failure comes after the rename.
    db.exec(`CREATE TRIGGER test_refuse_job BEFORE INSERT ON restore_jobs BEGIN SELECT RAISE(ABORT, 'no history today'); END`);
    const backup = await createBackup(db, { backupDir: defaultBackupDir(store.db), reason: 'manual' });
    db.exec(`DROP TRIGGER test_refuse_job`);
    db.close();

    const err = await restoreBackup({ dbPath: store.db, backupId: backup.id, backupDir: defaultBackupDir(store.db) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RestoreFailedError);
    const hint = (err as RestoreFailedError).hint;
    expect(hint).toMatch(new RegExp(`Backup ${backup.id} is in place and passed its check`));
    expect(hint).toMatch(/pos-db restore --db .* --backup \S+-pre-restore-/);
    // And it is so: the trigger that only the backup had is in the file now.
    const after = openDatabase(store.db, { readonly: true });
    expect(after.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'test_refuse_job'`).pluck().get()).toBe(1);
    after.close();
  });
});
