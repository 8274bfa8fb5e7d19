import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/open';
import { PosError } from '../errors';
import { APP_VERSION } from './app-version';
import { fsyncDir, removeIfExists } from './durable';
import { BackupFailedError, BackupFolderError } from './errors';
import { inspectCopy, sha256File, type CheckKind } from './inspect';
import { cleanupIncompleteBackups } from './listing';
import { writeManifest } from './manifest';
import { backupFileName, newBackupId, PARTIAL_SUFFIX } from './paths';
import { recordBackup } from './records';
import { applyRetention } from './retention';
import { readBackupPolicy, resolveBackupLocation, type BackupLocation } from './settings';
import { snapshotDatabase } from './snapshot';
import { pauseForCrashTest } from './test-pause';
import type { BackupManifest, BackupProgress, BackupReason } from './types';

export interface CreateBackupOptions {
  /** The default folder; a destination configured in backup_settings replaces it when usable (see `exactDir`). */
  backupDir: string;
  reason: BackupReason;
  onProgress?: (p: BackupProgress) => void;
  /** Use exactly `backupDir`, whatever backup_settings says (a technician's --backup-dir). */
  exactDir?: boolean;
  /** quick_check by default; integrity_check on request (slower, checks indexes against tables). */
  check?: CheckKind;
  /** Ids retention must keep whatever their age (e.g. the backup being restored). */
  protect?: readonly string[];
  /**
   * Write the `backups` row into the database (default true). A restore passes false: the
   * database it backs up must stay exactly as it was until the rename, and the restored one gets the row.
   */
  record?: boolean;
  /**
   * Also run PRAGMA foreign_key_check on the copy (read-only, after the quick_check) and report
   * the violations: the upgrade's proof that the legacy content it migrates has none.
   */
  checkForeignKeys?: boolean;
}

/** The manifest, plus where the backup was written and what retention removed. */
export interface CreatedBackup extends BackupManifest {
  location: BackupLocation;
  file: string;
  pruned: string[];
  /** Violations PRAGMA foreign_key_check found on the copy; null unless `checkForeignKeys` was asked. */
  foreignKeyViolations: number | null;
}

/**
 * A verified file-copy backup of an open store database, or a typed error and
 * no backup. The copy is taken with no writer able to commit; it is synced,
 * hashed, checked read-only, and only then given its manifest (atomically): a
 * backup without a manifest is never listed. Then recorded in `backups`, and
 * retention applied.
 */
export async function createBackup(db: Db, options: CreateBackupOptions): Promise<CreatedBackup> {
  const progress = options.onProgress ?? (() => {});
  const policy = readBackupPolicy(db);
  const location: BackupLocation = options.exactDir
    ? { dir: path.resolve(options.backupDir), source: 'default', destinationId: null, note: `folder ${path.resolve(options.backupDir)} (chosen)` }
    : resolveBackupLocation(policy, options.backupDir);
  ensureFolder(location.dir);
  cleanupIncompleteBackups(location.dir);

  const id = newBackupId(options.reason);
  const createdAt = new Date().toISOString();
  const file = path.join(location.dir, backupFileName(id));
  const partial = file + PARTIAL_SUFFIX;
  let total = fs.statSync(db.name).size;
  let stage = 'copying the database';
  try {
    progress({ stage: 'checkpoint', bytesDone: 0, bytesTotal: total });
    progress({ stage: 'copy', bytesDone: 0, bytesTotal: total });
    const { sizeBytes } = await snapshotDatabase(db, partial);
    total = sizeBytes;
    progress({ stage: 'copy', bytesDone: total, bytesTotal: total });
    fs.renameSync(partial, file);
    fsyncDir(location.dir);
    pauseForCrashTest('backup:renamed');

    stage = 'hashing the copy';
    const sha256 = await sha256File(file, (done) => progress({ stage: 'hash', bytesDone: done, bytesTotal: total }));
    stage = 'checking the copy';
    progress({ stage: 'check', bytesDone: 0, bytesTotal: total });
    const inspection = inspectCopy(file, options.check ?? 'quick_check', { foreignKeys: options.checkForeignKeys ?? false });
    if (inspection.check.result !== 'ok') throw new BackupFailedError(stage, `${inspection.check.kind} says: ${inspection.check.result}`, true);
    progress({ stage: 'check', bytesDone: total, bytesTotal: total });

    stage = 'writing the manifest';
    const manifest: BackupManifest = {
      id,
      createdAt,
      appVersion: APP_VERSION,
      reason: options.reason,
      fileName: backupFileName(id),
      sizeBytes: total,
      sha256,
      executedMigrations: inspection.executedMigrations,
      schemaVersion: inspection.executedMigrations.at(-1) ?? null,
      rowCounts: inspection.rowCounts,
      check: inspection.check,
    };
    pauseForCrashTest('backup:before-manifest');
    writeManifest(location.dir, manifest);
    progress({ stage: 'manifest', bytesDone: total, bytesTotal: total });

    stage = 'recording the backup';
    if (options.record ?? true) recordBackup(db, manifest, true, location.destinationId);
    const pruned = applyRetention(location.dir, policy.retentionCount, [id, ...(options.protect ?? [])]);
    return { ...manifest, location, file, pruned, foreignKeyViolations: inspection.foreignKeyViolations };
  } catch (err) {
    removeIfExists(partial);
    // A copy that never got its manifest is not a backup: do not leave it for a human to mistake for one.
    if (!fs.existsSync(path.join(location.dir, `${id}.json`))) removeIfExists(file);
    if (err instanceof PosError) throw err;
    const code = (err as { code?: string }).code;
    throw new BackupFailedError(stage, (err as Error).message, code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB');
  }
}

/** The backup folder is created when missing, but only one level: a mistyped path is an error, not a new tree. */
function ensureFolder(dir: string): void {
  if (fs.existsSync(dir)) {
    if (!fs.statSync(dir).isDirectory()) throw new BackupFolderError(dir, 'is not a folder');
    return;
  }
  if (!fs.existsSync(path.dirname(dir))) throw new BackupFolderError(dir, 'does not exist, nor does its parent folder');
  fs.mkdirSync(dir);
  fsyncDir(path.dirname(dir));
}
