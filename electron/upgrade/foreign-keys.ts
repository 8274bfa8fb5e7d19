import { TENANT_MIGRATION, TENANT_MIGRATION_ROWS_WRITTEN } from '../../migrations/0002-tenant-id';
import { TENANT_INTEGRITY_MIGRATION } from '../../migrations/0003-tenant-integrity';
import { SYNC_MIGRATION, SYNC_MIGRATION_ROWS_WRITTEN } from '../../migrations/0004-sync';
import { SALES_MIGRATION, SALES_MIGRATION_ROWS_WRITTEN } from '../../migrations/0005-sales';
import { AUTH_MIGRATION, AUTH_MIGRATION_ROWS_WRITTEN } from '../../migrations/0006-auth';
import { PERF_MIGRATION, PERF_MIGRATION_ROWS_WRITTEN } from '../../migrations/0007-perf';
import { RESTORE_SYNC_MIGRATION, RESTORE_SYNC_MIGRATION_ROWS_WRITTEN } from '../../migrations/0010-restore-sync';
import { SHIFT_TILL_MIGRATION, SHIFT_TILL_MIGRATION_ROWS_WRITTEN } from '../../migrations/0011-shift-till';
import { PERF_COUNTERS_MIGRATION, PERF_COUNTERS_MIGRATION_ROWS_WRITTEN } from '../../migrations/0012-perf-counters';
import { DERIVED_LISTS_MIGRATION, DERIVED_LISTS_MIGRATION_ROWS_WRITTEN } from '../../migrations/0013-derived-lists';
import type { Db } from '../db/open';

/**
 * The rows each migration the upgrade may run writes in catalogue tables.
 * 0003 only creates triggers; 0004 numbers pending_operations; 0005 creates tables, nullable columns, indexes and triggers. A migration missing here gets the full check.
 */
const ROWS_WRITTEN: Readonly<Record<string, readonly string[]>> = {
  [TENANT_MIGRATION]: TENANT_MIGRATION_ROWS_WRITTEN,
  [TENANT_INTEGRITY_MIGRATION]: [],
  [SYNC_MIGRATION]: SYNC_MIGRATION_ROWS_WRITTEN,
  [SALES_MIGRATION]: SALES_MIGRATION_ROWS_WRITTEN,
  [AUTH_MIGRATION]: AUTH_MIGRATION_ROWS_WRITTEN,
  [PERF_MIGRATION]: PERF_MIGRATION_ROWS_WRITTEN,
  [RESTORE_SYNC_MIGRATION]: RESTORE_SYNC_MIGRATION_ROWS_WRITTEN,
  [SHIFT_TILL_MIGRATION]: SHIFT_TILL_MIGRATION_ROWS_WRITTEN,
  [PERF_COUNTERS_MIGRATION]: PERF_COUNTERS_MIGRATION_ROWS_WRITTEN,
  [DERIVED_LISTS_MIGRATION]: DERIVED_LISTS_MIGRATION_ROWS_WRITTEN,
};

/** Tables the pipeline itself writes after the backup copy is taken and before BEGIN: the `backups` record of that copy. */
const WRITTEN_BY_THE_BACKUP_STEP = ['backups'] as const;

export interface ForeignKeyProof {
  /** PRAGMA foreign_key_check found nothing on the verified pre-upgrade copy. */
  copyClean: boolean;
  /** PRAGMA data_version of the migrating connection read before the copy was taken. */
  dataVersionBeforeCopy: number;
  pending: readonly string[];
}

/**
 * Which tables the migrator's foreign key check must read, or null for the
 * whole database. Sound because, inside the migration's transaction:
 *
 * 1. the legacy content had no violation: PRAGMA foreign_key_check on the
 *    pre-upgrade backup copy, and that copy is the content the migration starts
 *    from: data_version unchanged since before the copy means no other
 *    connection committed since; this connection wrote only the backup's own
 *    `backups` row (checked below as a child);
 * 2. migration 0002 changes no row of the 24 ADD COLUMN tables and copies the
 *    8 rebuilt tables: as children they are checked below; as parents each
 *    rebuild proved that every referenced key survived the copy; 0003 writes
 *    no row;
 * 3. the migrator also checks that every foreign key of the final schema names
 *    an existing parent whose key is still its PRIMARY KEY or UNIQUE (no
 *    "foreign key mismatch", which dropping an index or rebuilding a table could cause).
 *
 * Any doubt (a custom backup step, violations on the copy, another writer, an
 * unknown migration) returns null: the full check, as before.
 */
export function foreignKeyScope(db: Db, proof: ForeignKeyProof | null): readonly string[] | null {
  if (!proof || !proof.copyClean) return null;
  if (proof.pending.some((m) => ROWS_WRITTEN[m] === undefined)) return null;
  if ((db.pragma('data_version', { simple: true }) as number) !== proof.dataVersionBeforeCopy) return null;
  return [...new Set([...proof.pending.flatMap((m) => ROWS_WRITTEN[m] ?? []), ...WRITTEN_BY_THE_BACKUP_STEP])];
}

/** Rows the targeted check will read, for the progress estimate; null when a pending migration is unknown (full check). */
export function expectedForeignKeyRows(pending: readonly string[], rowCounts: Readonly<Record<string, number>>): number | null {
  if (pending.some((m) => ROWS_WRITTEN[m] === undefined)) return null;
  const tables = new Set([...pending.flatMap((m) => ROWS_WRITTEN[m] ?? []), ...WRITTEN_BY_THE_BACKUP_STEP]);
  return [...tables].reduce((sum, t) => sum + (rowCounts[t] ?? 0), 0);
}
