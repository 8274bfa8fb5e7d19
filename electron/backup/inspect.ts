import Database from 'better-sqlite3';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { executedMigrations } from '../db/migrator';
import { countRows } from '../db/status';
import { removeIfExists } from './durable';

export type CheckKind = 'quick_check' | 'integrity_check';

/** sha256 of a whole file, streamed so a 600 MB backup never sits in memory. */
export async function sha256File(file: string, onBytes?: (done: number) => void): Promise<string> {
  const hash = crypto.createHash('sha256');
  let done = 0;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 4 * 1024 * 1024 })) {
    hash.update(chunk as Buffer);
    done += (chunk as Buffer).length;
    onBytes?.(done);
  }
  return hash.digest('hex');
}

export interface CopyInspection {
  check: { kind: CheckKind; result: string };
  executedMigrations: string[];
  rowCounts: Record<string, number>;
  /** Rows PRAGMA foreign_key_check reported on the copy, when asked for (`foreignKeys`); null when not run. */
  foreignKeyViolations: number | null;
}

/**
 * Opens a backup copy read-only and asks SQLite whether it is sound, which
 * migrations it records and how many rows each table holds. Opening a WAL-mode
 * file read-only leaves an empty -wal and a -shm beside it: they are removed, so
 * the backup folder holds only backups and manifests.
 */
export function inspectCopy(file: string, kind: CheckKind = 'quick_check', options: { foreignKeys?: boolean } = {}): CopyInspection {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const rows = db.pragma(kind) as Record<string, string>[];
    const result = rows.map((r) => Object.values(r)[0]).join('; ');
    if (result !== 'ok') return { check: { kind, result }, executedMigrations: [], rowCounts: {}, foreignKeyViolations: null };
    // A 64 MB page cache holds the parent keys the check probes (about half the time of the 2 MB default on the large store).
    if (options.foreignKeys) db.pragma('cache_size = -65536');
    const foreignKeyViolations = options.foreignKeys ? (db.pragma('foreign_key_check') as unknown[]).length : null;
    return { check: { kind, result }, executedMigrations: executedMigrations(db), rowCounts: countRows(db), foreignKeyViolations };
  } catch (err) {
    return { check: { kind, result: `cannot be read: ${(err as Error).message}` }, executedMigrations: [], rowCounts: {}, foreignKeyViolations: null };
  } finally {
    db?.close();
    removeReadOnlySidecars(file);
  }
}

function removeReadOnlySidecars(file: string): void {
  try {
    if (fs.statSync(`${file}-wal`).size !== 0) return;
  } catch {
    return;
  }
  removeIfExists(`${file}-wal`);
  removeIfExists(`${file}-shm`);
}
