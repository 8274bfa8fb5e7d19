import Database from 'better-sqlite3';
import fs from 'node:fs';
import { DatabaseBusyError, DatabaseNotFoundError, NotADatabaseError } from '../errors';

export type Db = Database.Database;

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

export interface OpenOptions {
  /** Create the file when it does not exist (demo, fresh install); otherwise a missing file is an error. */
  create?: boolean;
  readonly?: boolean;
}

/** Refuses paths that are not an SQLite database before SQLite gets a chance to create or mangle anything. */
export function assertDatabaseFile(path: string, { create = false }: { create?: boolean } = {}): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(path);
  } catch {
    if (create) return;
    throw new DatabaseNotFoundError(path);
  }
  if (stat.isDirectory()) throw new NotADatabaseError(path, 'it is a folder');
  if (!stat.isFile()) throw new NotADatabaseError(path, 'it is not a regular file');
  if (stat.size === 0) {
    if (create) return;
    throw new NotADatabaseError(path, 'the file is empty');
  }
  const head = Buffer.alloc(SQLITE_HEADER.length);
  const fd = fs.openSync(path, 'r');
  try {
    fs.readSync(fd, head, 0, head.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (!head.equals(SQLITE_HEADER)) throw new NotADatabaseError(path, 'it has no SQLite header');
}

/**
 * Opens a store database with the pragmas every connection needs: WAL so the
 * till keeps reading while it writes, foreign keys enforced, and a busy timeout
 * so a short lock held by another connection is waited out rather than failed.
 */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  assertDatabaseFile(path, { create: options.create });
  if (options.readonly) recoverInterruptedTransaction(path);
  const db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: !options.create });
  try {
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) {
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal') throw new Error(`could not switch to WAL (journal_mode=${String(mode)})`);
      // A sale is money: a power cut must not lose a committed transaction.
      db.pragma('synchronous = FULL');
    }
    db.pragma('foreign_keys = ON');
    return db;
  } catch (err) {
    db.close();
    if (isBusy(err)) throw new DatabaseBusyError(path);
    if (isNotADb(err)) throw new NotADatabaseError(path, 'SQLite cannot read it');
    throw err;
  }
}

export function isBusy(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || code === 'SQLITE_BUSY_SNAPSHOT';
}

function isNotADb(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT';
}

/**
 * A process killed mid-transaction under a rollback journal (the tenant
 * migration uses one) leaves a hot `-journal`: the file is only consistent once
 * it is rolled back, and a read-only connection cannot do that (it fails with
 * SQLITE_READONLY_ROLLBACK). A brief read-write open lets SQLite roll it back,
 * which restores the last committed state and changes no committed data; then
 * status, verify and the app's launch check can read the file.
 */
function recoverInterruptedTransaction(path: string): void {
  const journal = `${path}-journal`;
  if (!fs.existsSync(journal) || fs.statSync(journal).size === 0) return;
  let db: Database.Database | null = null;
  try {
    db = new Database(path, { fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (err) {
    // A journal that another live connection is still using is not hot; the read-only open decides.
    if (!isBusy(err)) throw err;
  } finally {
    db?.close();
  }
}
