import { setTimeout as sleep } from 'node:timers/promises';
import fs from 'node:fs';
import type { Db } from '../db/open';
import { holdWriteLock } from '../db/write-guard';
import { copyLiveFile, markRollbackJournal } from './copy-file';
import { fsyncFile } from './durable';
import { BackupFailedError } from './errors';

interface CheckpointRow {
  busy: number;
  log: number;
  checkpointed: number;
}

/** A reader of an older snapshot can hold the checkpoint back for a moment: try a few times, a little longer each time. */
const ATTEMPTS = 5;
const RETRY_DELAY_MS = 40;

export interface SnapshotOptions {
  /**
   * The caller holds the database for itself: rollback-journal mode and an
   * EXCLUSIVE transaction on `db` (a restore does). The main file is then
   * complete and nobody can change it, so it is copied as it is.
   */
  heldExclusively?: boolean;
  onBytes?: (done: number) => void;
}

/**
 * Copies the database's main file to `dest` with every committed transaction
 * in it and no writer able to commit during the copy, without a descriptor of
 * the live file in this process (copyLiveFile): checkpoint(TRUNCATE) on the
 * caller's connection; a guard connection takes BEGIN IMMEDIATE (the write
 * lock, for every process); a PASSIVE checkpoint must then report everything
 * checkpointed (catches a writer that slipped in between; retried); copy;
 * release the guard. Our connections keep their locks throughout, so no other
 * program can checkpoint and delete the -wal under them. The copy is marked as
 * a rollback-journal file and fsynced.
 */
export async function snapshotDatabase(db: Db, dest: string, options: SnapshotOptions = {}): Promise<{ sizeBytes: number }> {
  if (db.memory) throw new BackupFailedError('preparing', 'an in-memory database has no file to copy');
  if (options.heldExclusively) {
    if (!db.inTransaction || db.pragma('journal_mode', { simple: true }) !== 'delete') {
      throw new BackupFailedError('preparing', 'the database is not held exclusively in rollback-journal mode');
    }
    await copyLiveFile(db.name, dest, options.onBytes);
  } else {
    if (db.inTransaction) throw new BackupFailedError('preparing', 'the connection has an open transaction; commit or roll it back first');
    await copyUnderWriteLock(db, dest, options.onBytes);
  }
  markRollbackJournal(dest);
  fsyncFile(dest);
  return { sizeBytes: fs.statSync(dest).size };
}

async function copyUnderWriteLock(db: Db, dest: string, onBytes?: (done: number) => void): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    db.pragma('wal_checkpoint(TRUNCATE)');
    const guard = holdWriteLock(db.name);
    try {
      const [state] = db.pragma('wal_checkpoint(PASSIVE)') as CheckpointRow[];
      if (state !== undefined && state.busy === 0 && state.log === state.checkpointed) {
        await copyLiveFile(db.name, dest, onBytes);
        return;
      }
      if (attempt >= ATTEMPTS) {
        throw new BackupFailedError(
          'checkpointing',
          `committed data is still only in the WAL (${JSON.stringify(state)}); another program keeps reading or writing`,
        );
      }
    } finally {
      guard.release();
    }
    await sleep(RETRY_DELAY_MS * attempt);
  }
}
