import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';

export type Db = Database.Database;

export interface ConnectionOptions {
  readonly?: boolean;
  /** Refuse a missing file instead of creating it (default true). */
  fileMustExist?: boolean;
}

/** Open connections of this process, per database file (resolved path). */
const openByFile = new Map<string, number>();

/** The key a file is counted under: its real path when it exists, so a symlink and its target count as one. */
function fileKey(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

/**
 * The one place this process opens an SQLite connection to a file. It counts
 * the connections open per file, because on POSIX systems closing ANY file
 * descriptor of a file releases every lock this process holds on it (fcntl
 * locks belong to the process, not to the descriptor): a plain fs read or copy
 * of a database while one of our connections is open silently drops SQLite's
 * locks, and another program may then checkpoint and delete the -wal under that
 * connection (SQLite, "How To Corrupt An SQLite Database File", 2.2). Code that
 * must touch a database's bytes with fs asks `assertNotOpenHere` first.
 */
export function openConnection(file: string, options: ConnectionOptions = {}): Db {
  const db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.fileMustExist ?? true });
  const key = fileKey(file);
  openByFile.set(key, (openByFile.get(key) ?? 0) + 1);
  const close = db.close.bind(db);
  let counted = true;
  db.close = () => {
    if (counted) {
      counted = false;
      const left = (openByFile.get(key) ?? 1) - 1;
      if (left > 0) openByFile.set(key, left);
      else openByFile.delete(key);
    }
    return close();
  };
  return db;
}

/** How many connections this process has open to `file` (through openConnection). */
export function connectionsOpenTo(file: string): number {
  return openByFile.get(fileKey(file)) ?? 0;
}

/** Thrown when code is about to read or copy a database's bytes with fs while this process has it open. */
export class DatabaseStillOpenError extends Error {
  constructor(file: string, purpose: string) {
    super(
      `refusing to ${purpose} ${file} with a file read: this process still has ${connectionsOpenTo(file)} connection(s) to it, and closing the read would drop their locks`,
    );
    this.name = 'DatabaseStillOpenError';
  }
}

/** The checked invariant behind every fs read of a database file: this process holds no connection to it. */
export function assertNotOpenHere(file: string, purpose: string): void {
  if (connectionsOpenTo(file) > 0) throw new DatabaseStillOpenError(file, purpose);
}

/**
 * A read-only in-memory copy of a database file, for reading a database whose
 * folder is read-only (SQLite cannot create the -shm a WAL file needs there).
 * Only for a main file that holds every commit (no -wal with content) and only
 * when this process has no connection to it: the bytes are read with fs. The
 * header's WAL flag is cleared in the copy (an in-memory database has no WAL).
 */
export function openInMemoryCopy(file: string): Db {
  assertNotOpenHere(file, 'read');
  const bytes = fs.readFileSync(file);
  if (bytes.length > 19 && bytes[18] === 2 && bytes[19] === 2) {
    bytes[18] = 1;
    bytes[19] = 1;
  }
  return new Database(bytes, { readonly: true });
}
