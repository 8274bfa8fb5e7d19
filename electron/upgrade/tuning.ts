import { isBusy, type Db } from '../db/open';

/**
 * Connection settings for the migrating connection, chosen on measurements
 * (README, "The tenant migration"; large store, migrate + quick_check +
 * commit, rolled back or committed on a fresh copy each time): a SMALL page
 * cache is faster. Every big step streams through pages once (CREATE INDEX
 * scans its table, quick_check reads every page), so a large cache only adds
 * LRU and hash upkeep and misses in the CPU caches: 2 MB 3.9-4.1 s, 8 MB
 * 4.0 s, 16 MB (better-sqlite3's default) 4.2-5.2 s, 64 MB 4.2-4.8 s, and
 * peak memory 100 MB instead of 200 MB. The 64 MB cache earlier chosen for
 * the full foreign key check is moot now that the check inside the
 * transaction reads only the rebuilt tables (electron/upgrade/foreign-keys.ts).
 * temp_store=MEMORY and sorter threads gave nothing measurable on 2 cores.
 * No mmap: mapped pages count in resident memory.
 */
export const MIGRATION_PRAGMAS = { cache_size: -2000 } as const;

export function applyMigrationPragmas(db: Db, pragmas: Record<string, number> = MIGRATION_PRAGMAS): void {
  for (const [name, value] of Object.entries(pragmas)) db.pragma(`${name} = ${value}`);
}

/**
 * Runs the migration under a rollback journal instead of WAL. In WAL every
 * page the migration writes (about 190 MB of new indexes on the large store)
 * is written twice, to the WAL and again by the checkpoint that follows the
 * commit; a rollback journal writes new pages once, straight into the file,
 * and journals only the few existing pages it changes. Measured: commit
 * 0.35-0.5 s instead of 0.65-1.2 s. Crash safety is SQLite's either way (a
 * hot journal is rolled back by the next connection that opens the file).
 * Switching needs the only connection; if another is open, WAL stays.
 * Returns the function that switches back to WAL.
 */
export function useRollbackJournal(db: Db): () => void {
  if (db.pragma('journal_mode', { simple: true }) !== 'wal') return () => {};
  // SQLite refuses to leave WAL (SQLITE_BUSY) while any other connection has the file open,
  // say a technician's pos-db status in another window: then the migration simply runs in WAL.
  if (!tryJournalMode(db, 'DELETE')) return () => {};
  return () => {
    // If another connection opened the file meanwhile, openDatabase restores WAL on the next open.
    tryJournalMode(db, 'WAL');
  };
}

function tryJournalMode(db: Db, mode: 'DELETE' | 'WAL'): boolean {
  try {
    return db.pragma(`journal_mode = ${mode}`, { simple: true }) === mode.toLowerCase();
  } catch (err) {
    if (isBusy(err)) return false;
    throw err;
  }
}
