import fs from 'node:fs';
import path from 'node:path';
import { MIGRATIONS } from '../../migrations';
import type { Migration } from '../db/migration';
import { migrationStatus } from '../db/migrator';
import { assertDatabaseFile, openDatabase, type Db } from '../db/open';
import { PosError } from '../errors';
import { createBackup, type CreatedBackup } from './create';
import { isDamagedDatabaseError, preserveDamagedDatabase } from './damaged';
import { fsyncDir, fsyncFile, removeIfExists } from './durable';
import { BackupFromNewerVersionError, BackupInvalidError, DiskSpaceError, RestoreFailedError } from './errors';
import { sha256File, type CheckKind } from './inspect';
import { findBackup, verifyLocatedBackup, type LocatedBackup } from './listing';
import { restoreTempPath } from './paths';
import { assertNoOtherWriter, FREE_SPACE_MARGIN_BYTES, statfsFreeSpace, type FreeSpaceProbe } from './preflight';
import { recordBackup, recordRestoreJob } from './records';
import { readBackupPolicy, resolveBackupLocation } from './settings';
import { pauseForCrashTest } from './test-pause';
import type { BackupProgress, RestoreResult } from './types';

export interface RestoreOptions {
  dbPath: string;
  backupId: string;
  /** The default backup folder; a usable destination from backup_settings is searched first (see `exactDir`). */
  backupDir: string;
  /** Look only in `backupDir` and put the pre-restore backup there (a technician's --backup-dir). */
  exactDir?: boolean;
  onProgress?: (p: BackupProgress) => void;
  /** Who asked, for restore_jobs.requested_by (e.g. "technician (pos-db)"). */
  requestedBy?: string;
  check?: CheckKind;
  freeSpace?: FreeSpaceProbe;
  /** The migrations this build knows (tests pass their own list, as with the migrator). */
  migrations?: readonly Migration[];
}

export interface RestoreOutcome extends RestoreResult {
  /** null when the replaced database was too damaged to back up verifiably (damagedCopy names its raw copy). */
  preRestoreBackup: CreatedBackup | null;
  /** The sha256 of the file now in place, taken before any bookkeeping row was written: equal to the backup's. */
  restoredSha256: string;
  restoreJobId: string;
}

/** The folders a store's backups may be in: its usable configured destination, then the default folder. */
export function backupFolders(db: Db, backupDir: string): string[] {
  const location = resolveBackupLocation(readBackupPolicy(db), backupDir);
  return [...new Set([location.dir, path.resolve(backupDir)])];
}

/** Removes the temporary copy an interrupted restore left beside the database (before its rename, so never in use). */
export function cleanupInterruptedRestore(dbPath: string): boolean {
  return removeIfExists(restoreTempPath(dbPath));
}

/**
 * Puts a backup back in place of the store database, so that a crash at any
 * moment leaves either the old database or exactly the backup, never a mix.
 * The backup is verified (sha256, quick_check) before anything changes; then a
 * pre-restore backup of the current database is taken, so any restore can be
 * undone. The caller must have closed its own connections to `dbPath`.
 */
