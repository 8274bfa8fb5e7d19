import { asOneStep, type Migration } from '../../electron/db/migration';
import { COUNTED, createCounterTable, initialise, triggers } from './schema';

export const PERF_COUNTERS_MIGRATION = '0012-perf-counters';

/**
 * Migration 0012: per-tenant counters of the last work order and layaway number (schema.ts says why).
 * Creates one counter table per counted table (`work_orders_last_number`, `layaways_last_number`),
 * fills it from each store's MAX(number) (one backward walk of each `(tenant_id, number)` key per store)
 * and adds the triggers that keep it right. Writes no row of a catalogue table.
 */
export const perfCountersMigration: Migration = {
  name: PERF_COUNTERS_MIGRATION,
  up(context) {
    const { db } = context;
    asOneStep(context, PERF_COUNTERS_MIGRATION, 'number-counters', 1000, () => {
      for (const table of COUNTED) {
        db.exec(createCounterTable(table));
        db.exec(initialise(table));
        for (const sql of triggers(table)) db.exec(sql);
      }
    });
  },
};

/** 0012 writes no row of a catalogue table (only its own counter tables): the foreign key check need read nothing for it. */
export const PERF_COUNTERS_MIGRATION_ROWS_WRITTEN: readonly string[] = [];
