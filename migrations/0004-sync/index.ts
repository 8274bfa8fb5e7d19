import type { Migration } from '../../electron/db/migration';
import { ADD_COLUMNS, BACKFILL_SEQ, CREATE_INDEXES, CREATE_TABLES, SEQ_TRIGGER, tenantTriggersSql } from './schema';

export const SYNC_MIGRATION = '0004-sync';

/**
 * Migration 0004: the till side of sync. The queue's operations get their
 * per-tenant sequence numbers (what the hub orders and deduplicates by), and
 * the till gets somewhere to keep its credential and where its sync stands.
 * Schema only, except one UPDATE of pending_operations (the numbers of the
 * operations still queued), so it costs milliseconds plus that table.
 */
export const syncSchema: Migration = {
  name: SYNC_MIGRATION,
  up({ db, progress }) {
    const rows = (db.prepare(`SELECT count(*) FROM pending_operations WHERE status <> 'done'`).pluck().get() as number) ?? 0;
    const steps: { step: string; rows: number; weight: number; sql: () => string[] }[] = [
      { step: 'sync-schema', rows: 0, weight: 500, sql: () => [...CREATE_TABLES, ...ADD_COLUMNS] },
      { step: 'sequence-queue', rows, weight: 500 + rows, sql: () => [BACKFILL_SEQ, ...CREATE_INDEXES, SEQ_TRIGGER, ...tenantTriggersSql()] },
    ];
    steps.forEach((s, i) => {
      const event = (state: 'start' | 'done') => ({
        migration: SYNC_MIGRATION,
        table: null,
        step: s.step,
        index: i + 1,
        total: steps.length,
        rows: s.rows,
        weight: s.weight,
        state,
      });
      progress(event('start'));
      for (const sql of s.sql()) db.exec(sql);
      progress(event('done'));
    });
  },
};

/** The rows 0004 writes in existing tables: the sequence numbers of pending_operations (the upgrade's targeted foreign key check reads it). */
export const SYNC_MIGRATION_ROWS_WRITTEN: readonly string[] = ['pending_operations'];
