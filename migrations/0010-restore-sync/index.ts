import type { Migration } from '../../electron/db/migration';
import { CREATE_GUARD_TABLE, GUARDED_TRIGGERS } from './schema';

export const RESTORE_SYNC_MIGRATION = '0010-restore-sync';

/**
 * Migration 0010: a pulled ledger row never applies its effect a second time. Creates the empty
 * `sync_pull_applying` table and recreates the two apply triggers of 0001 with the same bodies and one
 * more condition: no pull is being applied (schema.ts says why). Schema only: writes no row.
 */
export const restoreSyncMigration: Migration = {
  name: RESTORE_SYNC_MIGRATION,
  up({ db, progress }) {
    const event = (state: 'start' | 'done') => ({
      migration: RESTORE_SYNC_MIGRATION,
      table: null,
      step: 'pull-guard',
      index: 1,
      total: 1,
      rows: 0,
      weight: 1000,
      state,
    });
    progress(event('start'));
    db.exec(CREATE_GUARD_TABLE);
    for (const { name, sql } of GUARDED_TRIGGERS) {
      db.exec(`DROP TRIGGER IF EXISTS ${name}`);
      db.exec(sql);
    }
    progress(event('done'));
  },
};

/** 0010 writes no row of a catalogue table: the upgrade's foreign key check need read nothing for it. */
export const RESTORE_SYNC_MIGRATION_ROWS_WRITTEN: readonly string[] = [];
