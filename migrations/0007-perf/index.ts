import type { Migration } from '../../electron/db/migration';
import { UNSEEDED_TENANT_INDEXES } from './schema';

export const PERF_MIGRATION = '0007-perf';

/**
 * Migration 0007: planner statistics for the tenant-led indexes 0004 and 0005 added to legacy tables
 * (schema.ts says why). Each gets the row 0002 gives every tenant-led index, "N N": the table's N rows,
 * all of them matching `tenant_id = ?` as far as the planner may assume. An index that already has a
 * row (a store that ran ANALYZE since) keeps it; a store without sqlite_stat1 (0002 always creates it)
 * is left to SQLite's defaults, which treat every index alike. Writes no row of a POS table: one
 * count(*) per table and four rows of sqlite_stat1, a few milliseconds on the large store.
 *
 * The indexes that only make queries faster are not built here: they cost seconds on a large store
 * and the upgrade's budget is the step inside the transaction. The app builds them after the COMMIT
 * (electron/db/perf-indexes.ts).
 */
export const perfMigration: Migration = {
  name: PERF_MIGRATION,
  up({ db, progress }) {
    const event = (state: 'start' | 'done') => ({
      migration: PERF_MIGRATION,
      table: null,
      step: 'planner-stats',
      index: 1,
      total: 1,
      rows: 0,
      weight: 1000,
      state,
    });
    progress(event('start'));
    const hasStats = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'`).get();
    if (hasStats) {
      const known = db.prepare(`SELECT 1 FROM sqlite_stat1 WHERE tbl = ? AND idx = ?`);
      const exists = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND name = ?`);
      const insert = db.prepare(`INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?, ?, ?)`);
      let wrote = false;
      for (const { table, index } of UNSEEDED_TENANT_INDEXES) {
        if (!exists.get(table, index) || known.get(table, index)) continue;
        const rows = Math.max(db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number, 1);
        insert.run(table, index, `${rows} ${rows}`);
        wrote = true;
      }
      // Loads the new statistics into this connection; other connections read them when they open.
      if (wrote) db.exec('ANALYZE sqlite_schema');
    }
    progress(event('done'));
  },
};

/** 0007 writes no row of a catalogue table (sqlite_stat1 only): the upgrade's foreign key check need read nothing for it. */
export const PERF_MIGRATION_ROWS_WRITTEN: readonly string[] = [];
