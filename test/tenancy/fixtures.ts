import { buildMissingPerfIndexes } from '../../electron/db/perf-indexes';
import path from 'node:path';
import { runPendingMigrations } from '../../electron/db/migrator';
import { openDatabase, type Db } from '../../electron/db/open';
import type { DemoSize } from '../../electron/demo/generate';
import { addDemoSales } from '../../electron/demo/sales-history';
import { addDemoTenant } from '../../electron/demo/second-tenant';
import { copyDatabase, makeDemoDatabase } from '../helpers';
import { MIGRATIONS } from '../../migrations';

export const CAPS = 'caps-automotive';
export const NORTHSIDE = 'northside-tires';

/**
 * A demo store upgraded to the multi-tenant schema (every migration), with a
 * second tenant's demo data added: overlapping SKUs, usernames and codes in one file.
 */
export async function twoTenantDatabase(dir: string, size: DemoSize = 'small', otherSize: DemoSize = 'small'): Promise<string> {
  const file = await makeDemoDatabase(dir, size);
  const db = openDatabase(file);
  try {
    await runPendingMigrations(db, { migrations: MIGRATIONS });
    // CAPS's selling history (its v1 data has none: the tables came with 0005), as `pos-db demo-sales` adds it.
    db.transaction(() => addDemoSales(db, { tenantId: CAPS, size }))();
    addDemoTenant(db, { tenantId: NORTHSIDE, size: otherSize, seed: 2 });
    // As the app has it once its worker built them after the upgrade (test/tenancy/query-plans.test.ts also plans without them).
    await buildMissingPerfIndexes(db);
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  return file;
}

let copies = 0;
/** A private copy of a fixture file, opened. */
export function openCopy(fixture: string, dir: string): Db {
  return openDatabase(copyDatabase(fixture, path.join(dir, `copy-${copies++}.sqlite`)));
}
