import { DatabaseBusyError } from '../errors';
import { openConnection, type Db } from './connections';
import { asDatabaseError, isBusy } from './open';

/** How long the guard waits for another writer to finish its transaction. */
export const GUARD_BUSY_TIMEOUT_MS = 5000;

/** A second connection holding the database's write lock; no other connection, in any process, can commit until release. */
export interface WriteGuard {
  readonly connection: Db;
  release(): void;
}

/**
 * Takes the write lock with a connection of its own (`BEGIN IMMEDIATE`): other
 * writers wait (their busy timeout) instead of committing, while readers and
 * checkpoints go on. A connection cannot checkpoint while it holds a
 * transaction: that is why the guard is a second connection beside the
 * caller's. Throws DatabaseBusyError when another writer keeps the lock longer
 * than `waitMs`.
 */
export function holdWriteLock(dbPath: string, waitMs = GUARD_BUSY_TIMEOUT_MS): WriteGuard {
  const connection = openConnection(dbPath);
  try {
    connection.pragma(`busy_timeout = ${waitMs}`);
    connection.exec('BEGIN IMMEDIATE');
  } catch (err) {
    connection.close();
    if (isBusy(err)) throw new DatabaseBusyError(dbPath);
    throw asDatabaseError(err, dbPath);
  }
  return {
    connection,
    release() {
      if (!connection.open) return;
      if (connection.inTransaction) connection.exec('ROLLBACK');
      connection.close();
    },
  };
}
