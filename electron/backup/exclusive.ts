import { setTimeout as sleep } from 'node:timers/promises';
import { isBusy, type Db } from '../db/open';
import { PosError } from '../errors';

/** Another program still has the database open: a restore needs it to itself, so it refuses before changing anything. */
export class DatabaseInUseError extends PosError {
  readonly code = 'DB_IN_USE';
  readonly exitCode = 1 as const;
  constructor(readonly dbPath: string) {
    super(
      `${dbPath} is still in use by another program (POS Desktop, a till or a tool): a restore needs the database to itself`,
      'Close POS Desktop and every other program using the database on this machine, then try again; the database is unchanged, as before the restore',
    );
  }
}

/** How long the restore keeps trying to find a moment when no other connection is open (a program that opens per write closes in between). */
const ATTEMPTS = 25;
const DELAY_MS = 80;

/** The database held by one connection, in rollback-journal mode, under an EXCLUSIVE lock. */
export interface ExclusiveHold {
  /** Ends the transaction (nothing was written in it); the connection stays open, in rollback-journal mode. */
  release(): void;
}

/**
 * Takes the database for this connection alone, for as long as a restore
 * needs it (pre-restore backup, staging the backup, the rename): leave WAL
 * (`journal_mode=DELETE`: SQLite allows it only while no other connection has
 * the file open, and it checkpoints every committed page into the main file),
 * then BEGIN EXCLUSIVE (no other connection, in any process, can read or write
 * until release). A program that opens the file per write closes it between
 * writes: the switch is retried for about two seconds before refusing. One
 * that switches the file back to WAL in the gap is caught by the re-check.
 * Writers then wait on SQLite's lock; a write a program begins on the old file
 * after the rename fails with SQLITE_READONLY_DBMOVED instead of committing
 * into a file nobody will read.
 */
export async function holdExclusively(db: Db, dbPath: string): Promise<ExclusiveHold> {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    if (leaveWal(db) && beginExclusive(db)) {
      return {
        release() {
          if (db.open && db.inTransaction) db.exec('ROLLBACK');
        },
      };
    }
    await sleep(DELAY_MS);
  }
  throw new DatabaseInUseError(dbPath);
}

function leaveWal(db: Db): boolean {
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    return db.pragma('journal_mode = DELETE', { simple: true }) === 'delete';
  } catch (err) {
    if (isBusy(err)) return false;
    throw err;
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
}

/** BEGIN EXCLUSIVE, a read to take the lock for real, and the check that nobody switched the file back to WAL in between. */
function beginExclusive(db: Db): boolean {
  try {
    db.exec('BEGIN EXCLUSIVE');
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    if (db.pragma('journal_mode', { simple: true }) === 'delete') return true;
  } catch (err) {
    if (!isBusy(err)) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw err;
    }
  }
  if (db.inTransaction) db.exec('ROLLBACK');
  return false;
}

/** Back to WAL for the app, after a restore that stopped before the rename; if another program holds the file, its next open does it. */
export function returnToWal(db: Db): void {
  try {
    if (db.open && !db.inTransaction) db.pragma('journal_mode = WAL');
  } catch {
    // openDatabase switches every connection's file to WAL anyway.
  }
}
