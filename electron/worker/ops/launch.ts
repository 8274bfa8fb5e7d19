import fs from 'node:fs';
import path from 'node:path';
import { freshInstallAction, type FreshInstallAction } from '../../upgrade/launch-state';
import { backupFolders, cleanupInterruptedRestore } from '../../backup';
import { migrationStatus, runPendingMigrations, type MigrationStatus } from '../../db/migrator';
import { storeDisplayName, tenantsInStore } from '../../tenancy/tenants/in-store';
import { bundledTenants } from '../../tenancy/tenants';
import { storeOwnerTenant } from '../../db/status';
import type { SupportContact } from '../../tenancy/config/schema';
import { openDatabase } from '../../db/open';
import { ensureStoreIdentity } from '../../db/store-identity';
import { clearStaleStoreLock, storeLockPath } from '../../db/store-lock';
import { createDemoDatabase } from '../../demo/generate';
import { settleUpgradeReports } from '../../upgrade/report';
import type { WorkerOp } from '../context';
import { MIGRATIONS } from '../../../migrations';

/**
 * Runs once per launch, before anything reads the database: removes what a
 * killed backup, restore or upgrade left (its stale store lock with the
 * half-written files it names, a restore's temp copy) unless another program
 * is still working on the store, and on a fresh install creates the store
 * database (the small demo store at the legacy schema, or an empty current
 * one) with its store identity.
 */
export const prepareStore: WorkerOp<{ demo: boolean }, { action: FreshInstallAction }> = async ({ demo }, { config }) => {
  clearStaleStoreLock(config.databasePath);
  if (!fs.existsSync(storeLockPath(config.databasePath))) cleanupInterruptedRestore(config.databasePath);
  const action = freshInstallAction(fs.existsSync(config.databasePath), demo);
  if (action === 'none') {
    settleLeftoverReports(config.databasePath, config.backupDir);
    return { action };
  }
  fs.mkdirSync(path.dirname(config.databasePath), { recursive: true });
  if (action === 'create-demo') {
    await createDemoDatabase(config.databasePath, { size: 'small', seed: 1 });
  } else {
    const db = openDatabase(config.databasePath, { create: true });
    try {
      await runPendingMigrations(db, { migrations: MIGRATIONS });
      ensureStoreIdentity(db);
    } finally {
      db.close();
    }
  }
  return { action };
};

/** An upgrade killed around its COMMIT left its report saying `committing`: the database says what happened. */
function settleLeftoverReports(dbPath: string, backupDir: string): void {
  try {
    const db = openDatabase(dbPath, { readonly: true });
    try {
      settleUpgradeReports(backupFolders(db, backupDir), migrationStatus(db, MIGRATIONS).executed);
    } finally {
      db.close();
    }
  } catch {
    // A database that cannot be read gets the Problem screen; its reports wait for a readable one.
  }
}

export interface StoreInspection {
  status: MigrationStatus;
  storeName: string;
  /** The store owner's support contact, for the screens that say whom to call. */
  support: SupportContact | null;
  /** The file and its -wal, in bytes. */
  sizeBytes: number;
}

const sizeOf = (file: string): number => fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0;

/** Executed, pending and unknown migrations, the store's name from the tenants it holds, whom to call and its size, read without changing the file. */
export const inspectStore: WorkerOp<undefined, StoreInspection> = (_args, { config }) => {
  const db = openDatabase(config.databasePath, { readonly: true });
  try {
    const owner = storeOwnerTenant(db);
    return {
      status: migrationStatus(db, MIGRATIONS),
      storeName: storeDisplayName(tenantsInStore(db)),
      support: bundledTenants().find((t) => t.id === owner)?.support ?? null,
      sizeBytes: sizeOf(config.databasePath) + sizeOf(`${config.databasePath}-wal`),
    };
  } finally {
    db.close();
  }
};
