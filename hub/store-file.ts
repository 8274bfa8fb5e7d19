import Database from 'better-sqlite3';
import fs from 'node:fs';
import { HubAdminError } from './errors';
import { SEEDED_TABLES, type StoreSnapshot } from './catalogue';

/**
 * Reads what the hub seeds from a till's store file (read-only): the tenant's
 * rows of the catalogue and balance tables, and its operations not yet
 * delivered. A v1 file (no tenant_id) is one store: all its rows are read.
 */
export function readStoreFile(file: string, tenantId: string): StoreSnapshot {
  if (!fs.existsSync(file)) throw new HubAdminError(`${file} does not exist`, 'Pass --db with a till store file (e.g. demo/store-medium.sqlite)');
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const hasTenant = (table: string) => (db.prepare(`SELECT 1 FROM pragma_table_info(?) WHERE name = 'tenant_id'`).get(table) ?? null) !== null;
    const where = (table: string) => (hasTenant(table) ? ` WHERE tenant_id = @tenantId` : '');
    const rows: StoreSnapshot['rows'] = {};
    for (const t of SEEDED_TABLES) rows[t] = db.prepare(`SELECT * FROM ${t}${where(t)} ORDER BY rowid`).all({ tenantId }) as Record<string, unknown>[];
    if (hasTenant('products') && (rows.products?.length ?? 0) === 0)
      throw new HubAdminError(`${file} holds no products of tenant ${tenantId}`, 'Check --tenant');
    const queued = db
      .prepare(
        `SELECT entity_type, operation, payload FROM pending_operations${where('pending_operations')}${hasTenant('pending_operations') ? ' AND' : ' WHERE'} status <> 'done'`,
      )
      .all({ tenantId }) as StoreSnapshot['queued'];
    return { rows, queued };
  } finally {
    db.close();
  }
}
