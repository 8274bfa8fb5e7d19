import fs from 'node:fs';
import path from 'node:path';
import { MIGRATIONS } from '../../migrations';
import type { Migration } from '../db/migration';
import { migrationStatus } from '../db/migrator';
import { assertDatabaseFile, openDatabase, type Db } from '../db/open';
import { ensureStoreIdentity, readStoreIdentity } from '../db/store-identity';
import { tenantsInStore } from '../tenancy/tenants/in-store';
import { withStoreLock, type StoreLock } from '../db/store-lock';
import { PosError } from '../errors';
import { createBackup, type CreatedBackup } from './create';
import { isDamagedDatabaseError, preserveDamagedDatabase } from './damaged';
import { fsyncDir, fsyncFile, removeIfExists } from './durable';
import { BackupFromNewerVersionError, BackupInvalidError, DiskSpaceError, OtherStoreBackupError, RestoreFailedError, type StoreDescription } from './errors';
import { holdExclusively, returnToWal, type ExclusiveHold } from './exclusive';
import { sha256File, type CheckKind } from './inspect';
import { findBackup, verifyLocatedBackup, type LocatedBackup } from './listing';
import { restoreTempPath } from './paths';
import { FREE_SPACE_MARGIN_BYTES, statfsFreeSpace, type FreeSpaceProbe } from './preflight';
import { recordBackup, recordRestoreJob } from './records';
import { auditRestore } from './restore-audit';
import { restoreImpact } from './restore-impact';
import { readBackupPolicy, resolveBackupLocation } from './settings';
import type { BackupProgress, RestoreImpact, RestoreResult } from './types';

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
  /** Restore a backup of another store over this one (`--other-store`; the app's second confirmation). */
  allowOtherStore?: boolean;
  /** The store lock the caller already holds; otherwise the restore takes it. */
  lock?: StoreLock;
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
 * moment leaves either the old database or exactly the backup, never a mix,
 * and no committed sale is lost. Phases, each handing the next what it needs:
 *
 * 1. openCurrent: the database as it is (or null when it is damaged), its store;
 * 2. chooseBackup: the backup verified (sha256, quick_check, schema this build
 *    knows, same store unless `allowOtherStore`) before anything changes;
 * 3. keepCurrent: the database held exclusively (no other connection can read
 *    or write, see holdExclusively), then its pre-restore backup, so any
 *    restore can be undone and every commit made before is in it; a damaged
 *    database's raw bytes are kept instead;
 * 4. stageBackup: the backup copied beside the database and checked;
 * 5. replaceDatabase: the rename, still holding the database;
 * 6. finishRestore: reopened, checked, the bookkeeping rows written.
 *
 * Holds the store lock throughout. The caller must have closed its own connections to `dbPath`.
 */
export async function restoreBackup(options: RestoreOptions): Promise<RestoreOutcome> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  return withStoreLock(options.dbPath, 'restore', options.lock, async (lock) => {
    assertDatabaseFile(options.dbPath);
    cleanupInterruptedRestore(options.dbPath);
    const current = openCurrent(options.dbPath);
    let kept: KeptDatabase | null = null;
    try {
      const { target, notes } = await chooseBackup(current, options);
      assertRoomFor(options.dbPath, target, options.freeSpace ?? statfsFreeSpace);
      kept = await keepCurrent(current, options, lock);
      // Counted while the database is held (no writer can add to it any more), audited in the file put in place.
      const held = kept.db;
      const impact = held ? ifReadable(() => restoreImpact(held, target, options.migrations ?? MIGRATIONS)) : null;
      const outcome = await replaceWith(target, kept, current, { ...options, impact }, lock, startedAt);
      return { ...outcome, notes, durationMs: performance.now() - started };
    } finally {
      kept?.hold?.release();
      (kept ? kept.db : current.db)?.close();
    }
  });
}

/** The database being replaced: its connection (null when too damaged to open), which store it is and whose rows it holds. */
interface CurrentDatabase extends StoreDescription {
  dbPath: string;
  db: Db | null;
}

function openCurrent(dbPath: string): CurrentDatabase {
  let db: Db;
  try {
    db = openDatabase(dbPath);
  } catch (err) {
    // A damaged database is exactly what a technician restores over: its raw bytes are kept (keepCurrent).
    if (isDamagedDatabaseError(err)) return { dbPath, db: null, storeId: null, tenants: [] };
    throw err;
  }
  const live = db;
  return {
    dbPath,
    db,
    storeId: ifReadable(() => readStoreIdentity(live)?.storeId ?? null),
    tenants: ifReadable(() => tenantsInStore(live).map((t) => t.name)) ?? [],
  };
}

