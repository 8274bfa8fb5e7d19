import type { MigrationStatus } from '../db/migrator';
import type { ErrorInfo } from '../errors';
import type { SupportContact } from '../tenancy/config/schema';

export type { SupportContact };

/** What happens before anything is opened, when there may be no database yet. */
export type FreshInstallAction = 'create-demo' | 'create-empty' | 'none';

/**
 * A newcomer's first launch creates a small demo store at the legacy schema, so
 * the first thing they see is the upgrade path. `--no-demo` / POS_NO_DEMO=1
 * creates an empty store at the current schema instead.
 */
export function freshInstallAction(databaseExists: boolean, demoEnabled: boolean): FreshInstallAction {
  if (databaseExists) return 'none';
  return demoEnabled ? 'create-demo' : 'create-empty';
}

export type LaunchScreen = 'future' | 'upgrade' | 'pos';

/** A file recording migrations this build does not know is never touched; pending migrations upgrade automatically. */
export function decideScreen(status: Pick<MigrationStatus, 'pending' | 'unknown'>): LaunchScreen {
  if (status.unknown.length > 0) return 'future';
  if (status.pending.length > 0) return 'upgrade';
  return 'pos';
}

export interface StoreInfo {
  name: string;
  /** Shown to technicians; the renderer never sends a path back. */
  databasePath: string;
  backupFolder: string;
  /** This launch created the demo store (a fresh install). */
  createdDemo: boolean;
  /** Whom staff call (the store owner's configuration); null before the file can be read or for a tenant this build does not ship. */
  support: SupportContact | null;
  /** The store file's size with its -wal (what the upgrade estimate is made from); null when it cannot be read. */
  sizeBytes: number | null;
  /** How long an upgrade of this store takes, about (estimateUpgradeMs); null when the size is not known. */
  upgradeEstimateMs: number | null;
}

interface Versions {
  schemaVersion: string | null;
  executed: string[];
}

export type LaunchState =
  | ({ screen: 'upgrade'; pending: string[]; store: StoreInfo } & Versions)
  | ({ screen: 'future'; unknown: string[]; store: StoreInfo } & Versions)
  | ({ screen: 'pos'; store: StoreInfo } & Versions)
  /** The database could not be opened or read: say why, offer the Backups screen. */
  | { screen: 'problem'; error: ErrorInfo; store: StoreInfo };

export function launchState(status: MigrationStatus, store: StoreInfo): LaunchState {
  const versions = { schemaVersion: status.schemaVersion, executed: status.executed };
  switch (decideScreen(status)) {
    case 'future':
      return { screen: 'future', unknown: status.unknown, store, ...versions };
    case 'upgrade':
      return { screen: 'upgrade', pending: status.pending, store, ...versions };
    case 'pos':
      return { screen: 'pos', store, ...versions };
  }
}
