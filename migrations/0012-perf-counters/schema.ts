/**
 * Migration 0012's own copy of the facts it needs (frozen with it; never the live catalogue).
 *
 * Per-tenant "last number" counters (issue 15). A new work order or layaway takes the store's last
 * number + 1. Read from the `(tenant_id, number)` index, that last number costs a seek of about 17
 * key compares on the 15-byte tenant id, where v1 read the last entry of its `number` index with no
 * compare at all (1.56 and 1.42 of v1's instructions). One row per store answers it from a one-page
 * table.
 *
 * One table per counter, keyed by tenant_id alone (`work_orders_last_number`, `layaways_last_number`):
 * the lookup's key compare decides on its one field. A shared table keyed `(tenant_id, counter)` paid
 * a second field's compare on every read (1.14 of v1 for the layaway number, 1.02 with its own table).
 *
 * Kept right by triggers, not by the repositories: every path that writes a work order or a layaway
 * (the repositories, a pull from the hub, the demo seeding, a future import) goes through INSERT or
 * UPDATE of the row, and a trigger fires in the same transaction as that write, so the counter can
 * never lag it. A restore replaces the whole file: it brings its own counters and triggers (a backup
 * made after 0012) or runs 0012 itself (one made before), which starts from the MAX.
 *
 * The counter keeps the greatest number the store ever held, in the order `ORDER BY number DESC`
 * reads them (BINARY text order, as the numbers are zero-padded): equal to the MAX while no work order
 * is deleted; after a delete it stays above it, so a deleted number is never handed out again.
 */

/** The counted tables: each has its counter table `<table>_last_number`. */
export const COUNTED = ['work_orders', 'layaways'] as const;
export type Counted = (typeof COUNTED)[number];

export const counterTable = (table: Counted) => `${table}_last_number`;

export const createCounterTable = (table: Counted) => `CREATE TABLE ${counterTable(table)} (
  tenant_id TEXT NOT NULL PRIMARY KEY,
  number TEXT NOT NULL
) WITHOUT ROWID`;

export const initialise = (table: Counted) =>
  `INSERT INTO ${counterTable(table)} (tenant_id, number)
   SELECT tenant_id, max(number) FROM ${table} WHERE number IS NOT NULL GROUP BY tenant_id`;

const bump = (table: Counted) => `INSERT INTO ${counterTable(table)} (tenant_id, number) VALUES (NEW.tenant_id, NEW.number)
    ON CONFLICT (tenant_id) DO UPDATE SET number = excluded.number WHERE excluded.number > number`;

export const triggers = (table: Counted) => [
  `CREATE TRIGGER trg_${table}_number_counter_insert AFTER INSERT ON ${table} WHEN NEW.number IS NOT NULL
   BEGIN ${bump(table)}; END`,
  `CREATE TRIGGER trg_${table}_number_counter_update AFTER UPDATE OF number, tenant_id ON ${table} WHEN NEW.number IS NOT NULL
   BEGIN ${bump(table)}; END`,
];