export async function restoreBackup(options: RestoreOptions): Promise<RestoreOutcome> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const { dbPath, backupId } = options;
  const progress = options.onProgress ?? (() => {});
  assertDatabaseFile(dbPath);
  cleanupInterruptedRestore(dbPath);

  // A damaged database is exactly what a technician restores over: it cannot be opened or backed up
  // verifiably, so its raw bytes are kept (preserveDamagedDatabase) and the restore goes ahead.
  let db: Db | null = ifReadable(() => openDatabase(dbPath));
  let target: LocatedBackup;
  let pre: CreatedBackup | null = null;
  let damagedCopy: string | null = null;
  try {
    const live = db;
    const folders = options.exactDir || !live ? null : ifReadable(() => backupFolders(live, options.backupDir));
    target = findBackup(folders ?? [options.backupDir], backupId);
    await assertRestorable(target, options);
    ifReadable(() => assertNoOtherWriter(dbPath));
    assertRoomFor(dbPath, target, options.freeSpace ?? statfsFreeSpace);
    if (live) {
      pre = await createBackup(live, {
        backupDir: options.backupDir,
        exactDir: options.exactDir,
        reason: 'pre-restore',
        protect: [backupId],
        record: false,
        onProgress: progress,
      }).catch((err: unknown) => {
        if (!isDamagedDatabaseError(err)) throw err;
        return null;
      });
    }
    if (!pre) {
      db?.close();
      db = null;
      damagedCopy = preserveDamagedDatabase(dbPath, options.backupDir);
    }
  } catch (err) {
    db?.close();
    throw err;
  }
  const undo = pre ? `its backup is ${pre.id}` : `its damaged bytes are kept as ${damagedCopy} in ${options.backupDir}`;

  // From here the current database has a backup; a failure is recorded and says which database is in place.
  const dataVersionAtBackup = db ? (db.pragma('data_version', { simple: true }) as number) : null;
  let stage = 'copying the backup beside the database';
  let renamed = false;
  const temp = restoreTempPath(dbPath);
  try {
    // The slow part first, while the current database is still untouched and open.
    progress({ stage: 'restore', bytesDone: 0, bytesTotal: target.manifest.sizeBytes });
    await fs.promises.copyFile(target.file, temp, fs.constants.COPYFILE_FICLONE);
    fsyncFile(temp);
    const restoredSha256 = await sha256File(temp, (done) => progress({ stage: 'restore', bytesDone: done, bytesTotal: target.manifest.sizeBytes }));
    if (restoredSha256 !== target.manifest.sha256) throw new Error('the copy does not match the backup (disk error?)');
    pauseForCrashTest('restore:temp-written');

    stage = 'closing the database';
    if (db) {
      const open = db;
      // A sale committed by another program since the pre-restore backup would be in neither file.
      if (open.pragma('data_version', { simple: true }) !== dataVersionAtBackup) {
        throw new Error('another program wrote to the database during the restore; close POS Desktop on this machine and try again');
      }
      // Leaving WAL checkpoints every committed page into the main file and deletes the -wal, and SQLite
      // allows it only while no other connection has the file open: the proof that nobody is left to lose a write.
      try {
        if (open.pragma('journal_mode = DELETE', { simple: true }) !== 'delete') throw new Error('journal_mode unchanged');
      } catch (err) {
        throw new Error(`the database is still in use by another program (${(err as Error).message}); close POS Desktop on this machine and try again`);
      }
      open.close();
      db = null;
    }

    stage = 'replacing the database';
    // Sidecars of the old database would be replayed onto the restored file and corrupt it.
    if (fs.existsSync(`${dbPath}-journal`))
      throw new Error('an unfinished transaction journal is beside the database; reopen it once (pos-db status) and try again');
    removeIfExists(`${dbPath}-wal`);
    removeIfExists(`${dbPath}-shm`);
    pauseForCrashTest('restore:sidecars-removed');
    fs.renameSync(temp, dbPath);
    renamed = true;
    fsyncDir(path.dirname(path.resolve(dbPath)));
    pauseForCrashTest('restore:renamed');

    stage = 'reopening the restored database';
    progress({ stage: 'reopen', bytesDone: 0, bytesTotal: target.manifest.sizeBytes });
    db = openDatabase(dbPath);
    const check = (db.pragma('quick_check') as Record<string, string>[]).map((r) => Object.values(r)[0]).join('; ');
    if (check !== 'ok') throw new Error(`quick_check says: ${check}`);

    stage = 'recording the restore';
    const finishedAt = new Date().toISOString();
    const live = db;
    const restoreJobId = live.transaction(() => {
      // The restored file's own history ends before its backup was made: add both backups, then the job.
      recordBackup(live, target.manifest, true, null);
      if (pre) recordBackup(live, pre, true, pre.location.destinationId);
      return recordRestoreJob(live, {
        backupId,
        preRestoreBackupId: pre?.id ?? null,
        status: 'succeeded',
        requestedBy: options.requestedBy ?? null,
        error: null,
        startedAt,
        finishedAt,
      });
    })();
    const status = migrationStatus(live, options.migrations ?? MIGRATIONS);
    progress({ stage: 'reopen', bytesDone: target.manifest.sizeBytes, bytesTotal: target.manifest.sizeBytes });
    return {
      restoredBackupId: backupId,
      preRestoreBackupId: pre?.id ?? null,
      damagedCopy,
      schemaVersion: status.schemaVersion,
      pendingMigrations: status.pending,
      durationMs: performance.now() - started,
      preRestoreBackup: pre,
      restoredSha256,
      restoreJobId,
    };
  } catch (err) {
    removeIfExists(temp);
    const reason = err instanceof PosError ? err.oneLine() : (err as Error).message;
    if (!renamed && pre)
      recordFailure(dbPath, db, { backupId, preRestoreBackupId: pre.id, startedAt, error: `${stage}: ${reason}`, requestedBy: options.requestedBy ?? null }, [
        target,
        pre,
      ]);
    throw new RestoreFailedError(
      stage,
      reason,
      renamed
        ? `Backup ${backupId} is in place but could not be opened cleanly; ${pre ? `restore the pre-restore backup ${pre.id} (\`pos-db restore --backup ${pre.id}\`)` : 'restore another backup'}`
        : `The database is unchanged, as before the restore (${undo}); fix the cause and try again`,
    );
  } finally {
    db?.close();
  }
}

/** Before anything changes: the backup must match its manifest, pass a fresh check, and be of a schema this build knows. */
async function assertRestorable(target: LocatedBackup, options: RestoreOptions): Promise<void> {
  const known = new Set((options.migrations ?? MIGRATIONS).map((m) => m.name));
  const verification = await verifyLocatedBackup(target, options.check ?? 'quick_check', (done) =>
    options.onProgress?.({ stage: 'hash', bytesDone: done, bytesTotal: target.manifest.sizeBytes }),
  );
  if (!verification.ok) throw new BackupInvalidError(target.manifest.id, verification.problem ?? 'it failed verification');
  const unknown = target.manifest.executedMigrations.filter((m) => !known.has(m));
  if (unknown.length > 0) throw new BackupFromNewerVersionError(target.manifest.id, unknown);
}

/** The pre-restore backup and the temporary copy both need room before anything is written. */
function assertRoomFor(dbPath: string, target: LocatedBackup, probe: FreeSpaceProbe): void {
  const dir = path.dirname(path.resolve(dbPath));
  const current = fs.statSync(dbPath).size + (fs.existsSync(`${dbPath}-wal`) ? fs.statSync(`${dbPath}-wal`).size : 0);
  const needed = current + target.manifest.sizeBytes + FREE_SPACE_MARGIN_BYTES;
  const free = probe(dir);
  if (free < needed) throw new DiskSpaceError(dir, free, needed);
}

function recordFailure(
  dbPath: string,
  open: Db | null,
  job: { backupId: string; preRestoreBackupId: string; startedAt: string; error: string; requestedBy: string | null },
  [target, pre]: [LocatedBackup, CreatedBackup],
): void {
  let db = open;
  try {
    db ??= openDatabase(dbPath);
    const live = db;
    live.transaction(() => {
      recordBackup(live, target.manifest, true, null);
      recordBackup(live, pre, true, pre.location.destinationId);
      recordRestoreJob(live, { ...job, status: 'failed', finishedAt: new Date().toISOString() });
    })();
  } catch {
    // The failure itself is reported to the caller; a history row that cannot be written must not hide it.
  } finally {
    if (db !== open) db?.close();
  }
}

/** Runs a read of the current database; null when the database is too damaged to read. */
function ifReadable<T>(read: () => T): T | null {
  try {
    return read();
  } catch (err) {
    if (isDamagedDatabaseError(err)) return null;
    throw err;
  }
}
