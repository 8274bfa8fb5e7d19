import fs from 'node:fs';
import nodePath from 'node:path';
import { DamagedDatabaseError, DatabaseBusyError, DatabaseNotFoundError, DatabaseReadOnlyError, NotADatabaseError, type ReadOnlyPart } from '../errors';
import { assertNotOpenHere, connectionsOpenTo, openConnection, openInMemoryCopy, type Db } from './connections';

export type { Db } from './connections';

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

export interface OpenOptions {
  /** Create the file when it does not exist (demo, fresh install); otherwise a missing file is an error. */
  create?: boolean;
  readonly?: boolean;
}

/**
 * Refuses paths that cannot be a database before SQLite gets a chance to
 * create anything: a missing file, a folder, an empty file. Whether the bytes
 * are an SQLite database is SQLite's to say (openDatabase classifies its
 * answer): reading them here would open and close a descriptor of a file this
 * process may have connections to, which drops their locks.
 */
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
  if (stat.size === 0 && !create) throw new NotADatabaseError(path, 'the file is empty');
}

/**
 * Opens a store database with the pragmas every connection needs: WAL so the
 * till keeps reading while it writes, foreign keys enforced, and a busy timeout
 * so a short lock held by another connection is waited out rather than failed.
 * A read-write open first makes sure the file, its folder and its sidecars can
 * be written (the error names which cannot). A read-only open works in a
 * read-only folder too (see openReadOnly).
 */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  assertDatabaseFile(path, { create: options.create });
  if (options.readonly) return openReadOnly(path);
  const readOnly = readOnlyPartOf(path, { creating: options.create === true && !fs.existsSync(path) });
  if (readOnly) throw new DatabaseReadOnlyError(path, readOnly.part, readOnly.where);
  const db = openConnection(path, { fileMustExist: !options.create });
  try {
    probe(db);
    db.pragma('busy_timeout = 5000');
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw new Error(`could not switch to WAL (journal_mode=${String(mode)})`);
    // A sale is money: a power cut must not lose a committed transaction.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    return db;
  } catch (err) {
    db.close();
    throw asDatabaseError(err, path);
  }
}

/**
 * A read-only connection. SQLite reads a WAL database through its -shm file,
 * which it must create when missing: in a read-only folder it cannot, and the
 * open fails. Then, if no committed data waits in a -wal (the main file holds
 * everything), the file is read into memory and opened from there, so status
 * and verify still work; never while this process has a connection to it.
 */
function openReadOnly(path: string): Db {
  recoverInterruptedTransaction(path);
  const db = openConnection(path, { readonly: true });
  try {
    probe(db);
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    return db;
  } catch (err) {
    db.close();
    const code = codeOf(err);
    if (code !== 'SQLITE_READONLY_DIRECTORY' && code !== 'SQLITE_CANTOPEN') throw asDatabaseError(err, path);
    if (fileSize(`${path}-wal`) > 0) throw new DatabaseReadOnlyError(path, 'folder-with-wal', nodePath.dirname(nodePath.resolve(path)));
    assertNotOpenHere(path, 'read');
    const copy = openInMemoryCopy(path);
    try {
      probe(copy);
      return copy;
    } catch (inner) {
      copy.close();
      throw asDatabaseError(inner, path);
    }
  }
}

/** The first read: SQLite parses the header and the schema, so a foreign or damaged file fails here, before any pragma. */
function probe(db: Db): void {
  db.prepare('SELECT count(*) FROM sqlite_master').get();
}

/**
 * Turns what SQLite said about `path` into the error a technician can act on:
 * busy, read-only (naming the file or folder), damaged, or not an SQLite file
 * at all. Anything else is returned as it is.
 */
export function asDatabaseError(err: unknown, path: string): unknown {
  const code = codeOf(err);
  if (!code) return err;
  if (isBusy(err)) return new DatabaseBusyError(path);
  if (code.startsWith('SQLITE_READONLY')) {
    const found = readOnlyPartOf(path, { creating: false });
    if (found) return new DatabaseReadOnlyError(path, found.part, found.where);
    return code === 'SQLITE_READONLY_DIRECTORY'
      ? new DatabaseReadOnlyError(path, 'folder', nodePath.dirname(nodePath.resolve(path)))
      : new DatabaseReadOnlyError(path, 'file', path);
  }
  if (code === 'SQLITE_CORRUPT' || code.startsWith('SQLITE_CORRUPT_')) return new DamagedDatabaseError(path, (err as Error).message);
  if (code === 'SQLITE_NOTADB') return notADatabase(path);
  return err;
}

/**
 * SQLITE_NOTADB: the header is not an SQLite header. A file that still starts
 * with SQLite's magic string is a damaged store (restore over it); anything
 * else may be the wrong file. The 16 bytes are read only when this process has
 * no connection to the file (else closing the read would drop their locks).
 */
function notADatabase(path: string): PosErrorLike {
  if (connectionsOpenTo(path) > 0) return new NotADatabaseError(path, 'SQLite cannot read it');
  const head = Buffer.alloc(SQLITE_HEADER.length);
  try {
    const fd = fs.openSync(path, 'r');
    try {
      fs.readSync(fd, head, 0, head.length, 0);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return new NotADatabaseError(path, 'SQLite cannot read it');
  }
  if (head.equals(SQLITE_HEADER)) return new DamagedDatabaseError(path, 'its header is damaged');
  return new NotADatabaseError(path, 'it has no SQLite header');
}

type PosErrorLike = NotADatabaseError | DamagedDatabaseError;

/**
 * What stops this user from changing the database, if anything: the file, the
 * folder (SQLite creates its journal files there), or a -wal or -shm sidecar
 * left read-only (typically by another user's or an admin's run, before a
 * permission fix). Checked with access(2) on the paths: no descriptor opened.
 */
export function readOnlyPartOf(path: string, { creating }: { creating: boolean }): { part: ReadOnlyPart; where: string } | null {
  const dir = nodePath.dirname(nodePath.resolve(path));
  const writable = (p: string) => {
    try {
      fs.accessSync(p, fs.constants.W_OK);
      return true;
    } catch {
      return false;
    }
  };
  if (!creating && !writable(path)) return { part: 'file', where: path };
  if (!writable(dir)) return { part: 'folder', where: dir };
  for (const [suffix, part] of [
    ['-wal', 'wal'],
    ['-shm', 'shm'],
  ] as const) {
    const sidecar = `${path}${suffix}`;
    if (fs.existsSync(sidecar) && !writable(sidecar)) return { part, where: sidecar };
  }
  return null;
}

export function isBusy(err: unknown): boolean {
  const code = codeOf(err);
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || code === 'SQLITE_BUSY_SNAPSHOT';
}

function codeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
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
  if (fileSize(`${path}-journal`) === 0) return;
  let db: Db | null = null;
  try {
    db = openConnection(path);
    db.pragma('busy_timeout = 5000');
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (err) {
    // A journal that another live connection is still using is not hot; the read-only open decides.
    if (!isBusy(err)) throw asDatabaseError(err, path);
  } finally {
    db?.close();
  }
}
