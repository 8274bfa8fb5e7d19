import { DEFAULT_TENANT_ID } from '../../contracts/tenant-id';
import { CATALOGUE, type TableGroup } from './catalogue';
import type { Migration } from './migration';
import { migrationStatus, type MigrationStatus } from './migrator';
import { asDatabaseError, openDatabase, type Db } from './open';
import { readStoreIdentity } from './store-identity';

export interface TableStatus {
  name: string;
  group: TableGroup;
  rows: number;
  hasTenantId: boolean;
}

export interface StoreStatus extends MigrationStatus {
  path: string;
  /** The store's identity (store_identity), null when it has none yet. */
  storeId: string | null;
  tables: TableStatus[];
  totalRows: number;
}

export function tableExists(db: Db, name: string): boolean {
  return db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name) !== undefined;
}

export function columnNames(db: Db, table: string): string[] {
  return (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((c) => c.name);
}

/** The exact rows of one table (count(*) walks its smallest index: about 40 ms for all of the 2M-row store). */
export function countTableRows(db: Db, table: string): number {
  return db
    .prepare(`SELECT count(*) FROM "${table.replace(/"/g, '""')}"`)
    .pluck()
    .get() as number;
}

/** Row counts for every catalogue table present in the file. */
export function countRows(db: Db): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of CATALOGUE) if (tableExists(db, t.name)) out[t.name] = countTableRows(db, t.name);
  return out;
}

export function storeStatus(db: Db, path: string, known: readonly Migration[]): StoreStatus {
  const counts = countRows(db);
  const tables = CATALOGUE.filter((t) => t.name in counts).map((t) => ({
    name: t.name,
    group: t.group,
    rows: counts[t.name] ?? 0,
    hasTenantId: columnNames(db, t.name).includes('tenant_id'),
  }));
  const storeId = readStoreIdentity(db)?.storeId ?? null;
  return { ...migrationStatus(db, known), path, storeId, tables, totalRows: tables.reduce((a, t) => a + t.rows, 0) };
}

/** Read-only: status never changes the file, and works in a read-only folder (see openDatabase). */
export function readStoreStatus(path: string, known: readonly Migration[]): StoreStatus {
  const db = openDatabase(path, { readonly: true });
  try {
    return storeStatus(db, path, known);
  } catch (err) {
    // A page that cannot be read half-way through the counts: the store is damaged, and the message says what to do.
    throw asDatabaseError(err, path);
  } finally {
    db.close();
  }
}

/**
 * The tenants whose data a store file holds, by their users (every tenant that
 * can sign in has at least one), sorted. A v1 file has no tenant_id at all: an
 * empty list, all of it belongs to the default tenant. Store-level bookkeeping,
 * deliberately outside the tenant-scoped data layer; one index seek per tenant.
 */
export function tenantIdsInStore(db: Db): string[] {
  if (!tableExists(db, 'users') || !columnNames(db, 'users').includes('tenant_id')) return [];
  return db.prepare(`SELECT DISTINCT tenant_id FROM users ORDER BY tenant_id`).pluck().all() as string[];
}

/**
 * The tenant whose settings are the store file's own (its backup policy) and
 * whose rows record what happened to the file as a whole (backups, restores):
 * the default tenant when the file holds it (or holds no tenant ids yet, v1),
 * otherwise the first tenant it holds. One tenant per file, whichever tenant
 * edited its settings last: a white-label tenant sharing the file never steers
 * where the whole file is copied.
 */
export function storeOwnerTenant(db: Db): string {
  const ids = tenantIdsInStore(db);
  return ids.length === 0 || ids.includes(DEFAULT_TENANT_ID) ? DEFAULT_TENANT_ID : (ids[0] as string);
}
