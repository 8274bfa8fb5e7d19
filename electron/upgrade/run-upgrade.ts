import path from 'node:path';
import { createBackup, defaultBackupDir, preflightUpgrade } from '../backup';
import type { BackupProgress } from '../backup/types';
import { migrationStatus, runPendingMigrations } from '../db/migrator';
import { openDatabase, type Db } from '../db/open';
import { FutureDatabaseError, MigrationFailedError, PosError } from '../errors';
import { estimateForeignKeyCost, estimateVerifyCost, failedChecks, verifyTenantDatabase, type VerifyStep } from '../verify/verify';
import { MIGRATIONS } from '../../migrations';
import { createTenantMigration, TENANT_MIGRATION } from '../../migrations/0002-tenant-id';
import { V1_TABLES } from '../../migrations/0002-tenant-id/tables';
import { planTenantMigration, type TenantStep } from '../../migrations/0002-tenant-id/plan';
import type { MigrationStepEvent } from '../db/migration';
import { auditDatabase, estimateRowCounts, rowCountsOf, type DatabaseAudit } from '../verify/audit';
import { InjectedFailureError, VerificationFailedError } from './errors';
import { ProgressTracker } from './progress';
import { writeUpgradeReport } from './report';
import { expectedForeignKeyRows, foreignKeyScope } from './foreign-keys';
import { applyMigrationPragmas, useRollbackJournal } from './tuning';
import type { UpgradePhase, UpgradeProgress, UpgradeReport } from './types';

/** What the pipeline needs from a backup: where it is, so the report can be written beside it. */
export interface UpgradeBackup {
  id: string;
  dir: string;
  file: string;
  /** PRAGMA foreign_key_check found nothing on the verified copy (lets the migrator check only what the migration wrote). */
  foreignKeysClean?: boolean;
}

export type BackupStep = (db: Db, options: { backupDir: string; exactDir: boolean; onProgress: (p: BackupProgress) => void }) => Promise<UpgradeBackup>;

/** The real backup service (electron/backup): a verified copy with its manifest, or a typed error. */
export const serviceBackup: BackupStep = async (db, options) => {
  const made = await createBackup(db, {
    backupDir: options.backupDir,
    reason: 'pre-upgrade',
    exactDir: options.exactDir,
    onProgress: options.onProgress,
    checkForeignKeys: true,
  });
  return { id: made.id, dir: made.location.dir, file: made.file, foreignKeysClean: made.foreignKeyViolations === 0 };
};

export interface UpgradeOptions {
  dbPath: string;
  /** Exactly this folder for the pre-upgrade backup; default backups/ beside the database (or the configured destination). */
  backupDir?: string;
  onProgress?: (p: UpgradeProgress) => void;
  /**
   * TEST-ONLY: fail on purpose when the migration starts this step on this
   * table (a step kind of migrations/tenant-plan.ts such as 'rebuild' or
   * 'create-index'), or report this verification check as failed (a check
   * name such as 'tenant_id_filled'; table null for database-wide checks).
   * The real rollback path runs either way.
   */
  failAt?: { table: string | null; step: string };
  /** Replaces the backup service (tests of the pipeline's own logic); the default is the real one. */
  backup?: BackupStep;
}

const MIGRATE_STEP_KINDS = new Set<string>([
  'drop-views-triggers',
  'rebuild',
  'add-column',
  'drop-index',
  'create-index',
  'guard',
  'restore-views-triggers',
  'planner-stats',
]);

function emptyReport(dbPath: string): UpgradeReport {
  return {
    ok: false,
    upToDate: false,
    dbPath,
    migrations: [],
    backupId: null,
    backupPath: null,
    before: [],
    after: [],
    checks: [],
    timingsMs: { total: 0 },
    error: null,
  };
}

/**
 * The upgrade, as a service the CLI and the app's worker both call:
 * preflight -> backup -> audit -> migrate -> verify -> commit. No verified
 * backup, no migration. Expected failures (locked, newer database, backup or
 * verification failure, a migration error) come back as `ok: false` with the
 * database unchanged; only bad input (no such file, not a database) throws.
 */
