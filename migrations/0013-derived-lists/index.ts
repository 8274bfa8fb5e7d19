import { asOneStep, type Migration } from '../../electron/db/migration';
import { FILL_PROMOTION_USE_COUNTS, FILL_VEHICLE_MODELS, PROMOTION_USE_COUNTS_TABLE, TRIGGERS, VEHICLE_MODELS_TABLE } from './schema';

export const DERIVED_LISTS_MIGRATION = '0013-derived-lists';

/**
 * Migration 0013: each store's vehicle models and promotion use counts, derived from fitment_data and
 * promotion_usage (schema.ts says why). Creates `vehicle_models` and `promotion_use_counts`, fills them
 * from the rows there are (one walk of each tenant-led index) and adds the triggers that keep them
 * right. Writes no row of a catalogue table.
 */
export const derivedListsMigration: Migration = {
  name: DERIVED_LISTS_MIGRATION,
  up(context) {
    const { db } = context;
    asOneStep(context, DERIVED_LISTS_MIGRATION, 'derived-lists', 1000, () => {
      db.exec(VEHICLE_MODELS_TABLE);
      db.exec(PROMOTION_USE_COUNTS_TABLE);
      db.exec(FILL_VEHICLE_MODELS);
      db.exec(FILL_PROMOTION_USE_COUNTS);
      for (const sql of TRIGGERS) db.exec(sql);
    });
  },
};

/** 0013 writes no row of a catalogue table (only its own two derived tables): the foreign key check need read nothing for it. */
export const DERIVED_LISTS_MIGRATION_ROWS_WRITTEN: readonly string[] = [];
