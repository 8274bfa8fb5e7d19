import crypto from 'node:crypto';
import type { Db } from './connections';

/**
 * Bookkeeping beside the migrator's schema_migrations, not POS data: which
 * store this database is. Backups record it in their manifest, so a backup of
 * another store is never restored over this one without being asked for
 * explicitly. Not a tenant table (no tenant_id): verification and the
 * catalogue guard ignore it as they ignore schema_migrations.
 */
export const STORE_IDENTITY_TABLE = 'store_identity';

export interface StoreIdentity {
  storeId: string;
  createdAt: string;
}

function hasTable(db: Db): boolean {
  return db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(STORE_IDENTITY_TABLE) !== undefined;
}

/** The store's identity, or null for a database that never got one (made by an older version, or never backed up or upgraded since). */
export function readStoreIdentity(db: Db): StoreIdentity | null {
  if (!hasTable(db)) return null;
  const row = db.prepare(`SELECT store_id AS storeId, created_at AS createdAt FROM ${STORE_IDENTITY_TABLE} ORDER BY created_at, store_id LIMIT 1`).get() as
    StoreIdentity | undefined;
  return row ?? null;
}

/**
 * Gives the database its identity if it has none yet (idempotent: called when
 * a store is created, before the pre-upgrade backup and at every backup), and
 * returns it. `preferredId` keeps an identity the caller already knows (a
 * restored legacy backup keeps the identity of the store it replaced).
 */
export function ensureStoreIdentity(db: Db, preferredId?: string): StoreIdentity {
  const existing = readStoreIdentity(db);
  if (existing) return existing;
  const identity: StoreIdentity = { storeId: preferredId ?? crypto.randomUUID(), createdAt: new Date().toISOString() };
  const create = db.transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS ${STORE_IDENTITY_TABLE} (store_id TEXT PRIMARY KEY NOT NULL, created_at TEXT NOT NULL)`);
    db.prepare(`INSERT INTO ${STORE_IDENTITY_TABLE} (store_id, created_at) SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM ${STORE_IDENTITY_TABLE})`).run(
      identity.storeId,
      identity.createdAt,
    );
  });
  // IMMEDIATE: two processes giving the same store an identity at once end up with one.
  if (db.inTransaction) create();
  else create.immediate();
  return readStoreIdentity(db) ?? identity;
}
