/** The upgrade service: the CLI (`pos-db upgrade`) and the app's worker both call runUpgrade. */
export { runUpgrade, serviceBackup, type UpgradeOptions, type UpgradeBackup, type BackupStep } from './run-upgrade';
export { auditDatabase, type DatabaseAudit } from '../verify/audit';
export { upgradeReportFileName, writeUpgradeReport } from './report';
export { VerificationFailedError, InjectedFailureError } from './errors';
export type * from './types';
