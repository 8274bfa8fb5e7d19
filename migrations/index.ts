import { legacySchema } from './0001-legacy-schema';
import { tenantMigration } from './0002-tenant-id';
import { tenantIntegrity } from './0003-tenant-integrity';
import { syncSchema } from './0004-sync';
import { salesSchema } from './0005-sales';
import { authSchema } from './0006-auth';
import { perfMigration } from './0007-perf';
import { restoreSyncMigration } from './0010-restore-sync';
import { shiftTillMigration } from './0011-shift-till';
import { perfCountersMigration } from './0012-perf-counters';
import { derivedListsMigration } from './0013-derived-lists';
import type { Migration } from '../electron/db/migration';

/**
 * Every migration this build knows, in order. Names are explicit strings, never
 * file names, so the compiled app sees the same names as the TypeScript sources.
 */
export const MIGRATIONS: readonly Migration[] = [
  legacySchema,
  tenantMigration,
  tenantIntegrity,
  syncSchema,
  salesSchema,
  authSchema,
  perfMigration,
  restoreSyncMigration,
  shiftTillMigration,
  perfCountersMigration,
  derivedListsMigration,
];

export const LEGACY_MIGRATION = legacySchema.name;
