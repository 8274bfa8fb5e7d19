import fs from 'node:fs';
import path from 'node:path';
import { BackupFolderError, backupFolders, createBackup, defaultBackupDir, isDamagedDatabaseError } from '../../backup';
import { formatBytes } from '../../backup/errors';
import { openDatabase, type Db } from '../../db/open';
import type { Command } from '../command';
import { requireString } from '../command';

/** The folder a backup command works in: an explicit --backup-dir must exist; otherwise the default (and configured destination). */
export function backupDirArg(values: Record<string, unknown>, dbPath: string): { backupDir: string; exactDir: boolean } {
  const given = values['backup-dir'];
  if (typeof given !== 'string' || given.length === 0) return { backupDir: defaultBackupDir(dbPath), exactDir: false };
  const dir = path.resolve(given);
  if (!fs.existsSync(dir)) throw new BackupFolderError(dir, 'does not exist');
  if (!fs.statSync(dir).isDirectory()) throw new BackupFolderError(dir, 'is not a folder');
  return { backupDir: dir, exactDir: true };
}

/**
 * The folders to look in for a store's backups. A read-only connection would
 * leave -wal and -shm files beside a closed database; a plain connection that
 * only reads removes them again on close, so "nothing changed" holds.
 */
export function foldersToSearch(dbPath: string, backupDir: string, exactDir: boolean): string[] {
  if (exactDir) return [backupDir];
  let db: Db | null = null;
  try {
    db = openDatabase(dbPath);
    return backupFolders(db, backupDir);
  } catch (err) {
    // A damaged database cannot say where its settings put backups: look in the default folder.
    if (isDamagedDatabaseError(err)) return [backupDir];
    throw err;
  } finally {
    db?.close();
  }
}

export const BACKUP_DIR_OPTION = { 'backup-dir': { type: 'string' } } as const;

/** A progress line for the terminal: stage and percentage of bytes. */
export function progressLine(prefix: string, p: { stage: string; bytesDone: number; bytesTotal: number }): string {
  const pct = p.bytesTotal > 0 ? Math.floor((100 * p.bytesDone) / p.bytesTotal) : 0;
  return `${prefix}: ${p.stage} ${pct}%`;
}

export const backupCommand: Command = {
  name: 'backup',
  summary: 'make a verified backup of a store database (file copy, sha256, quick_check, manifest)',
  usage:
    'pos-db backup --db FILE [--backup-dir DIR] [--integrity-check] [--json]\n\n' +
    'The backup goes to backups/ beside the database, or to the destination set in the\n' +
    "store's backup settings when it is enabled and its folder exists here. --backup-dir\n" +
    'chooses an existing folder instead. Retention (backup settings, default 10) applies.\n' +
    'The copy is checked with quick_check; --integrity-check runs the slower full check.',
  options: { db: { type: 'string' }, json: { type: 'boolean' }, 'integrity-check': { type: 'boolean' }, ...BACKUP_DIR_OPTION },
  async run(values, io) {
    const dbPath = requireString(values, 'db', 'backup');
    const { backupDir, exactDir } = backupDirArg(values, dbPath);
    const db = openDatabase(dbPath);
    try {
      const backup = await createBackup(db, {
        backupDir,
        exactDir,
        reason: 'manual',
        check: values['integrity-check'] ? 'integrity_check' : 'quick_check',
        onProgress: (p) => io.status(progressLine('backup', p)),
      });
      io.status('');
      if (values.json) {
        io.out(JSON.stringify(backup));
        return 0;
      }
      const rows = Object.values(backup.rowCounts).reduce((a, b) => a + b, 0);
      io.out(
        `Backup ${backup.id} verified: ${formatBytes(backup.sizeBytes)}, ${backup.check.kind} ${backup.check.result}, ${rows} rows in ${Object.keys(backup.rowCounts).length} tables`,
      );
      io.out(`Schema:  ${backup.schemaVersion ?? '(empty)'}`);
      io.out(`sha256:  ${backup.sha256}`);
      io.out(`Folder:  ${backup.location.note}`);
      if (backup.storeId) io.out(`Store:   ${backup.storeId}${backup.tenants?.length ? ` (tenants ${backup.tenants.join(', ')})` : ''}`);
      if (backup.notRecorded) io.out(`Not recorded in the database's backup history: ${backup.notRecorded}`);
      if (backup.pruned.length > 0) io.out(`Retention removed: ${backup.pruned.join(', ')}`);
      return 0;
    } finally {
      db.close();
    }
  },
};
