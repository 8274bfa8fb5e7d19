/**
 * The backup service: the upgrade, the app's worker and the pos-db CLI all call
 * these plain functions of paths and ids (no Electron here).
 */
export { createBackup, type CreateBackupOptions, type CreatedBackup } from './create';
export {
  preflightUpgrade,
  diskNeeds,
  statfsFreeSpace,
  MIGRATION_GROWTH_FACTOR,
  FREE_SPACE_MARGIN_BYTES,
  type FreeSpaceProbe,
  type PreflightOptions,
} from './preflight';
export { defaultBackupDir, isBackupId } from './paths';
export {
  listBackups,
  scanBackupFolder,
  findBackup,
  verifyBackup,
  cleanupIncompleteBackups,
  type LocatedBackup,
  type FolderScan,
  type Verification,
} from './listing';
export { applyRetention, backupsToPrune } from './retention';
export { readBackupPolicy, resolveBackupLocation, DEFAULT_RETENTION_COUNT, type BackupLocation, type BackupPolicy } from './settings';
export * from './errors';
export type * from './types';
export { restoreBackup, backupFolders, cleanupInterruptedRestore, type RestoreOptions, type RestoreOutcome } from './restore';
export { isDamagedDatabaseError, preserveDamagedDatabase } from './damaged';
export { DatabaseInUseError } from './exclusive';
export { restoreImpact, losesNothing, tenantIdsOfBackup } from './restore-impact';
export { auditRestore, RESTORE_AUDIT_ACTION } from './restore-audit';