export async function runUpgrade(options: UpgradeOptions): Promise<UpgradeReport> {
  const started = performance.now();
  const dbPath = path.resolve(options.dbPath);
  const report = emptyReport(dbPath);
  let db: Db;
  try {
    db = openDatabase(dbPath);
  } catch (err) {
    // A missing or foreign file is bad input; a locked one is a refusal like any other.
    if (err instanceof PosError && err.exitCode === 1) return { ...report, error: describeFailure(err, { table: null, check: 'open' }) };
    throw err;
  }
  const timings: Partial<Record<UpgradePhase, number>> = {};
  let mark = started;
  const lap = (phase: UpgradePhase, now = performance.now()) => {
    timings[phase] = Math.round((now - mark) * 10) / 10;
    mark = now;
  };
  let backup: UpgradeBackup | null = null;
  let before: DatabaseAudit | null = null;
  let tracker: ProgressTracker | null = null;
  // Where the pipeline is, so an error from SQLite itself can still name a table and a check.
  let at: { table: string | null; check: string | null } = { table: null, check: 'status' };
  let restoreJournal = () => {};

  try {
    const status = migrationStatus(db, MIGRATIONS);
    if (status.unknown.length > 0) throw new FutureDatabaseError(status.unknown);
    if (status.pending.length === 0) {
      report.ok = true;
      report.upToDate = true;
      return report;
    }
    report.migrations = status.pending;
    const pages = db.pragma('page_count', { simple: true }) as number;
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const tenantPending = status.pending.includes(TENANT_MIGRATION);
    const estimated = estimateRowCounts(db);
    const estimatedRows = Object.values(estimated).reduce((a, b) => a + b, 0);
    tracker = new ProgressTracker(
      {
        databaseBytes: pages * pageSize,
        totalRows: estimatedRows,
        migrateWeights: tenantPending ? planTenantMigration(estimated).map((s) => s.weight) : [],
        verifyWeight: estimateVerifyCost({ rows: estimatedRows, pages }),
        // The tables 0002 steps through (its frozen list): what the progress bar counts while it migrates.
        tablesTotal: V1_TABLES.length,
      },
      (p) => options.onProgress?.(p),
    );
    const progress = tracker;

    at = { table: null, check: 'preflight' };
    progress.enter('preflight', 'Checking the disk, the backup folder and that no other program is writing');
    const backupDir = options.backupDir ?? defaultBackupDir(dbPath);
    const exactDir = options.backupDir !== undefined;
    preflightUpgrade({ dbPath, db, backupDir, exactDir });
    lap('preflight');

    at = { table: null, check: 'backup' };
    progress.enter('backup', 'Backing up the database');
    const dataVersionBeforeCopy = db.pragma('data_version', { simple: true }) as number;
    backup = await (options.backup ?? serviceBackup)(db, { backupDir, exactDir, onProgress: (p) => progress.backupStage(p.stage, p.bytesDone, p.bytesTotal) });
    report.backupId = backup.id;
    report.backupPath = backup.file;
    lap('backup');

    at = { table: null, check: 'audit' };
    progress.enter('audit', 'Counting rows and reading the schema');
    const audit = auditDatabase(db);
    before = audit;
    report.before = audit.tables;
    const rowCounts = rowCountsOf(audit);
    const totalRows = Object.values(rowCounts).reduce((a, b) => a + b, 0);
    const steps = tenantPending ? planTenantMigration(rowCounts) : [];
    // With a clean copy the migrator's foreign key check reads only the tables the migration wrote (foreign-keys.ts).
    const foreignKeyRows = backup.foreignKeysClean ? (expectedForeignKeyRows(status.pending, rowCounts) ?? totalRows) : totalRows;
    const verifyWeight = estimateVerifyCost({ rows: totalRows, pages, foreignKeyRows });
    // The foreign key check runs first (in the migrator); the verification steps share the rest by their weights.
    const foreignKeyShare = verifyWeight > 0 ? Math.min(estimateForeignKeyCost(foreignKeyRows) / verifyWeight, 0.9) : 0;
    progress.replan({ totalRows, migrateWeights: steps.map((s) => s.weight), verifyWeight });
    lap('audit');

    progress.enter('migrate', 'Starting the migration');
    applyMigrationPragmas(db);
    restoreJournal = useRollbackJournal(db);
    const onStep = migrateEventsToProgress(progress, steps, rowCounts, options.failAt);
    const forceFail = options.failAt && !MIGRATE_STEP_KINDS.has(options.failAt.step) ? { check: options.failAt.step, table: options.failAt.table } : undefined;
    let migrateEnded = 0;
    const madeBackup = backup;
    let foreignKeyDetail = '0 violations (PRAGMA foreign_key_check on the whole database, by the migrator in this transaction)';
    const ran = await runPendingMigrations(db, {
      foreignKeyScope: (tx) => {
        const scope = foreignKeyScope(tx, { copyClean: madeBackup.foreignKeysClean === true, dataVersionBeforeCopy, pending: status.pending });
        if (scope) {
          foreignKeyDetail =
            `0 violations: legacy content checked in full on the pre-upgrade copy ${madeBackup.id}; ` +
            `in this transaction ${scope.join(', ')} as children, every referenced key kept by the rebuilds, every parent key still unique`;
        }
        return scope;
      },
      migrations: MIGRATIONS.map((m) => (m.name === TENANT_MIGRATION ? createTenantMigration({ rowCounts }) : m)),
      progress: (e) => {
        at = { table: e.table, check: `migrate:${e.step}` };
        onStep(e);
        if (e.state === 'done' && e.index === e.total && e.migration === status.pending.at(-1)) {
          // The migrator's PRAGMA foreign_key_check runs next: it is the first verification.
          migrateEnded = performance.now();
          at = { table: null, check: 'foreign_key_check' };
          progress.enter('verify', 'Checking every foreign key (PRAGMA foreign_key_check)');
        }
      },
      beforeCommit: (tx) => {
        lap('migrate', migrateEnded || performance.now());
        at = { table: null, check: 'verify' };
        progress.advance(foreignKeyShare, 'Verifying');
        const checks = verifyTenantDatabase(tx, {
          before: audit,
          foreignKeysCheckedByMigrator: true,
          foreignKeyCheckDetail: foreignKeyDetail,
          onStep: (s: VerifyStep) =>
            progress.advance(foreignKeyShare + ((1 - foreignKeyShare) * s.weightBefore) / Math.max(s.totalWeight, 1), verifyLabel(s), s.table, true),
          forceFail,
        });
        report.checks = checks;
        const failed = failedChecks(checks);
        if (failed.length > 0) throw new VerificationFailedError(failed);
        lap('verify');
        at = { table: null, check: 'commit' };
        progress.enter('commit', 'Committing');
      },
    });
    lap('commit');
    restoreJournal();
    restoreJournal = () => {};
    report.migrations = ran;
    report.after = auditDatabase(db).tables;
    report.ok = true;
    progress.finish(true, 'Upgrade complete');
    return report;
  } catch (err) {
    if (err instanceof PosError && err.exitCode === 2) throw err;
    report.ok = false;
    report.error = describeFailure(err, at);
    // Audited after the rollback: the report shows the database as it now is, unchanged.
    if (before) report.after = auditAfterFailure(db);
    tracker?.finish(false, report.error.message);
    return report;
  } finally {
    if (db.open) restoreJournalQuietly(restoreJournal);
    report.timingsMs = { ...timings, total: Math.round((performance.now() - started) * 10) / 10 };
    if (db.open) db.close();
    if (backup) writeUpgradeReport(backup.dir, backup.id, report);
  }
}

