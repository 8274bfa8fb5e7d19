import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BackupFromNewerVersionError,
  BackupInvalidError,
  BackupNotFoundError,
  DatabaseInUseError,
  DiskSpaceError,
  createBackup,
  defaultBackupDir,
  listBackups,
  restoreBackup,
} from '../../electron/backup';
import { databaseContentHashes } from '../../electron/db/content-hash';
import { openDatabase } from '../../electron/db/open';
import { MIGRATIONS } from '../../migrations';
import { tempDir } from '../helpers';
import { contentHashesOf, contentHashesWithout, fileSha, filesIn, smallStoreFactory } from './fixtures';

const root = tempDir('pos-backup-restore-');
let newStore: (name: string) => string;
beforeAll(async () => {
  newStore = await smallStoreFactory(root);
});

/** A store with one manual backup, then changed after it (so a restore has something to undo). */
async function storeWithBackup(name: string) {
  const dbPath = newStore(name);
  const db = openDatabase(dbPath);
  const atBackup = databaseContentHashes(db);
  const backup = await createBackup(db, { backupDir: defaultBackupDir(dbPath), reason: 'manual' });
  db.exec(`DELETE FROM audit_log WHERE rowid % 3 = 0; UPDATE products SET name = name || ' (changed)'`);
  const changed = databaseContentHashes(db);
  db.close();
  return { dbPath, backup, atBackup, changed, backupDir: defaultBackupDir(dbPath) };
}

/** The database file, its sidecars and the backup folder, byte for byte: "nothing changed". */
function snapshotOf(dbPath: string) {
  const dir = path.dirname(dbPath);
  const backups = defaultBackupDir(dbPath);
  return {
    files: filesIn(dir),
    backups: filesIn(backups),
    db: fileSha(dbPath),
    manifests: filesIn(backups)
      .filter((f) => f.endsWith('.json'))
      .map((f) => fileSha(path.join(backups, f))),
  };
}

