import Database from 'better-sqlite3';
import fs from 'node:fs';
import { DatabaseBusyError } from '../errors';
import { isBusy, type Db } from '../db/open';
import { fsyncFile } from './durable';
import { BackupFailedError } from './errors';
import { pauseForCrashTest } from './test-pause';

interface CheckpointRow {
  busy: number;
  log: number;
  checkpointed: number;
}

/** How long the write guard waits for another writer to finish its transaction. */
const GUARD_BUSY_TIMEOUT_MS = 5000;
const ATTEMPTS = 3;

/**
 * Copies the database's main file to `dest` with every committed transaction in
 * it and no writer able to commit during the copy:
 * checkpoint(TRUNCATE) on the caller's connection; a second connection takes
 * BEGIN IMMEDIATE (the write lock, for every process); a PASSIVE checkpoint must
 * then report everything checkpointed (catches a writer that slipped in between);
 * copy (a reflink where the filesystem has them); fsync; release the guard.
 * A connection cannot checkpoint while it holds a transaction, hence two connections.
 */
export async function snapshotDatabase(db: Db, dest: string): Promise<{ sizeBytes: number }> {
  if (db.memory) throw new BackupFailedError('preparing', 'an in-memory database has no file to copy');
  if (db.inTransaction) throw new BackupFailedError('preparing', 'the connection has an open transaction; commit or roll it back first');

  for (let attempt = 1; ; attempt++) {
    db.pragma('wal_checkpoint(TRUNCATE)');
    const guard = new Database(db.name, { fileMustExist: true });
    try {
      guard.pragma(`busy_timeout = ${GUARD_BUSY_TIMEOUT_MS}`);
      try {
        guard.exec('BEGIN IMMEDIATE');
      } catch (err) {
        if (isBusy(err)) throw new DatabaseBusyError(db.name);
        throw err;
      }
      const [state] = db.pragma('wal_checkpoint(PASSIVE)') as CheckpointRow[];
      const complete = state !== undefined && state.busy === 0 && state.log === state.checkpointed;
      if (!complete) {
        if (attempt < ATTEMPTS) continue;
        throw new BackupFailedError(
          'checkpointing',
          `committed data is still only in the WAL (${JSON.stringify(state)}); another program keeps reading or writing`,
        );
      }
      await fs.promises.copyFile(db.name, dest, fs.constants.COPYFILE_FICLONE);
      pauseForCrashTest('backup:copied');
      fsyncFile(dest);
      return { sizeBytes: fs.statSync(dest).size };
    } finally {
      if (guard.inTransaction) guard.exec('ROLLBACK');
      guard.close();
    }
  }
}
