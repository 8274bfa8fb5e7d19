import { immutableTenantTriggerSql, sameTenantTriggersSql } from '../0003-tenant-integrity';
import type { Migration } from '../../electron/db/migration';
import { ADD_COLUMNS, CREATE_INDEXES, CREATE_TABLES, NEW_REFERENCES, NEW_TABLES } from './schema';

export const SALES_MIGRATION = '0005-sales';

/** Every statement of 0005, in order: tables, ledger links, indexes, then the tenant triggers (0003's builders, on 0005's own lists). */
export function salesMigrationSql(): string[] {
  const triggers = [
    ...NEW_TABLES.map((t) => immutableTenantTriggerSql(t)),
    ...Object.entries(NEW_REFERENCES).flatMap(([table, refs]) => refs.flatMap(([column, parent]) => sameTenantTriggersSql(table, column, parent))),
  ];
  return [...CREATE_TABLES, ...ADD_COLUMNS, ...CREATE_INDEXES, ...triggers];
}

/**
 * Migration 0005: the selling day. Sales (and returns and work order
 * deposits) with their lines and payments, and the cash shift, where no
 * legacy table fits; the six ledgers a sale writes gain a sale_id. Schema
 * only: on a store with data it creates empty tables, adds nullable columns
 * (no row is rewritten) and two indexes on legacy tables, so it costs
 * milliseconds plus those two index builds.
 */
export const salesSchema: Migration = {
  name: SALES_MIGRATION,
  up({ db, progress }) {
    const statements = salesMigrationSql();
    const event = (state: 'start' | 'done') => ({
      migration: SALES_MIGRATION,
      table: null,
      step: 'sales-schema',
      index: 1,
      total: 1,
      rows: 0,
      weight: 2000,
      state,
    });
    progress(event('start'));
    for (const sql of statements) db.exec(sql);
    progress(event('done'));
  },
};

/** The rows 0005 writes in existing tables: none (what lets the upgrade keep its targeted foreign key check). */
export const SALES_MIGRATION_ROWS_WRITTEN: readonly string[] = [];
