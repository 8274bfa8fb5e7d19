import type { Db } from '../db/open';

/**
 * Connection settings for the migrating connection, chosen on measurements
 * (README, "The tenant migration"): a page cache big enough for the parent
 * indexes the foreign key check probes, well inside the 256 MB memory budget.
 * No mmap: mapped pages count in the process's resident memory.
 */
export const MIGRATION_PRAGMAS = { cache_size: -65536 } as const;

export function applyMigrationPragmas(db: Db, pragmas: Record<string, number> = MIGRATION_PRAGMAS): void {
  for (const [name, value] of Object.entries(pragmas)) db.pragma(`${name} = ${value}`);
}
