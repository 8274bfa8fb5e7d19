import fs from 'node:fs';
import path from 'node:path';
import { MIGRATIONS } from '../../migrations';
import { migrationStatus } from '../db/migrator';
import { asDatabaseError, type Db } from '../db/open';
import { ensureStoreIdentity, readStoreIdentity } from '../db/store-identity';
import { withStoreLock, type StoreLock } from '../db/store-lock';
import { DamagedDatabaseError, PosError } from '../errors';
import { APP_VERSION } from './app-version';
import { fsyncDir, removeIfExists } from './durable';
import { BackupFailedError, BackupFolderError } from './errors';
import { inspectCopy, sha256File, type CheckKind, type CopyInspection } from './inspect';
import { cleanupIncompleteBackups } from './listing';
import { writeManifest } from './manifest';
import { backupFileName, newBackupId, PARTIAL_SUFFIX } from './paths';
import { recordBackup } from './records';
import { applyRetention } from './retention';
import { readBackupPolicy, resolveBackupLocation, type BackupLocation, type BackupPolicy } from './settings';
import { snapshotDatabase } from './snapshot';
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
   * Write into the database (default true): its store identity before the copy, the `backups` row after.
   * A restore passes false: the database it backs up must stay exactly as it was until the rename.
   */
  record?: boolean;
  /**
   * Also run PRAGMA foreign_key_check on the copy (read-only, after the quick_check) and report
   * the violations: the upgrade's proof that the legacy content it migrates has none.
   */
  checkForeignKeys?: boolean;
  /** The store lock the caller already holds (an upgrade, a restore); otherwise the backup takes it itself. */
  lock?: StoreLock;
  /** The caller holds the database exclusively in rollback-journal mode (a restore; see snapshotDatabase). */
  heldExclusively?: boolean;
}

/** The manifest, plus where the backup was written, what retention removed and whether the database got its row. */
export interface CreatedBackup extends BackupManifest {
  location: BackupLocation;
  file: string;
  pruned: string[];
  /** Violations PRAGMA foreign_key_check found on the copy; null unless `checkForeignKeys` was asked. */
  foreignKeyViolations: number | null;
  /** Whether the `backups` row was written into the database. */
  recorded: boolean;
  /** Why not, in plain words, when it was asked for but not written (a database from a newer version is never written to). */
  notRecorded: string | null;
}

/** Where this backup goes and what it may write: decided before anything is copied. */
interface BackupPlan {
  id: string;
  createdAt: string;
  policy: BackupPolicy;
  location: BackupLocation;
  file: string;
  partial: string;
  /** Whether the backup may write into the database (its identity, its `backups` row). */
  writes: boolean;
  /** Why it may not although it was asked to (a database from a newer version), or null. */
  notRecorded: string | null;
  storeId: string | null;
}

/**
 * A verified file-copy backup of an open store database, or a typed error and
 * no backup. Phases: plan (folder, id, whether the database may be written:
 * never one from a newer version) -> copy (no writer can commit during it,
 * the copy synced) -> verify (sha256, a read-only check, what the copy holds)
 * -> manifest (atomically: a backup without a manifest is never listed) ->
 * record (the `backups` row) and retention. Holds the store lock throughout,
 * and notes the files it is writing in it, so a killed backup's leftovers are
 * removed by the next start.
 */
export async function createBackup(db: Db, options: CreateBackupOptions): Promise<CreatedBackup> {
  return withStoreLock(db.name, 'backup', options.lock, async (lock) => {
    const progress = options.onProgress ?? (() => {});
    const plan = planBackup(db, options);
    lock.writing(plan.partial);
    lock.writing(plan.file);
    try {
      const sizeBytes = await copyPhase(db, plan, options, progress);
      const inspection = await verifyPhase(db, plan, sizeBytes, options, progress);
      const manifest = manifestPhase(plan, sizeBytes, inspection, options.reason, progress);
      lock.written(plan.partial);
      lock.written(plan.file);
      const notRecorded = plan.writes ? recordOrSayWhyNot(db, manifest, plan) : plan.notRecorded;
      const pruned = applyRetention(plan.location.dir, plan.policy.retentionCount, [plan.id, ...(options.protect ?? [])]);
      const { foreignKeyViolations } = inspection;
      return { ...manifest, location: plan.location, file: plan.file, pruned, foreignKeyViolations, recorded: notRecorded === null, notRecorded };
    } catch (err) {
      removeIfExists(plan.partial);
      // A copy that never got its manifest is not a backup: do not leave it for a human to mistake for one.
      if (!fs.existsSync(path.join(plan.location.dir, `${plan.id}.json`))) removeIfExists(plan.file);
      lock.written(plan.partial);
      lock.written(plan.file);
      throw err;
    }
  });
}

/**
 * The backup is complete and verified once its manifest is written: a failure
 * to add its row to the database's own history (the disk filled, the file went
 * read-only) does not unmake it. It stays listed and restorable, and the result
 * says plainly that the history row is missing and why, rather than reporting
 * a failed backup whose copy is there after all.
 */
