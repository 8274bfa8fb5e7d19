import fs from 'node:fs';
import path from 'node:path';
import { backupFolders, createBackup, DEFAULT_RETENTION_COUNT, findBackup, listBackups, readBackupPolicy, restoreBackup, restoreImpact } from '../../backup';
import type { BackupList, BackupListing, BackupManifest, RestoreImpact, RestoreResult } from '../../backup/types';
import { openDatabase } from '../../db/open';
import type { WorkerContext, WorkerOp } from '../context';

/**
 * Where this store's backups may be: its configured destination first, then
 * <userData>/backups. A database that cannot be read (the Problem screen) still
 * gets its default folder listed, so a technician can restore from it.
 */
function storeBackupFolders({ config }: WorkerContext): { folders: string[]; retentionCount: number } {
  try {
    const db = openDatabase(config.databasePath, { readonly: true });
    try {
      return { folders: backupFolders(db, config.backupDir), retentionCount: readBackupPolicy(db).retentionCount };
    } finally {
      db.close();
    }
  } catch {
    return { folders: [path.resolve(config.backupDir)], retentionCount: DEFAULT_RETENTION_COUNT };
  }
}

/** The listing without its file paths: the page names backups by id. */
const forPage = ({ manifest, verified, problem }: BackupListing): BackupListing => ({ manifest, verified, problem });

export const listStoreBackups: WorkerOp<undefined, BackupList> = (_args, ctx) => {
  const { folders, retentionCount } = storeBackupFolders(ctx);
  const present = folders.filter((d) => fs.existsSync(d));
  return { folder: folders[0] as string, retentionCount, backups: present.length === 0 ? [] : listBackups(present).map(forPage) };
};

/**
 * What restoring a backup would roll back, for every tenant in the store file, read-only:
 * the Backups screen shows it in the confirmation before the technician chooses.
 */
export const storeRestoreImpact: WorkerOp<{ id: string }, RestoreImpact> = ({ id }, ctx) => {
  const { folders } = storeBackupFolders(ctx);
  const backup = findBackup(folders, id);
  const db = openDatabase(ctx.config.databasePath, { readonly: true });
  try {
    return restoreImpact(db, backup);
  } finally {
    db.close();
  }
};

/** The new backup's manifest, and why it is missing from the database's backup history when it is (still a good backup). */
export const backUpNow: WorkerOp<undefined, BackupManifest & { notRecorded: string | null }> = async (_args, ctx) => {
  const db = openDatabase(ctx.config.databasePath);
  try {
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    const { location, file, pruned, foreignKeyViolations, recorded, ...manifest } = await createBackup(db, {
      backupDir: ctx.config.backupDir,
      reason: 'manual',
      onProgress: (p) => ctx.emit('backups', 'progress', p),
    });
    return manifest;
  } finally {
    db.close();
  }
};

/** `confirmOtherStore`: the technician's second confirmation that a backup of another store may replace this one. */
export const restoreStoreBackup: WorkerOp<{ id: string; confirmOtherStore?: true }, RestoreResult> = async ({ id, confirmOtherStore }, ctx) => {
  const outcome = await restoreBackup({
    dbPath: ctx.config.databasePath,
    backupId: id,
    backupDir: ctx.config.backupDir,
    requestedBy: 'technician (POS Desktop)',
    allowOtherStore: confirmOtherStore === true,
    onProgress: (p) => ctx.emit('backups', 'progress', p),
  });
  const { restoredBackupId, preRestoreBackupId, damagedCopy, schemaVersion, pendingMigrations, durationMs, notes, impact } = outcome;
  return { restoredBackupId, preRestoreBackupId, damagedCopy, schemaVersion, pendingMigrations, durationMs, notes, impact };
};
