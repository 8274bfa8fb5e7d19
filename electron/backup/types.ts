/** Shapes shared by the backup service, the upgrade, the CLI and the renderer. */

export type BackupReason = 'pre-upgrade' | 'manual' | 'pre-restore' | 'scheduled';

/** Written beside each backup file as <id>.json; a backup is offered for restore only when its file matches it. */
export interface BackupManifest {
  id: string;
  createdAt: string;
  appVersion: string;
  reason: BackupReason;
  /** The backup file's name inside the backup folder (never a full path: folders move between machines). */
  fileName: string;
  sizeBytes: number;
  sha256: string;
  /** Executed migrations of the copied database; the last one is its schema version. */
  executedMigrations: string[];
  schemaVersion: string | null;
  rowCounts: Record<string, number>;
  check: { kind: 'quick_check' | 'integrity_check'; result: string };
  /**
   * Which store the copied database is (its store_identity), so a restore can refuse another
   * store's backup. Absent in manifests written before stores had an identity.
   */
  storeId?: string | null;
  /** The names of the tenants whose rows the copy holds (absent in older manifests). */
  tenants?: string[];
}

export interface BackupListing {
  manifest: BackupManifest;
  /**
   * Verified means: manifest valid, file present with the manifest's size, and the check made at backup
   * time ok (re-checked on every listing). The sha256 and a fresh quick_check are verifyBackup's, always before a restore.
   */
  verified: boolean;
  /** Why it is not verified, in plain words. */
  problem: string | null;
}

export interface BackupProgress {
  stage: 'checkpoint' | 'copy' | 'hash' | 'check' | 'manifest' | 'restore' | 'replace' | 'reopen';
  bytesDone: number;
  bytesTotal: number;
}

export interface RestoreResult {
  restoredBackupId: string;
  /** The verified backup of the database as it was just before; null when it was too damaged to back up (see damagedCopy). */
  preRestoreBackupId: string | null;
  /** When the replaced database was damaged: the file name its raw bytes were kept under in the backup folder (for support; not restorable). */
  damagedCopy: string | null;
  schemaVersion: string | null;
  /** Migrations that are pending after the restore (an older backup): the app runs the upgrade next. */
  pendingMigrations: string[];
  durationMs: number;
  /** Things the technician should know that did not stop the restore (e.g. a backup made before stores had an identity). */
  notes: string[];
  /** What the restore rolled back per tenant, as audited in the restored file (null when the replaced database was too damaged to read). */
  impact: RestoreImpact | null;
}

/** The store's backups as the Backups screen lists them. */
export interface BackupList {
  /** Where the backups live, for the technician to read (never sent back: backups are named by id). */
  folder: string;
  /** How many backups the store keeps (its policy): older ones are pruned after each new backup. */
  retentionCount: number;
  backups: BackupListing[];
}

/** What one tenant of the live store file loses when a backup replaces it. */
export interface TenantLoss {
  tenantId: string;
  /** Its display name (from its configuration; the id when this build does not ship it). */
  name: string;
  /** false: the backup holds none of this tenant's rows, so the restore removes the tenant entirely (rowsWritten is all of them). */
  inBackup: boolean;
  /** Rows of its work tables created or changed since the backup was taken (all its rows when it is not in the backup). */
  rowsWritten: number;
  /** Sales rung up since the backup was taken (among rowsWritten). */
  sales: number;
  /** Sync operations queued since the backup and not yet confirmed by the hub: a restore drops them and nothing ever sends them. */
  queuedNotSynced: number;
}

/** What a restore of one backup rolls back, for every tenant in the store file (a restore is store-wide). */
export interface RestoreImpact {
  backupId: string;
  backupCreatedAt: string;
  /** Every tenant of the live store file, the store's owner first. */
  tenants: TenantLoss[];
  /** Tenant ids the backup holds that the live file does not (another store's backup, or a tenant since removed). */
  comesBack: string[];
  /** The backup is from before a migration this build has: after the restore the upgrade runs again. */
  upgradeRunsAgain: boolean;
  pendingMigrationsAfter: string[];
}