describe('restoreBackup: verified, undoable, never a mix', () => {
  it('round trip: the restored file is the backup byte for byte; every table equals it but for the restore bookkeeping', async () => {
    const { dbPath, backup, atBackup, changed, backupDir } = await storeWithBackup('round-trip');
    const result = await restoreBackup({ dbPath, backupId: backup.id, backupDir, requestedBy: 'test' });

    expect(result.restoredSha256).toBe(backup.sha256);
    expect(result.restoredBackupId).toBe(backup.id);
    // A legacy backup: everything after the legacy schema is pending again, for the upgrade to run.
    expect(result.pendingMigrations).toEqual(MIGRATIONS.slice(1).map((m) => m.name));
    expect(result.schemaVersion).toBe('0001-legacy-schema');
    expect(contentHashesWithout(dbPath, { backups: [backup.id, result.preRestoreBackupId!], restoreJobs: [result.restoreJobId] })).toEqual(atBackup);
    // The pre-restore backup holds the database as it was just before: the restore can be undone.
    expect(contentHashesOf(result.preRestoreBackup!.file)).toEqual(changed);
    expect(result.preRestoreBackup!.reason).toBe('pre-restore');
    expect(fs.existsSync(`${dbPath}-wal`) && fs.statSync(`${dbPath}-wal`).size).toBeFalsy();
    expect(filesIn(path.dirname(dbPath)).filter((f) => f.includes('restore-tmp'))).toEqual([]);

    const db = openDatabase(dbPath, { readonly: true });
    expect(db.prepare(`SELECT backup_id, pre_restore_backup_id, status, requested_by, error FROM restore_jobs WHERE id = ?`).get(result.restoreJobId)).toEqual({
      backup_id: backup.id,
      pre_restore_backup_id: result.preRestoreBackupId!,
      status: 'succeeded',
      requested_by: 'test',
      error: null,
    });
    expect(db.prepare(`SELECT id, reason, verified FROM backups WHERE id IN (?, ?) ORDER BY id`).all(backup.id, result.preRestoreBackupId!)).toHaveLength(2);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('undo: restoring the pre-restore backup gives back the database as it was before the restore', async () => {
    const { dbPath, backup, changed, backupDir } = await storeWithBackup('undo');
    const first = await restoreBackup({ dbPath, backupId: backup.id, backupDir });
    const second = await restoreBackup({ dbPath, backupId: first.preRestoreBackupId!, backupDir });
    expect(second.restoredSha256).toBe(first.preRestoreBackup!.sha256);
    expect(contentHashesWithout(dbPath, { backups: [first.preRestoreBackupId!, second.preRestoreBackupId!], restoreJobs: [second.restoreJobId] })).toEqual(
      changed,
    );
  });

  const refusals: [string, (b: Awaited<ReturnType<typeof storeWithBackup>>) => void, RegExp][] = [
    ['a flipped byte', ({ backup }) => flipByte(backup.file, Math.floor(backup.sizeBytes / 2)), /sha256 does not match/],
    ['a truncated file', ({ backup }) => fs.truncateSync(backup.file, backup.sizeBytes - 4096), /truncated or replaced/],
    ['a missing manifest', ({ backup, backupDir }) => fs.rmSync(path.join(backupDir, `${backup.id}.json`)), /manifest is missing/],
    ['a manifest that is not JSON', ({ backup, backupDir }) => fs.writeFileSync(path.join(backupDir, `${backup.id}.json`), '{"id": '), /not valid JSON/],
    ['an edited sha256', ({ backup, backupDir }) => editManifest(backupDir, backup.id, (m) => ({ ...m, sha256: 'a'.repeat(64) })), /sha256 does not match/],
    [
      'an edited schema',
      ({ backup, backupDir }) => editManifest(backupDir, backup.id, (m) => ({ ...m, executedMigrations: [], schemaVersion: null })),
      /lists other migrations than the file records/,
    ],
    [
      'edited row counts',
      ({ backup, backupDir }) => editManifest(backupDir, backup.id, (m) => ({ ...m, rowCounts: { ...(m.rowCounts as object), users: 1 } })),
      /other row counts/,
    ],
  ];

  for (const [what, damage, problem] of refusals) {
    it(`refuses a backup with ${what}, changing nothing`, async () => {
      const store = await storeWithBackup(what);
      damage(store);
      const before = snapshotOf(store.dbPath);
      const err = await restoreBackup({ dbPath: store.dbPath, backupId: store.backup.id, backupDir: store.backupDir }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BackupInvalidError);
      expect((err as BackupInvalidError).exitCode).toBe(1);
      expect((err as Error).message).toMatch(problem);
      expect(snapshotOf(store.dbPath)).toEqual(before);
      expect(contentHashesOf(store.dbPath)).toEqual(store.changed);
    });
  }

  it('never lists a damaged backup as verified', async () => {
    const { backup, backupDir } = await storeWithBackup('listing');
    fs.truncateSync(backup.file, 1024);
    expect(listBackups(backupDir).find((b) => b.manifest.id === backup.id)).toMatchObject({ verified: false, problem: expect.stringMatching(/truncated/) });
  });

  it('refuses an unknown id and a malformed one as bad input (exit 2)', async () => {
    const { dbPath, backupDir } = await storeWithBackup('unknown-id');
    const before = snapshotOf(dbPath);
    for (const id of ['20200101T000000Z-manual-abcdef', '../../etc/passwd']) {
      const err = await restoreBackup({ dbPath, backupId: id, backupDir }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BackupNotFoundError);
      expect((err as BackupNotFoundError).exitCode).toBe(2);
    }
    expect(snapshotOf(dbPath)).toEqual(before);
  });

  it('refuses a backup written by a newer schema than this build knows', async () => {
    const dbPath = newStore('newer');
    const db = openDatabase(dbPath);
    db.prepare(`INSERT INTO schema_migrations (name, executed_at) VALUES ('9999-from-the-future', '2030-01-01T00:00:00Z')`).run();
    const future = await createBackup(db, { backupDir: defaultBackupDir(dbPath), reason: 'manual' });
    db.prepare(`DELETE FROM schema_migrations WHERE name = '9999-from-the-future'`).run();
    db.close();
    const before = snapshotOf(dbPath);
    const err = await restoreBackup({ dbPath, backupId: future.id, backupDir: defaultBackupDir(dbPath) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackupFromNewerVersionError);
    expect((err as Error).message).toMatch(/newer version of POS Desktop \(unknown migrations: 9999-from-the-future\)/);
    expect(snapshotOf(dbPath)).toEqual(before);
  });

  it('refuses when the disk has no room for the pre-restore backup and the copy, changing nothing', async () => {
    const { dbPath, backup, backupDir } = await storeWithBackup('disk-full');
    const before = snapshotOf(dbPath);
    const err = await restoreBackup({ dbPath, backupId: backup.id, backupDir, freeSpace: () => backup.sizeBytes }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DiskSpaceError);
    expect(snapshotOf(dbPath)).toEqual(before);
  });

  it('keeps the backup being restored when retention runs for the pre-restore backup', async () => {
    const { dbPath, backup: oldest, backupDir } = await storeWithBackup('retention');
    const db = openDatabase(dbPath);
    db.prepare(`UPDATE backup_settings SET retention_count = 2`).run();
    const newer = await createBackup(db, { backupDir, reason: 'manual' });
    db.close();
    expect(listBackups(backupDir).map((b) => b.manifest.id)).toEqual([newer.id, oldest.id]);
    const result = await restoreBackup({ dbPath, backupId: oldest.id, backupDir });
    // Keeping the newest 2 would drop `oldest`, but it is the one being restored.
    expect(result.preRestoreBackup!.pruned).toEqual([]);
    expect(listBackups(backupDir).map((b) => b.manifest.id)).toEqual([result.preRestoreBackupId!, newer.id, oldest.id]);
  });
});

function flipByte(file: string, offset: number): void {
  const fd = fs.openSync(file, 'r+');
  const b = Buffer.alloc(1);
  fs.readSync(fd, b, 0, 1, offset);
  b[0] = (b[0] as number) ^ 0xff;
  fs.writeSync(fd, b, 0, 1, offset);
  fs.closeSync(fd);
}

function editManifest(dir: string, id: string, edit: (m: Record<string, unknown>) => Record<string, unknown>): void {
  const file = path.join(dir, `${id}.json`);
  fs.writeFileSync(file, JSON.stringify(edit(JSON.parse(fs.readFileSync(file, 'utf8')))));
}

describe('restoreBackup while another program still has the database open', () => {
  it('refuses before anything is written: a write that program makes later would land in neither file', async () => {
    const { dbPath, backup, changed, backupDir } = await storeWithBackup('still-open');
    const backupsBefore = filesIn(backupDir);
    const till = openDatabase(dbPath);
    till.prepare('SELECT count(*) FROM products').get();

    const err = await restoreBackup({ dbPath, backupId: backup.id, backupDir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseInUseError);
    expect((err as Error).message).toMatch(/still in use by another program/);
    expect((err as DatabaseInUseError).hint).toMatch(/database is unchanged/);
    till.close();

    // Refused before the pre-restore backup: every table holds what it held, no new backup, no history row.
    expect(filesIn(backupDir)).toEqual(backupsBefore);
    expect(contentHashesOf(dbPath)).toEqual(changed);
  });
});