function verifyLabel(s: VerifyStep): string {
  return s.check === 'table' ? `Verifying ${s.table}` : `Verifying: ${s.check.replace(/_/g, ' ')}`;
}

/** Maps the migration's step events onto the tracker: weighted progress, tables and rows done, and the test-only failAt. */
function migrateEventsToProgress(
  tracker: ProgressTracker,
  steps: readonly TenantStep[],
  rowCounts: Readonly<Record<string, number>>,
  failAt: UpgradeOptions['failAt'],
): (e: MigrationStepEvent) => void {
  const lastStepOfTable = new Map<string, number>();
  // The legacy index drops all come last (tenant-plan.ts: no page reuse under the journal); a table counts as done
  // once it has its column, its new indexes and its guard.
  steps.forEach((s, i) => s.table && s.kind !== 'drop-index' && lastStepOfTable.set(s.table, i + 1));
  let doneWeight = 0;
  let tablesDone = 0;
  let rowsDone = 0;
  return (e) => {
    if (e.migration !== TENANT_MIGRATION) return;
    if (e.state === 'start' && failAt && failAt.step === e.step && failAt.table === e.table) throw new InjectedFailureError(e.table, e.step);
    if (e.state === 'done') {
      doneWeight += e.weight;
      if (e.table && lastStepOfTable.get(e.table) === e.index) {
        tablesDone++;
        rowsDone += rowCounts[e.table] ?? 0;
      }
    }
    tracker.migrateStep({ stepIndex: e.index, doneWeight, step: steps[e.index - 1]?.label ?? e.step, table: e.table, tablesDone, rowsDone });
  };
}

function describeFailure(err: unknown, at: { table: string | null; check: string | null }): NonNullable<UpgradeReport['error']> {
  if (err instanceof VerificationFailedError) return { ...err.toJSON(), table: err.table, check: err.check };
  if (err instanceof InjectedFailureError) return { ...err.toJSON(), table: err.table, check: `migrate:${err.step}` };
  if (err instanceof PosError) {
    const table = (err as { table?: unknown }).table;
    return { ...err.toJSON(), table: typeof table === 'string' ? table : at.table, check: at.check };
  }
  // Not one of ours (a SQLite error mid-step, a bug): still rolled back, still reported with where it happened.
  const wrapped = new MigrationFailedError(TENANT_MIGRATION, err instanceof Error ? err.message : String(err));
  return { ...wrapped.toJSON(), table: at.table, check: at.check };
}

/** Back to WAL after a failure; if even that fails, the next openDatabase switches it back. */
function restoreJournalQuietly(restore: () => void): void {
  try {
    restore();
  } catch {
    // The database itself is intact (rolled back); only its journal mode is left as DELETE.
  }
}

function auditAfterFailure(db: Db): UpgradeReport['after'] {
  try {
    return auditDatabase(db).tables;
  } catch {
    return [];
  }
}
