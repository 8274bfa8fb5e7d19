import path from 'node:path';
import { runPendingMigrations } from '../../electron/db/migrator';
import { openDatabase, type Db } from '../../electron/db/open';
import { generateDemoData } from '../../electron/demo/generate';
import { TENANT_MIGRATION } from '../../migrations/0002-tenant-id';
import type { MigrationStepEvent } from '../../electron/db/migration';
import { copyDatabase } from '../helpers';
import { MIGRATIONS } from '../../migrations';

export const CAPS = 'caps-automotive';
export const OTHER = 'northside-tires';

let copies = 0;
/** A private copy of a fixture file, opened. */
export function openCopy(fixture: string, dir: string): Db {
  return openDatabase(copyDatabase(fixture, path.join(dir, `copy-${copies++}.sqlite`)));
}

/** Runs migrations up to and including 0002 only, so its effects are seen without later migrations' triggers. */
export async function migrateTo0002(db: Db, progress?: (e: MigrationStepEvent) => void): Promise<string[]> {
  return runPendingMigrations(db, { migrations: MIGRATIONS, to: TENANT_MIGRATION, progress });
}

/** Adds a second tenant's demo data (same row numbers, so the same SKUs, usernames and codes) to a migrated store. */
export function addSecondTenant(db: Db, tenantId = OTHER, seed = 2): void {
  db.transaction(() => generateDemoData(db, { size: 'small', seed, tenantId }))();
}

export function schemaOf(db: Db): { type: string; name: string; sql: string | null }[] {
  return db.prepare(`SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name`).all() as { type: string; name: string; sql: string | null }[];
}

/**
 * A copy of `fixture` migrated up to the migration before `migration`, given a second store, then migrated
 * to the end: both stores' rows are there before `migration` runs, so what it fills from existing rows (not
 * only what its triggers keep) is what the first checks see.
 */
export async function migratedWithSecondStoreBefore(fixture: string, dir: string, migration: { name: string }): Promise<Db> {
  const db = openCopy(fixture, dir);
  const before = MIGRATIONS[MIGRATIONS.findIndex((m) => m.name === migration.name) - 1]!.name;
  await runPendingMigrations(db, { migrations: MIGRATIONS, to: before });
  addSecondTenant(db);
  await runPendingMigrations(db, { migrations: MIGRATIONS });
  return db;
}
