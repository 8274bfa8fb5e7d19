import fs from 'node:fs';
import path from 'node:path';
import { runPendingMigrations } from '../../../electron/db/migrator';
import { openDatabase, type Db } from '../../../electron/db/open';
import { addDemoTenant } from '../../../electron/demo/second-tenant';
import { addDemoSales } from '../../../electron/demo/sales-history';
import { importCatalogue } from '../../../hub/catalogue';
import { readStoreFile } from '../../../hub/store-file';
import { MIGRATIONS } from '../../../migrations';
import type { StartedHub } from '../../hub/support/start-hub';
import { makeDemoDatabase } from '../../helpers';

export const CAPS = 'caps-automotive';
export const NORTH = 'northside-tires';

/**
 * The store file every till of the suite starts from: a v1 CAPS demo store
 * (with its legacy queue), upgraded, with a month of CAPS sales rung up by the
 * sale service, and Northside Tires added beside it (same SKUs, usernames and
 * gift card codes, other ids). Each till is a copy, enrolled for one store.
 */
export async function twoStoreFile(dir: string, seed = 1): Promise<string> {
  const file = await makeDemoDatabase(dir, 'small', seed);
  const db = openDatabase(file);
  try {
    await runPendingMigrations(db, { migrations: MIGRATIONS });
    db.transaction(() => addDemoSales(db, { tenantId: CAPS, size: 'small', seed }))();
    addDemoTenant(db, { tenantId: NORTH, size: 'small', seed: seed + 1 });
  } finally {
    db.close();
  }
  return file;
}

/** The hub learns each store's catalogue, stock and balances from the file, as `pos-hub catalogue import` does. */
export async function seedHubFrom(hub: StartedHub, file: string, tenants: Record<string, string>): Promise<void> {
  for (const [id, name] of Object.entries(tenants)) {
    await hub.createTenant(id, name);
    await importCatalogue(hub.ownerPool, id, readStoreFile(file, id));
  }
}

let copies = 0;
export function tillCopy(file: string, dir: string, name: string): string {
  const dest = path.join(dir, `${name}-${copies++}.sqlite`);
  fs.copyFileSync(file, dest);
  for (const ext of ['-wal', '-shm']) if (fs.existsSync(file + ext)) fs.copyFileSync(file + ext, dest + ext);
  return dest;
}

export function openTill(file: string): Db {
  return openDatabase(file);
}
