import fs from 'node:fs';
import path from 'node:path';
import { runPendingMigrations } from '../../../electron/db/migrator';
import { openDatabase, type Db } from '../../../electron/db/open';
import { addDemoTenant } from '../../../electron/demo/second-tenant';
import { addDemoSales } from '../../../electron/demo/sales-history';
import { importCatalogue } from '../../../hub/catalogue';
import { readStoreFile } from '../../../hub/store-file';
import { MIGRATIONS } from '../../../migrations';
import { afterAll, beforeAll } from 'vitest';
import { startHub, type StartedHub } from '../../hub/support/start-hub';
import { makeDemoDatabase, tempDir } from '../../helpers';

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

export interface SeededHub {
  /** The file's temp folder (removed after its tests). */
  readonly dir: string;
  readonly hub: StartedHub;
  /** The two-store file the hub was seeded from, which each till copies. */
  readonly file: string;
}

/**
 * What a file of real-hub till tests starts with: a temp folder named by `prefix`, a two-store file made
 * with `seed`, a hub on embedded PostgreSQL that knows both stores from it; the hub stops after the tests.
 * `hub` and `file` throw outside a test, where they do not exist yet.
 */
export function useSeededHub(prefix: string, seed: number): SeededHub {
  const dir = tempDir(prefix);
  let hub: StartedHub | undefined;
  let file: string | undefined;
  beforeAll(async () => {
    hub = await startHub();
    file = await twoStoreFile(dir, seed);
    await seedHubFrom(hub, file, { [CAPS]: 'CAPS Automotive', [NORTH]: 'Northside Tires' });
  }, 180_000);
  afterAll(async () => hub?.stop());
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('The seeded hub is not started yet: use it inside a test');
    return value;
  };
  return {
    dir,
    get hub() {
      return ready(hub);
    },
    get file() {
      return ready(file);
    },
  };
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