/** The backup to restore, verified before anything changes, and what the technician should know about it. */
async function chooseBackup(current: CurrentDatabase, options: RestoreOptions): Promise<{ target: LocatedBackup; notes: string[] }> {
  const live = current.db;
  const folders = options.exactDir || !live ? null : ifReadable(() => backupFolders(live, options.backupDir));
  const target = findBackup(folders ?? [options.backupDir], options.backupId);
  const known = new Set((options.migrations ?? MIGRATIONS).map((m) => m.name));
  const verification = await verifyLocatedBackup(target, options.check ?? 'quick_check', (done) =>
    options.onProgress?.({ stage: 'hash', bytesDone: done, bytesTotal: target.manifest.sizeBytes }),
  );
  if (!verification.ok) throw new BackupInvalidError(target.manifest.id, verification.problem ?? 'it failed verification');
  const unknown = target.manifest.executedMigrations.filter((m) => !known.has(m));
  if (unknown.length > 0) throw new BackupFromNewerVersionError(target.manifest.id, unknown);
  return { target, notes: sameStoreNotes(target, current, options.allowOtherStore === true) };
}

/** Refuses another store's backup unless allowed; returns notes where the stores cannot be compared. */
function sameStoreNotes(target: LocatedBackup, current: CurrentDatabase, allowOtherStore: boolean): string[] {
  const m = target.manifest;
  const backupStore: StoreDescription = { storeId: m.storeId ?? null, tenants: m.tenants ?? [] };
  if (m.storeId === undefined) return [`Backup ${m.id} was made by a version that did not record which store a backup is of; make sure it is this store's`];
  if (m.storeId === null || current.storeId === null) {
    return [`Whether backup ${m.id} is of this store cannot be checked: ${m.storeId === null ? 'the backup' : 'the current database'} has no store id`];
  }
  if (m.storeId === current.storeId) return [];
  if (!allowOtherStore) throw new OtherStoreBackupError(m.id, backupStore, current);
  return [`Backup ${m.id} is of another store (${m.storeId}) than the database it replaced (${current.storeId}), as asked`];
}

/** The pre-restore backup and the temporary copy both need room before anything is written. */
function assertRoomFor(dbPath: string, target: LocatedBackup, probe: FreeSpaceProbe): void {
  const dir = path.dirname(path.resolve(dbPath));
  const current = fs.statSync(dbPath).size + (fs.existsSync(`${dbPath}-wal`) ? fs.statSync(`${dbPath}-wal`).size : 0);
  const needed = current + target.manifest.sizeBytes + FREE_SPACE_MARGIN_BYTES;
  const free = probe(dir);
  if (free < needed) throw new DiskSpaceError(dir, free, needed);
}

/** How the current database was kept: its verified pre-restore backup (held exclusively until the rename), or its damaged bytes. */
interface KeptDatabase {
  /** Still open (rollback-journal mode) while held; null when it was damaged and closed before its bytes were copied. */
  db: Db | null;
  hold: ExclusiveHold | null;
  pre: CreatedBackup | null;
  damagedCopy: string | null;
  /** Where a technician finds the way back, in words. */
  undo: string;
}

async function keepCurrent(current: CurrentDatabase, options: RestoreOptions, lock: StoreLock): Promise<KeptDatabase> {
  const { dbPath } = current;
  if (current.db && isSound(current.db, options.onProgress)) {
    const db = current.db;
    let hold: ExclusiveHold | null = null;
    try {
      hold = await holdExclusively(db, dbPath);
      const pre = await createBackup(db, {
        backupDir: options.backupDir,
        exactDir: options.exactDir,
        reason: 'pre-restore',
        protect: [options.backupId],
        record: false,
        onProgress: options.onProgress,
        lock,
        heldExclusively: true,
      });
      return { db, hold, pre, damagedCopy: null, undo: `its backup is ${pre.id} (\`pos-db restore --db ${dbPath} --backup ${pre.id}\` undoes the restore)` };
    } catch (err) {
      hold?.release();
      if (!isDamagedDatabaseError(err)) {
        returnToWal(db);
        throw err;
      }
    }
  }
  // Too damaged to back up verifiably: closed first, so that its raw bytes may be read.
  current.db?.close();
  const damagedCopy = preserveDamagedDatabase(dbPath, options.backupDir);
  return { db: null, hold: null, pre: null, damagedCopy, undo: `its damaged bytes are kept as ${damagedCopy} in ${options.backupDir}` };
}

