import fs from 'node:fs';
import path from 'node:path';
import { executedMigrations } from '../db/migrator';
import { openConnection } from '../db/connections';
import { isBusy, type Db } from '../db/open';
import { DiskSpaceError, PreflightError } from './errors';
import { readBackupPolicy, resolveBackupLocation } from './settings';

/**
 * Disk the migration needs beyond the database's own size, as a multiple of it.
 * The whole upgrade is one transaction in WAL mode: every page it rewrites goes
 * to the WAL first, and the checkpoint then grows the file by the new column and
 * the tenant-led indexes while that WAL still exists. Measured on the large demo
 * store (0002 + 0003): 0.38 (`npx tsx bench/run.ts backup` reports it and fails
 * when a migration outgrows this factor). 1.0 keeps 2.6x headroom and makes the
 * rule "backup + growth = at least twice the database, plus the margin".
 */
export const MIGRATION_GROWTH_FACTOR = 1.0;
/** Headroom so the disk is not left completely full: the OS, logs and the app need some too. */
export const FREE_SPACE_MARGIN_BYTES = 64 * 1024 * 1024;

/** Free bytes for an unprivileged writer on the filesystem holding `dir`. Injectable so a test can simulate a full disk. */
export type FreeSpaceProbe = (dir: string) => number;

export const statfsFreeSpace: FreeSpaceProbe = (dir) => {
  const s = fs.statfsSync(dir);
  return s.bavail * s.bsize;
};

export interface PreflightOptions {
  dbPath: string;
  db: Db;
  /** The default backup folder; a usable destination from backup_settings replaces it, as in createBackup. */
  backupDir: string;
  freeSpace?: FreeSpaceProbe;
  growthFactor?: number;
  /** Use exactly `backupDir` (as createBackup's `exactDir`). */
  exactDir?: boolean;
}

export interface DiskNeed {
  folder: string;
  neededBytes: number;
  freeBytes: number;
}

/** How much free disk the backup and the migration need on each filesystem; one entry when both are on the same disk. */
export function diskNeeds(options: PreflightOptions, backupFolder: string): DiskNeed[] {
  const probe = options.freeSpace ?? statfsFreeSpace;
  const dbDir = path.dirname(path.resolve(options.dbPath));
  const dbSize = fileSize(options.dbPath) + fileSize(`${options.dbPath}-wal`);
  const backupBytes = dbSize;
  const growthBytes = Math.ceil(dbSize * (options.growthFactor ?? MIGRATION_GROWTH_FACTOR));
  const backupExisting = nearestExisting(backupFolder);
  if (fs.statSync(backupExisting).dev === fs.statSync(dbDir).dev) {
    // At least twice the database plus the margin, whatever the growth factor says.
    const needed = Math.max(backupBytes + growthBytes, 2 * dbSize) + FREE_SPACE_MARGIN_BYTES;
    return [{ folder: dbDir, neededBytes: needed, freeBytes: probe(dbDir) }];
  }
  return [
    { folder: backupExisting, neededBytes: backupBytes + FREE_SPACE_MARGIN_BYTES, freeBytes: probe(backupExisting) },
    { folder: dbDir, neededBytes: Math.max(growthBytes, dbSize) + FREE_SPACE_MARGIN_BYTES, freeBytes: probe(dbDir) },
  ];
}

/**
 * Refuses an upgrade that cannot be done safely, before anything changes:
 * the database must be readable, no other program may hold its write lock,
 * the backup folder must be usable, and the disk must have room for the backup
 * and the migration's growth. Throws a PreflightError naming what is wrong.
 */
export function preflightUpgrade(options: PreflightOptions): void {
  const { dbPath, db } = options;
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    executedMigrations(db);
  } catch (err) {
    throw new PreflightError(
      'readable',
      `${dbPath} cannot be read: ${(err as Error).message}`,
      'Restore a backup (`pos-db backups`, `pos-db restore`) or send the file to support; nothing was changed',
    );
  }
  assertNoOtherWriter(dbPath);

  const folder = options.exactDir ? path.resolve(options.backupDir) : resolveBackupLocation(readBackupPolicy(db), options.backupDir).dir;
  assertBackupFolderUsable(folder);
  for (const need of diskNeeds(options, folder)) {
    if (need.freeBytes < need.neededBytes) throw new DiskSpaceError(need.folder, need.freeBytes, need.neededBytes);
  }
}

/** A second connection tries to take the write lock for a moment; busy means another program (or window) is writing. */
export function assertNoOtherWriter(dbPath: string, waitMs = 250): void {
  const probe = openConnection(dbPath);
  try {
    probe.pragma(`busy_timeout = ${waitMs}`);
    probe.exec('BEGIN IMMEDIATE');
    probe.exec('ROLLBACK');
  } catch (err) {
    if (isBusy(err)) {
      throw new PreflightError(
        'not-locked',
        `${dbPath} is locked by another program that is writing to it`,
        'Close POS Desktop (and any other tool using the database) on this machine, then try again; nothing was changed',
      );
    }
    throw err;
  } finally {
    probe.close();
  }
}

function assertBackupFolderUsable(folder: string): void {
  const existing = nearestExisting(folder);
  const fail = (why: string) =>
    new PreflightError(
      'backup-folder',
      `The backup folder ${folder} ${why}`,
      'Choose a backup folder that exists and can be written to (--backup-dir), then try again; nothing was changed',
    );
  if (existing !== folder && existing !== path.dirname(folder)) throw fail('does not exist, nor does its parent folder');
  if (!fs.statSync(existing).isDirectory()) throw fail('is not a folder');
  try {
    fs.accessSync(existing, fs.constants.W_OK);
  } catch {
    throw fail('cannot be written to');
  }
}

function nearestExisting(p: string): string {
  let dir = path.resolve(p);
  while (!fs.existsSync(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}
