import { CATALOGUE, type TableGroup } from './catalogue';
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

/** Row counts for every catalogue table present in the file. */
export function countRows(db: Db): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of CATALOGUE) {
    if (tableExists(db, t.name)) out[t.name] = (db.prepare(`SELECT count(*) AS n FROM ${t.name}`).get() as { n: number }).n;
  }
  return out;
}

export function storeStatus(db: Db, path: string): StoreStatus {
  const counts = countRows(db);
  const tables = CATALOGUE.filter((t) => t.name in counts).map((t) => ({
    name: t.name,
    group: t.group,
    rows: counts[t.name] ?? 0,
    hasTenantId: columnNames(db, t.name).includes('tenant_id'),
  }));
  const storeId = readStoreIdentity(db)?.storeId ?? null;
  return { ...migrationStatus(db), path, storeId, tables, totalRows: tables.reduce((a, t) => a + t.rows, 0) };
}

/** Read-only: status never changes the file, and works in a read-only folder (see openDatabase). */
export function readStoreStatus(path: string): StoreStatus {
  const db = openDatabase(path, { readonly: true });
  try {
    return storeStatus(db, path);
  } catch (err) {
    // A page that cannot be read half-way through the counts: the store is damaged, and the message says what to do.
    throw asDatabaseError(err, path);
  } finally {
    db.close();
  }
}
