import type { Migration, MigrationStepEvent } from '../../electron/db/migration';
import { countV1Rows, planTenantMigration } from './plan';
import { TenantStepRunner } from './steps';
import { V1_TABLES_TO_REBUILD } from './tables';

export const TENANT_MIGRATION = '0002-tenant-id';

export interface TenantMigrationOptions {
  /**
   * Row counts per table, when the caller has just counted them (the upgrade's
   * audit): they only size the progress events, so the migration need not count again.
   */
  rowCounts?: Readonly<Record<string, number>>;
}

/**
 * Migration 0002: tenant_id on all 32 tables, every legacy row owned by
 * caps-automotive, business keys unique per tenant, tenant-led indexes.
 * Driven by its frozen table list (tables.ts) through planTenantMigration; runs inside the
 * migrator's single transaction, so any error leaves the database unchanged.
 */
export function createTenantMigration(options: TenantMigrationOptions = {}): Migration {
  return {
    name: TENANT_MIGRATION,
    up({ db, progress }) {
      const rowCounts = options.rowCounts ?? countV1Rows(db);
      const steps = planTenantMigration(rowCounts);
      const runner = new TenantStepRunner(db, rowCounts);
      steps.forEach((step, i) => {
        const event = (state: MigrationStepEvent['state']): MigrationStepEvent => ({
          migration: TENANT_MIGRATION,
          table: step.table,
          step: step.kind,
          index: i + 1,
          total: steps.length,
          rows: step.rows,
          weight: step.weight,
          state,
        });
        progress(event('start'));
        runner.run(step);
        progress(event('done'));
      });
    },
  };
}

export const tenantMigration = createTenantMigration();

/**
 * The tables whose rows migration 0002 writes: only the rebuilt ones (copied
 * into a new table). ADD COLUMN, DROP/CREATE INDEX, the guard triggers and the
 * planner statistics change no row of a catalogue table. Each rebuild also
 * proves, before dropping the old table, that every key a foreign key points
 * at survived the copy (TenantStepRunner.assertParentKeysKept). Together this
 * is what lets the upgrade check foreign keys on these tables only
 * (electron/upgrade/foreign-keys.ts).
 */
export const TENANT_MIGRATION_ROWS_WRITTEN: readonly string[] = V1_TABLES_TO_REBUILD.map((t) => t.name);
