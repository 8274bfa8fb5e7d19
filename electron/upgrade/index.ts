/** The upgrade service: the CLI (`pos-db upgrade`) and the app's worker both call runUpgrade. */
export {
  runUpgrade,
  serviceBackup,
  buildMigrations,
  type UpgradeOptions,
  type UpgradeBackup,
  type BackupStep,
  type MigrationList,
  type VerifyDatabase,
} from './run-upgrade';
export { auditDatabase, type DatabaseAudit } from '../verify/audit';
export { upgradeReportFileName, writeUpgradeReport, settleUpgradeReports, type ReportWriter, type SavedUpgradeReport } from './report';
export { VerificationFailedError, OtherProgramWritingError, DiskFullError } from './errors';
export type * from './types';