/**
 * quick_check on the live database, read-only, before the restore takes it for
 * itself: taking it leaves WAL, which moves the -wal into the main file, and a
 * damaged database's bytes (with its -wal, maybe the last sales) are kept for
 * support exactly as they were.
 */
function isSound(db: Db, onProgress?: (p: BackupProgress) => void): boolean {
  onProgress?.({ stage: 'checkpoint', bytesDone: 0, bytesTotal: 1 });
  const result = ifReadable(() => (db.pragma('quick_check') as Record<string, string>[]).map((r) => Object.values(r)[0]).join('; '));
  onProgress?.({ stage: 'checkpoint', bytesDone: 1, bytesTotal: 1 });
  return result === 'ok';
}

/** A phase failed: which one, and why (the restore's error names it). */
class PhaseFailure extends Error {
  constructor(
    readonly phase: string,
    readonly reason: string,
  ) {
    super(`${phase}: ${reason}`);
  }
}

async function inPhase<T>(phase: string, work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof PhaseFailure) throw err;
    throw new PhaseFailure(phase, err instanceof PosError ? err.oneLine() : (err as Error).message);
  }
}

/** From the pre-restore backup on: stage, replace, finish; any failure is recorded and says which database is in place. */
async function replaceWith(
  target: LocatedBackup,
  kept: KeptDatabase,
  current: CurrentDatabase,
  options: RestoreOptions & { impact: RestoreImpact | null },
  lock: StoreLock,
  startedAt: string,
): Promise<Omit<RestoreOutcome, 'notes' | 'durationMs'>> {
  const temp = restoreTempPath(options.dbPath);
  let replaced = false;
  try {
    const restoredSha256 = await inPhase('copying the backup beside the database', () => stageBackup(target, temp, lock, options.onProgress));
    await inPhase('replacing the database', () => replaceDatabase(options.dbPath, temp, kept, target, options.onProgress));
    replaced = true;
    lock.written(temp);
    const finished = await inPhase('reopening the restored database', () => finishRestore(target, kept, current, options, startedAt));
    return { ...finished, restoredSha256 };
  } catch (err) {
    removeIfExists(temp);
    lock.written(temp);
    const failure = err instanceof PhaseFailure ? err : new PhaseFailure('restoring', (err as Error).message);
    if (!replaced) recordFailure(kept, target, options, startedAt, failure.message);
    const { dbPath, backupId } = options;
    const undo = kept.pre ? `the pre-restore backup ${kept.pre.id} (\`pos-db restore --db ${dbPath} --backup ${kept.pre.id}\`)` : 'another backup';
    throw new RestoreFailedError(
      failure.phase,
      failure.reason,
      !replaced
        ? `The database is unchanged, as before the restore (${kept.undo}); fix the cause and try again`
        : failure.phase === RECORDING_PHASE
          ? `Backup ${backupId} is in place and passed its check; only its history rows (backups, restore_jobs) could not be written, so the store can be used. To go back, restore ${undo}`
          : `Backup ${backupId} is in place but could not be opened cleanly; restore ${undo}`,
    );
  }
}

/** The slow part, while the current database is still untouched: the backup copied to `<db>.restore-tmp`, synced, and its sha256 checked. */
async function stageBackup(target: LocatedBackup, temp: string, lock: StoreLock, onProgress?: (p: BackupProgress) => void): Promise<string> {
  const total = target.manifest.sizeBytes;
  onProgress?.({ stage: 'restore', bytesDone: 0, bytesTotal: total });
  lock.writing(temp);
  await fs.promises.copyFile(target.file, temp, fs.constants.COPYFILE_FICLONE);
  fsyncFile(temp);
  const sha256 = await sha256File(temp, (done) => onProgress?.({ stage: 'restore', bytesDone: done, bytesTotal: total }));
  if (sha256 !== target.manifest.sha256) throw new Error('the copy does not match the backup (disk error?)');
  onProgress?.({ stage: 'restore', bytesDone: total, bytesTotal: total });
  return sha256;
}

/**
 * The rename, while the old database is still held exclusively: its sidecars
 * would be replayed onto the restored file and corrupt it, so they go first
 * (no WAL is left: the hold left WAL mode); a -journal beside it means a
 * transaction SQLite has not rolled back, and the rename is refused.
 */
