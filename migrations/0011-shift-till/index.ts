import type { Migration } from '../../electron/db/migration';
import { ADD_COLUMN, BACKFILL } from './schema';

export const SHIFT_TILL_MIGRATION = '0011-shift-till';

/**
 * Migration 0011: a shift belongs to a till (schema.ts says why). Adds the nullable `shifts.till_id`
 * and gives every shift this till opened this till's id. Cost: one ADD COLUMN (no row rewritten) and
 * one UPDATE of the shifts (a few thousand rows on a large store: one per till per day).
 */
export const shiftTillMigration: Migration = {
  name: SHIFT_TILL_MIGRATION,
  up({ db, progress }) {
    const rows = db.prepare(`SELECT count(*) FROM shifts`).pluck().get() as number;
    const event = (state: 'start' | 'done') => ({
      migration: SHIFT_TILL_MIGRATION,
      table: 'shifts',
      step: 'shift-till',
      index: 1,
      total: 1,
      rows,
      weight: Math.max(1, rows),
      state,
    });
    progress(event('start'));
    db.exec(ADD_COLUMN);
    db.exec(BACKFILL);
    progress(event('done'));
  },
};

/** The rows 0011 writes in existing tables: the shifts (what the upgrade's foreign key check must cover). */
export const SHIFT_TILL_MIGRATION_ROWS_WRITTEN: readonly string[] = ['shifts'];
