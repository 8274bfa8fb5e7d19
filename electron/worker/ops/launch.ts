import fs from 'node:fs';
import path from 'node:path';
import { freshInstallAction, type FreshInstallAction } from '../../upgrade/launch-state';
import { cleanupInterruptedRestore } from '../../backup';
import { migrationStatus, runPendingMigrations, type MigrationStatus } from '../../db/migrator';
import { storeDisplayName, tenantsInStore } from '../../tenancy/tenants/in-store';
import { openDatabase } from '../../db/open';
import { createDemoDatabase } from '../../demo/generate';
import type { WorkerOp } from '../context';
import { MIGRATIONS } from '../../../migrations';

/**
 * Runs once per launch, before anything reads the database: removes the temp
 * copy a restore killed mid-way left beside it, and on a fresh install creates
 * the store database (the small demo store at the legacy schema, or an empty
 * current one).
 */
export const prepareStore: WorkerOp<{ demo: boolean }, { action: FreshInstallAction }> = async ({ demo }, { config }) => {
  cleanupInterruptedRestore(config.databasePath);
  const action = freshInstallAction(fs.existsSync(config.databasePath), demo);
  if (action === 'none') return { action };
  fs.mkdirSync(path.dirname(config.databasePath), { recursive: true });
  if (action === 'create-demo') {
    await createDemoDatabase(config.databasePath, { size: 'small', seed: 1 });
  } else {
    const db = openDatabase(config.databasePath, { create: true });
    try {
      await runPendingMigrations(db, { migrations: MIGRATIONS });
    } finally {
      db.close();
    }
  }
  return { action };
};

/** Executed, pending and unknown migrations, and the store's name from the tenants it holds, read without changing the file. */
export const inspectStore: WorkerOp<undefined, { status: MigrationStatus; storeName: string }> = (_args, { config }) => {
  const db = openDatabase(config.databasePath, { readonly: true });
  try {
    return { status: migrationStatus(db, MIGRATIONS), storeName: storeDisplayName(tenantsInStore(db)) };
  } finally {
    db.close();
  }
};