function recordOrSayWhyNot(db: Db, manifest: BackupManifest, plan: BackupPlan): string | null {
  try {
    during(db.name, 'recording the backup', () => recordBackup(db, manifest, true, plan.location.destinationId));
    return null;
  } catch (err) {
    const why = err instanceof PosError ? err.oneLine() : (err as Error).message;
    return `adding it failed (${why}); the backup itself is complete, verified and listed`;
  }
}

function planBackup(db: Db, options: CreateBackupOptions): BackupPlan {
  const policy = readBackupPolicy(db);
  const location: BackupLocation = options.exactDir
    ? { dir: path.resolve(options.backupDir), source: 'default', destinationId: null, note: `folder ${path.resolve(options.backupDir)} (chosen)` }
    : resolveBackupLocation(policy, options.backupDir);
  ensureFolder(location.dir);
  cleanupIncompleteBackups(location.dir);
  const status = migrationStatus(db, MIGRATIONS);
  const notRecorded =
    options.record !== false && status.unknown.length > 0
      ? `it was written by a newer version of POS Desktop (${status.unknown.join(', ')}), which this version never writes to`
      : null;
  const writes = options.record !== false && notRecorded === null;
  // The identity goes in before the copy, so the copy carries it too.
  const storeId = writes ? ensureStoreIdentity(db).storeId : (readStoreIdentity(db)?.storeId ?? null);
  const id = newBackupId(options.reason);
  const file = path.join(location.dir, backupFileName(id));
  return { id, createdAt: new Date().toISOString(), policy, location, file, partial: file + PARTIAL_SUFFIX, writes, notRecorded, storeId };
}

async function copyPhase(db: Db, plan: BackupPlan, options: CreateBackupOptions, progress: (p: BackupProgress) => void): Promise<number> {
  const estimate = fs.statSync(db.name).size;
  progress({ stage: 'checkpoint', bytesDone: 0, bytesTotal: estimate });
  // Every 'copy' event comes from inside the copy (no writer can commit then), the last once it has returned.
  const { sizeBytes } = await during(db.name, 'copying the database', () =>
    snapshotDatabase(db, plan.partial, {
      heldExclusively: options.heldExclusively,
      // Below the total while copying: the event with bytesDone = total comes once the copy has returned.
      onBytes: (done) => progress({ stage: 'copy', bytesDone: Math.min(done, estimate - 1), bytesTotal: estimate }),
    }),
  );
  progress({ stage: 'copy', bytesDone: sizeBytes, bytesTotal: sizeBytes });
  fs.renameSync(plan.partial, plan.file);
  fsyncDir(plan.location.dir);
  return sizeBytes;
}

async function verifyPhase(
  db: Db,
  plan: BackupPlan,
  sizeBytes: number,
  options: CreateBackupOptions,
  progress: (p: BackupProgress) => void,
): Promise<CopyInspection & { sha256: string }> {
  const sha256 = await during(db.name, 'hashing the copy', () =>
    sha256File(plan.file, (done) => progress({ stage: 'hash', bytesDone: done, bytesTotal: sizeBytes })),
  );
  progress({ stage: 'check', bytesDone: 0, bytesTotal: sizeBytes });
  const inspection = inspectCopy(plan.file, options.check ?? 'quick_check', { foreignKeys: options.checkForeignKeys ?? false });
  // The copy is exact: a copy that fails its check means the database itself is damaged.
  if (inspection.check.result !== 'ok') throw new DamagedDatabaseError(db.name, `its exact copy fails ${inspection.check.kind}: ${inspection.check.result}`);
  progress({ stage: 'check', bytesDone: sizeBytes, bytesTotal: sizeBytes });
  return { ...inspection, sha256 };
}

function manifestPhase(
  plan: BackupPlan,
  sizeBytes: number,
  inspection: CopyInspection & { sha256: string },
  reason: BackupReason,
  progress: (p: BackupProgress) => void,
): BackupManifest {
  const manifest: BackupManifest = {
    id: plan.id,
    createdAt: plan.createdAt,
    appVersion: APP_VERSION,
    reason,
    fileName: backupFileName(plan.id),
    sizeBytes,
    sha256: inspection.sha256,
    executedMigrations: inspection.executedMigrations,
    schemaVersion: inspection.executedMigrations.at(-1) ?? null,
    rowCounts: inspection.rowCounts,
    check: inspection.check,
    storeId: inspection.storeId,
    tenants: inspection.tenants,
  };
  progress({ stage: 'manifest', bytesDone: 0, bytesTotal: sizeBytes });
  during(plan.location.dir, 'writing the manifest', () => writeManifest(plan.location.dir, manifest));
  progress({ stage: 'manifest', bytesDone: sizeBytes, bytesTotal: sizeBytes });
  return manifest;
}

/**
 * Runs one step; what SQLite says about the database becomes its typed error (damaged, read-only, busy),
 * any other error that is not already one of ours a BackupFailedError naming the step.
 */
function during<T>(dbPath: string, stage: string, step: () => T): T {
  const wrap = (err: unknown): never => {
    const typed = asDatabaseError(err, dbPath);
    if (typed instanceof PosError) throw typed;
    throw new BackupFailedError(stage, (err as Error).message);
  };
  try {
    const result = step();
    return result instanceof Promise ? (result.catch(wrap) as T) : result;
  } catch (err) {
    return wrap(err);
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
