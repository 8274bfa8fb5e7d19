import fs from 'node:fs';
import path from 'node:path';
import { removeIfExists } from './durable';
import { BackupFolderError, BackupInvalidError, BackupNotFoundError } from './errors';
import { inspectCopy, sha256File, type CheckKind } from './inspect';
import { readManifest } from './manifest';
import { backupFileName, isBackupId, manifestFileName, MANIFEST_TEMP_SUFFIX, PARTIAL_SUFFIX } from './paths';
import type { BackupListing, BackupManifest } from './types';

/** A listing plus where its files are (for the services; the renderer names backups by id only). */
export interface LocatedBackup extends BackupListing {
  dir: string;
  file: string;
}

/** A file in a backup folder that is not a complete backup: never offered for restore. */
export interface IgnoredFile {
  file: string;
  problem: string;
}

export interface FolderScan {
  backups: LocatedBackup[];
  ignored: IgnoredFile[];
}

function assertFolder(dir: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    throw new BackupFolderError(dir, 'does not exist');
  }
  if (!stat.isDirectory()) throw new BackupFolderError(dir, 'is not a folder');
}

/**
 * The cheap check done on every listing: the manifest is valid, the file is
 * there with the manifest's size, and the check recorded at backup time was ok.
 * The sha256 and a fresh quick_check are `verifyBackup`'s job (always before a restore).
 */
function cheapProblem(manifest: BackupManifest, file: string): string | null {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    return 'the backup file is missing';
  }
  if (size !== manifest.sizeBytes) return `the file is ${size} bytes, the manifest says ${manifest.sizeBytes} (truncated or replaced)`;
  if (manifest.check.result !== 'ok') return `its ${manifest.check.kind} failed when it was made: ${manifest.check.result}`;
  return null;
}

/** Every backup in one folder (newest first), and the files that are not complete backups. */
export function scanBackupFolder(dir: string): FolderScan {
  assertFolder(dir);
  const names = new Set(fs.readdirSync(dir));
  const backups: LocatedBackup[] = [];
  const ignored: IgnoredFile[] = [];
  for (const name of [...names].sort()) {
    if (name.endsWith(PARTIAL_SUFFIX) || name.endsWith(MANIFEST_TEMP_SUFFIX)) {
      ignored.push({ file: name, problem: 'left by an interrupted backup' });
      continue;
    }
    const m = /^(.*)\.(json|sqlite)$/.exec(name);
    if (!m || !isBackupId(m[1] as string)) continue;
    const id = m[1] as string;
    if (m[2] === 'sqlite') {
      if (!names.has(manifestFileName(id))) ignored.push({ file: name, problem: 'no manifest (an incomplete backup)' });
      continue;
    }
    const read = readManifest(dir, id);
    if (!read.ok) {
      ignored.push({ file: name, problem: read.problem });
      continue;
    }
    const file = path.join(dir, backupFileName(id));
    const problem = cheapProblem(read.manifest, file);
    backups.push({ manifest: read.manifest, verified: problem === null, problem, dir, file });
  }
  backups.sort(newestFirst);
  return { backups, ignored };
}

export function newestFirst(a: BackupListing, b: BackupListing): number {
  return b.manifest.createdAt.localeCompare(a.manifest.createdAt) || b.manifest.id.localeCompare(a.manifest.id);
}

/** Backups in one or more folders, newest first. Folders that do not exist are skipped when several are given. */
export function listBackups(backupDir: string | readonly string[]): LocatedBackup[] {
  const dirs = typeof backupDir === 'string' ? [backupDir] : [...new Set(backupDir.map((d) => path.resolve(d)))];
  const out: LocatedBackup[] = [];
  for (const dir of dirs) {
    if (dirs.length > 1 && !fs.existsSync(dir)) continue;
    out.push(...scanBackupFolder(dir).backups);
  }
  return out.sort(newestFirst);
}

