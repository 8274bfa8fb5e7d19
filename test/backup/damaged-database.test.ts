import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cleanupIncompleteBackups, createBackup, defaultBackupDir, listBackups, restoreBackup } from '../../electron/backup';
import type { CliIo } from '../../electron/cli/command';
import { runCli } from '../../electron/cli/index';
import { databaseContentHashes } from '../../electron/db/content-hash';
import { openDatabase } from '../../electron/db/open';
import { tempDir } from '../helpers';
import { smallStoreFactory } from './fixtures';

/**
 * The store a technician is called to: its database is damaged (a failing
 * disk scrambled some pages), so it cannot be backed up verifiably. A restore
 * must still bring the last good backup back, and keep the damaged bytes.
 */
const root = tempDir('pos-backup-damaged-');
let newStore: (name: string) => string;
beforeAll(async () => {
  newStore = await smallStoreFactory(root);
});

async function damagedStoreWithBackup(name: string) {
  const dbPath = newStore(name);
  const db = openDatabase(dbPath);
  const backup = await createBackup(db, { backupDir: defaultBackupDir(dbPath), reason: 'manual' });
  const atBackup = databaseContentHashes(db);
  db.close();
  // Scramble pages in the middle of the file; page 1 (the header and schema root) survives.
  const fd = fs.openSync(dbPath, 'r+');
  const pageSize = 4096;
  const pages = Math.floor(fs.statSync(dbPath).size / pageSize);
  for (let p = Math.floor(pages / 3); p < Math.floor(pages / 3) + 20; p++) fs.writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, p * pageSize);
  fs.closeSync(fd);
  const check = openDatabase(dbPath, { readonly: true });
  expect(check.pragma('quick_check', { simple: true })).not.toBe('ok');
  check.close();
  return { dbPath, backup, atBackup, backupDir: defaultBackupDir(dbPath) };
}

describe('restoring over a damaged database', () => {
  it('brings the backup back and keeps the damaged bytes beside the backups, never offered for restore', async () => {
    const { dbPath, backup, atBackup, backupDir } = await damagedStoreWithBackup('api');
    const damagedBytes = fs.readFileSync(dbPath);

    const result = await restoreBackup({ dbPath, backupId: backup.id, backupDir });

    expect(result.restoredSha256).toBe(backup.sha256);
    expect(result.preRestoreBackupId).toBeNull();
    expect(result.damagedCopy).toMatch(/-damaged-[0-9a-f]{6}\.damaged-db$/);
    expect(fs.readFileSync(path.join(backupDir, result.damagedCopy!)).equals(damagedBytes)).toBe(true);
    // Not a backup: not listed, and the cleanup of half-written backups leaves it alone.
    expect(listBackups(backupDir).map((b) => b.manifest.id)).toEqual([backup.id]);
    expect(cleanupIncompleteBackups(backupDir, { minAgeMs: 0 })).toEqual([]);

    const db = openDatabase(dbPath, { readonly: true });
    expect(db.pragma('quick_check', { simple: true })).toBe('ok');
    const { backups: _b, restore_jobs: _r, audit_log: _a, ...restored } = databaseContentHashes(db);
    const { backups: _b2, restore_jobs: _r2, audit_log: _a2, ...expected } = atBackup;
    expect(restored).toEqual(expected);
    // The audit trail is the backup's plus the restore's own entry, which cannot say what the damaged database held.
    const entry = db.prepare(`SELECT details FROM audit_log WHERE action = 'store.restore'`).pluck().all() as string[];
    expect(entry.map((d) => JSON.parse(d))).toEqual([expect.objectContaining({ backupId: backup.id, lost: null, storeWide: null })]);
    expect(db.prepare(`SELECT status, pre_restore_backup_id FROM restore_jobs WHERE backup_id = ?`).all(backup.id)).toEqual([
      { status: 'succeeded', pre_restore_backup_id: null },
    ]);
    db.close();
  });

  it('pos-db restore --yes says what it kept instead of a pre-restore backup', async () => {
    const { dbPath, backup } = await damagedStoreWithBackup('cli');
    const stdout: string[] = [];
    const stderr: string[] = [];
    const io: CliIo = { isTty: false, out: (l) => stdout.push(l), err: (l) => stderr.push(l), status: () => {}, confirm: async () => false };
    expect(await runCli(['restore', '--db', dbPath, '--backup', backup.id, '--yes'], io)).toBe(0);
    expect(stderr).toEqual([]);
    expect(stdout.join('\n')).toMatch(/The replaced database was damaged .* kept as \S+\.damaged-db in /);
  });
});
