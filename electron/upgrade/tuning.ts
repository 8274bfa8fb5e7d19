import type { Db } from '../db/open';

/**
 * Connection settings for the migrating connection, chosen on measurements
 * (README, "The tenant migration"): a 64 MB page cache holds the parent
 * indexes the foreign key check probes (0.7-1.0 s instead of 1.2-1.9 s with
 * 16 MB) and bounds the index sorter's memory; sorter threads gave nothing
 * measurable on 2 cores. No mmap: mapped pages count in resident memory.
 */
export const MIGRATION_PRAGMAS = { cache_size: -65536 } as const;

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
  if (db.pragma('journal_mode = DELETE', { simple: true }) !== 'delete') return () => {};
  return () => {
    db.pragma('journal_mode = WAL');
  };
}