/** The backup with this id, or a typed error: a malformed id, a missing folder, an unknown id. */
export function findBackup(backupDir: string | readonly string[], id: string): LocatedBackup {
  const dirs = typeof backupDir === 'string' ? [backupDir] : [...backupDir];
  if (!isBackupId(id)) throw new BackupNotFoundError(id, dirs);
  const found = listBackups(dirs).find((b) => b.manifest.id === id);
  if (found) return found;
  for (const dir of dirs) {
    // Its file or manifest is there but does not make a listed backup: name the reason, never offer it.
    if (fs.existsSync(path.join(dir, backupFileName(id))) || fs.existsSync(path.join(dir, manifestFileName(id)))) {
      const read = readManifest(dir, id);
      throw new BackupInvalidError(id, read.ok ? 'its manifest does not match its file' : read.problem);
    }
  }
  throw new BackupNotFoundError(id, dirs);
}

export interface Verification {
  ok: boolean;
  problem: string | null;
  sha256: string | null;
  check: { kind: CheckKind; result: string } | null;
}

/** The full check: the cheap one, then the file's sha256 against the manifest and a fresh quick_check (or integrity_check). */
export async function verifyLocatedBackup(b: LocatedBackup, kind: CheckKind = 'quick_check', onBytes?: (done: number) => void): Promise<Verification> {
  if (!b.verified) return { ok: false, problem: b.problem, sha256: null, check: null };
  const sha256 = await sha256File(b.file, onBytes);
  if (sha256 !== b.manifest.sha256)
    return { ok: false, problem: 'its sha256 does not match the manifest (the file was changed or damaged)', sha256, check: null };
  const inspection = inspectCopy(b.file, kind);
  const { check } = inspection;
  if (check.result !== 'ok') return { ok: false, problem: `${kind} failed: ${check.result}`, sha256, check };
  // The manifest's schema decides whether this build may restore it: it must say what the file holds.
  if (JSON.stringify(inspection.executedMigrations) !== JSON.stringify(b.manifest.executedMigrations)) {
    return { ok: false, problem: 'the manifest lists other migrations than the file records (the manifest was edited)', sha256, check };
  }
  if (!sameCounts(inspection.rowCounts, b.manifest.rowCounts)) {
    return { ok: false, problem: 'the manifest lists other row counts than the file holds (the manifest was edited)', sha256, check };
  }
  if (b.manifest.storeId !== undefined && b.manifest.storeId !== inspection.storeId) {
    return { ok: false, problem: 'the manifest names another store than the file is (the manifest was edited)', sha256, check };
  }
  return { ok: true, problem: null, sha256, check };
}

function sameCounts(a: Record<string, number>, b: Record<string, number>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

/** Full verification of one backup by id (sha256 + quick_check). */
export async function verifyBackup(
  backupDir: string | readonly string[],
  id: string,
  kind: CheckKind = 'quick_check',
): Promise<Verification & { backup: LocatedBackup }> {
  const backup = findBackup(backupDir, id);
  return { ...(await verifyLocatedBackup(backup, kind)), backup };
}

/** The default age below which an incomplete file may still be a backup in progress in another process. */
export const INCOMPLETE_MIN_AGE_MS = 10 * 60 * 1000;

/** Removes what interrupted backups left behind (partial copies, manifest temps, copies without a manifest). */
export function cleanupIncompleteBackups(dir: string, { minAgeMs = INCOMPLETE_MIN_AGE_MS, now = Date.now() } = {}): string[] {
  if (!fs.existsSync(dir)) return [];
  const removed: string[] = [];
  for (const { file } of scanBackupFolder(dir).ignored) {
    const full = path.join(dir, file);
    if (!/(\.partial|\.json\.tmp|\.sqlite)$/.test(file)) continue; // an invalid manifest is kept for a technician to look at
    const age = now - fs.statSync(full).mtimeMs;
    if (age >= minAgeMs && removeIfExists(full)) removed.push(file);
  }
  return removed;
}