function replaceDatabase(dbPath: string, temp: string, kept: KeptDatabase, target: LocatedBackup, onProgress?: (p: BackupProgress) => void): void {
  const total = target.manifest.sizeBytes;
  if (fs.existsSync(`${dbPath}-journal`)) {
    throw new Error('an unfinished transaction journal is beside the database; reopen it once (pos-db status) and try again');
  }
  removeIfExists(`${dbPath}-wal`);
  removeIfExists(`${dbPath}-shm`);
  onProgress?.({ stage: 'replace', bytesDone: 0, bytesTotal: total });
  fs.renameSync(temp, dbPath);
  fsyncDir(path.dirname(path.resolve(dbPath)));
  // Only now may other programs have the file again: the new one.
  kept.hold?.release();
  kept.db?.close();
  onProgress?.({ stage: 'replace', bytesDone: total, bytesTotal: total });
}

/** The one phase after the swap whose failure leaves a good database in place: only its history rows are missing. */
const RECORDING_PHASE = 'recording the restore';

function recording<T>(write: () => T): T {
  try {
    return write();
  } catch (err) {
    throw new PhaseFailure(RECORDING_PHASE, err instanceof PosError ? err.oneLine() : (err as Error).message);
  }
}

/** Reopens the restored file, checks it, and writes the bookkeeping: both backups, the store identity, the job. */
function finishRestore(
  target: LocatedBackup,
  kept: KeptDatabase,
  current: CurrentDatabase,
  options: RestoreOptions & { impact: RestoreImpact | null },
  startedAt: string,
): Omit<RestoreOutcome, 'notes' | 'durationMs' | 'restoredSha256'> {
  const total = target.manifest.sizeBytes;
  options.onProgress?.({ stage: 'reopen', bytesDone: 0, bytesTotal: total });
  const db = openDatabase(options.dbPath);
  try {
    const check = (db.pragma('quick_check') as Record<string, string>[]).map((r) => Object.values(r)[0]).join('; ');
    if (check !== 'ok') throw new Error(`quick_check says: ${check}`);
    const { pre } = kept;
    // IMMEDIATE: a program already writing to the restored file is waited for, not run into a deadlock (SQLITE_BUSY at once).
    const restoreJobId = recording(() =>
      db
        .transaction(() => {
          // A backup made before stores had an identity stays the store it replaced.
          ensureStoreIdentity(db, current.storeId ?? undefined);
          // The restored file's own history ends before its backup was made: add both backups, then the job.
          recordBackup(db, target.manifest, true, null);
          if (pre) recordBackup(db, pre, true, pre.location.destinationId);
          const finishedAt = new Date().toISOString();
          const jobId = recordRestoreJob(db, {
            backupId: options.backupId,
            preRestoreBackupId: pre?.id ?? null,
            status: 'succeeded',
            requestedBy: options.requestedBy ?? null,
            error: null,
            startedAt,
            finishedAt,
          });
          auditRestore(db, {
            restoreJobId: jobId,
            backupId: options.backupId,
            requestedBy: options.requestedBy ?? null,
            at: finishedAt,
            impact: options.impact,
          });
          return jobId;
        })
        .immediate(),
    );
    const status = migrationStatus(db, options.migrations ?? MIGRATIONS);
    options.onProgress?.({ stage: 'reopen', bytesDone: total, bytesTotal: total });
    return {
      restoredBackupId: options.backupId,
      preRestoreBackupId: pre?.id ?? null,
      damagedCopy: kept.damagedCopy,
      schemaVersion: status.schemaVersion,
      pendingMigrations: status.pending,
      preRestoreBackup: pre,
      restoreJobId,
      impact: options.impact,
    };
  } finally {
    db.close();
  }
}

/** A failed job in the old database's history (it is still in place); a row that cannot be written must not hide the failure. */
function recordFailure(kept: KeptDatabase, target: LocatedBackup, options: RestoreOptions, startedAt: string, error: string): void {
  const { pre } = kept;
  if (!pre) return;
  kept.hold?.release();
  let db = kept.db && kept.db.open ? kept.db : null;
  const own = db === null;
  try {
    db ??= openDatabase(options.dbPath);
    const live = db;
    live
      .transaction(() => {
        recordBackup(live, target.manifest, true, null);
        recordBackup(live, pre, true, pre.location.destinationId);
        recordRestoreJob(live, {
          backupId: options.backupId,
          preRestoreBackupId: pre.id,
          status: 'failed',
          requestedBy: options.requestedBy ?? null,
          error,
          startedAt,
          finishedAt: new Date().toISOString(),
        });
      })
      .immediate();
    returnToWal(live);
  } catch {
    // The failure itself is reported to the caller.
  } finally {
    if (own) db?.close();
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
