import fs from 'node:fs';
import path from 'node:path';
import {
  backupFolders,
  createBackup,
  defaultBackupDir,
  FREE_SPACE_MARGIN_BYTES,
  MIGRATION_GROWTH_FACTOR,
  preflightUpgrade,
  statfsFreeSpace,
  type FreeSpaceProbe,
} from '../backup';
import type { BackupProgress } from '../backup/types';
import { migrationStatus, runPendingMigrations, type MigrationStatus } from '../db/migrator';
import { openDatabase, type Db } from '../db/open';
import { ensureStoreIdentity } from '../db/store-identity';
import { withStoreLock, type StoreLock } from '../db/store-lock';
import { FutureDatabaseError, MigrationFailedError, PosError } from '../errors';
import { estimateForeignKeyCost, estimateVerifyCost, failedChecks, verifyTenantDatabase, type VerifyOptions, type VerifyStep } from '../verify/verify';
import { MIGRATIONS } from '../../migrations';
import { createTenantMigration, TENANT_MIGRATION } from '../../migrations/0002-tenant-id';
import { V1_TABLES } from '../../migrations/0002-tenant-id/tables';
import { planTenantMigration, type TenantStep } from '../../migrations/0002-tenant-id/plan';
import type { Migration, MigrationStepEvent } from '../db/migration';
import { auditDatabase, estimateRowCounts, rowCountsOf, type DatabaseAudit } from '../verify/audit';
import { DiskFullError, OtherProgramWritingError, VerificationFailedError } from './errors';
import { expectedForeignKeyRows, foreignKeyScope } from './foreign-keys';
import { ProgressTracker } from './progress';
import { settleUpgradeReports, writeUpgradeReport, type ReportWriter, type SavedReportState } from './report';
import { applyMigrationPragmas, useRollbackJournal } from './tuning';
import type { CheckResult, UpgradePhase, UpgradeProgress, UpgradeReport } from './types';

/** What the pipeline needs from a backup: where it is, so the report can be written beside it. */
export interface UpgradeBackup {
  id: string;
  dir: string;
  file: string;
  /** PRAGMA foreign_key_check found nothing on the verified copy (lets the migrator check only what the migration wrote). */
  foreignKeysClean?: boolean;
}

export type BackupStep = (
  db: Db,
  options: { backupDir: string; exactDir: boolean; onProgress: (p: BackupProgress) => void; lock: StoreLock },
) => Promise<UpgradeBackup>;

/** The real backup service (electron/backup): a verified copy with its manifest, or a typed error. */
export const serviceBackup: BackupStep = async (db, options) => {
  const made = await createBackup(db, {
    backupDir: options.backupDir,
    reason: 'pre-upgrade',
    exactDir: options.exactDir,
    onProgress: options.onProgress,
    checkForeignKeys: true,
    lock: options.lock,
  });
  return { id: made.id, dir: made.location.dir, file: made.file, foreignKeysClean: made.foreignKeyViolations === 0 };
};

/** The migrations an upgrade runs, given the row counts its audit found (they size migration 0002's progress events). */
export type MigrationList = (audit: { rowCounts: Readonly<Record<string, number>> }) => readonly Migration[];

/** This build's migrations, 0002 told the counts so it need not count again. */
export const buildMigrations: MigrationList = ({ rowCounts }) =>
  MIGRATIONS.map((m) => (m.name === TENANT_MIGRATION ? createTenantMigration({ rowCounts }) : m));

/** The verification run inside the transaction before COMMIT; a failed check rolls the upgrade back. */
export type VerifyDatabase = (db: Db, options: VerifyOptions) => CheckResult[];

export interface UpgradeOptions {
  dbPath: string;
  /** Exactly this folder for the pre-upgrade backup; default backups/ beside the database (or the configured destination). */
  backupDir?: string;
  onProgress?: (p: UpgradeProgress) => void;
  /** Replaces the backup service (tests of the pipeline's own logic); the default is the real one. */
  backup?: BackupStep;
  /** The migrations to run (default buildMigrations); a test passes a list whose step fails, to see the real rollback. */
  migrations?: MigrationList;
  /** The checks before COMMIT (default verifyTenantDatabase). */
  verify?: VerifyDatabase;
  /** Saves the report beside the backup (default writeUpgradeReport). */
  writeReport?: ReportWriter;
  /** Free disk space, for the disk-full message (default statfs). */
  freeSpace?: FreeSpaceProbe;
}

/**
 * The upgrade, as a service the CLI and the app's worker both call, in phases
 * that each hand the next what it needs: pending -> preflight -> backup ->
 * audit -> migrate (verify and COMMIT inside) -> committed. No verified
 * backup, no migration. Expected failures (locked, busy with another tool,
 * newer database, backup or verification failure, another program writing, a
 * migration error, a full disk) come back as `ok: false` with the database
 * unchanged; only bad input (no such file, not a database) throws. Holds the
 * store lock throughout. The report is saved beside the backup before COMMIT
 * (`committing`) and after it (`final`); a report that cannot be saved is a
 * warning, never a failure of an upgrade that committed.
 */
export async function runUpgrade(options: UpgradeOptions): Promise<UpgradeReport> {
  const trail = new UpgradeTrail(path.resolve(options.dbPath), options.writeReport ?? writeUpgradeReport);
  let db: Db;
  try {
    db = openDatabase(trail.dbPath);
  } catch (err) {
    // A missing or foreign file is bad input; a locked, damaged or read-only one is a refusal like any other.
    trail.at({ table: null, check: 'open' });
    if (err instanceof PosError && err.exitCode === 1) return trail.finish(err, null);
    throw err;
  }
  try {
    const report = await withStoreLock(trail.dbPath, 'upgrade', undefined, (lock) => pipeline(db, trail, options, lock));
    return trail.finish(null, null, report);
  } catch (err) {
    if (err instanceof PosError && err.exitCode === 2) throw err;
    return trail.finish(asUpgradeError(err, trail.dbPath, options.freeSpace ?? statfsFreeSpace), db);
  } finally {
    if (db.open) db.close();
  }
}

async function pipeline(db: Db, trail: UpgradeTrail, options: UpgradeOptions, lock: StoreLock): Promise<UpgradeReport> {
  const backupDir = options.backupDir ?? defaultBackupDir(trail.dbPath);
  const exactDir = options.backupDir !== undefined;
  settleUpgradeReports(exactDir ? [backupDir] : backupFolders(db, backupDir), migrationStatus(db, MIGRATIONS).executed, trail.write);
  const pending = pendingMigrations(db);
  if (!pending) return { ...trail.report, ok: true, upToDate: true };
  trail.report.migrations = pending.status.pending;
  const tracker = trail.track(new ProgressTracker(pending.plan, (p) => options.onProgress?.(p)));

  trail.at({ table: null, check: 'preflight' });
  tracker.enter('preflight', 'Checking the disk, the backup folder and that no other program is writing');
  preflightUpgrade({ dbPath: trail.dbPath, db, backupDir, exactDir });
  trail.lap('preflight');

  const backup = await backupPhase(db, trail, tracker, options, { backupDir, exactDir, lock });
  const audited = auditPhase(db, trail, tracker, pending, backup);
  const ran = await migratePhase(db, trail, tracker, options, pending, backup, audited);
  trail.lap('commit');
  tracker.finish(true, 'Upgrade complete');
  return { ...trail.report, ok: true, migrations: ran, after: auditDatabase(db).tables };
}

/** What is pending and how big the work is, for the progress plan; null when up to date. */
interface Pending {
  status: MigrationStatus;
  pages: number;
  plan: ConstructorParameters<typeof ProgressTracker>[0];
}

function pendingMigrations(db: Db): Pending | null {
  const status = migrationStatus(db, MIGRATIONS);
  if (status.unknown.length > 0) throw new FutureDatabaseError(status.unknown);
  if (status.pending.length === 0) return null;
  const pages = db.pragma('page_count', { simple: true }) as number;
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const estimated = estimateRowCounts(db);
  const estimatedRows = Object.values(estimated).reduce((a, b) => a + b, 0);
  return {
    status,
    pages,
    plan: {
      databaseBytes: pages * pageSize,
      totalRows: estimatedRows,
      migrateWeights: status.pending.includes(TENANT_MIGRATION) ? planTenantMigration(estimated).map((s) => s.weight) : [],
      verifyWeight: estimateVerifyCost({ rows: estimatedRows, pages }),
      // The tables 0002 steps through (its frozen list): what the progress bar counts while it migrates.
      tablesTotal: V1_TABLES.length,
    },
  };
}

/** The verified pre-upgrade backup, and the database's data_version before it: what proves nobody else wrote since. */
interface MadeBackup extends UpgradeBackup {
  dataVersionBeforeCopy: number;
}

async function backupPhase(
  db: Db,
  trail: UpgradeTrail,
  tracker: ProgressTracker,
  options: UpgradeOptions,
  where: { backupDir: string; exactDir: boolean; lock: StoreLock },
): Promise<MadeBackup> {
  trail.at({ table: null, check: 'backup' });
  tracker.enter('backup', 'Backing up the database');
  // The backup of this store says which store it is: the identity goes in before the copy.
  ensureStoreIdentity(db);
  const dataVersionBeforeCopy = db.pragma('data_version', { simple: true }) as number;
  const made = await (options.backup ?? serviceBackup)(db, { ...where, onProgress: (p) => tracker.backupStage(p.stage, p.bytesDone, p.bytesTotal) });
  trail.backedUp(made);
  trail.lap('backup');
  return { ...made, dataVersionBeforeCopy };
}

/** The audit's counts and the migration's steps and weights sized by them. */
interface Audited {
  audit: DatabaseAudit;
  rowCounts: Record<string, number>;
  steps: TenantStep[];
  /** The foreign key check's share of the verify phase (it runs first, in the migrator). */
  foreignKeyShare: number;
}

function auditPhase(db: Db, trail: UpgradeTrail, tracker: ProgressTracker, pending: Pending, backup: MadeBackup): Audited {
  trail.at({ table: null, check: 'audit' });
  tracker.enter('audit', 'Counting rows and reading the schema');
  const audit = auditDatabase(db);
  trail.audited(audit);
  const rowCounts = rowCountsOf(audit);
  const totalRows = Object.values(rowCounts).reduce((a, b) => a + b, 0);
  const steps = pending.status.pending.includes(TENANT_MIGRATION) ? planTenantMigration(rowCounts) : [];
  // With a clean copy the migrator's foreign key check reads only the tables the migration wrote (foreign-keys.ts).
  const foreignKeyRows = backup.foreignKeysClean ? (expectedForeignKeyRows(pending.status.pending, rowCounts) ?? totalRows) : totalRows;
  const verifyWeight = estimateVerifyCost({ rows: totalRows, pages: pending.pages, foreignKeyRows });
  const foreignKeyShare = verifyWeight > 0 ? Math.min(estimateForeignKeyCost(foreignKeyRows) / verifyWeight, 0.9) : 0;
  tracker.replan({ totalRows, migrateWeights: steps.map((s) => s.weight), verifyWeight });
  trail.lap('audit');
  return { audit, rowCounts, steps, foreignKeyShare };
}

/**
 * One transaction: refuse if another program committed since the backup, run
 * the migrations, the migrator's foreign key check, the verification, save the
 * `committing` report, COMMIT. Any throw rolls everything back. Returns the
 * migrations that ran.
 */
async function migratePhase(
  db: Db,
  trail: UpgradeTrail,
  tracker: ProgressTracker,
  options: UpgradeOptions,
  pending: Pending,
  backup: MadeBackup,
  { audit, rowCounts, steps, foreignKeyShare }: Audited,
): Promise<string[]> {
  tracker.enter('migrate', 'Starting the migration');
  applyMigrationPragmas(db);
  const backToWal = useRollbackJournal(db);
  const lastPending = pending.status.pending.at(-1);
  const onStep = migrateEventsToProgress(tracker, steps, rowCounts);
  let migrateEnded = 0;
  let foreignKeyDetail = '0 violations (PRAGMA foreign_key_check on the whole database, by the migrator in this transaction)';
  try {
    return await runPendingMigrations(db, {
      afterBegin: (tx) => {
        trail.at({ table: null, check: 'no-other-writer' });
        // Another connection committed since the copy: the backup and the audit are not what would be migrated.
        if ((tx.pragma('data_version', { simple: true }) as number) !== backup.dataVersionBeforeCopy) throw new OtherProgramWritingError(trail.dbPath);
      },
      foreignKeyScope: (tx) => {
        const scope = foreignKeyScope(tx, {
          copyClean: backup.foreignKeysClean === true,
          dataVersionBeforeCopy: backup.dataVersionBeforeCopy,
          pending: pending.status.pending,
        });
        if (scope) {
          foreignKeyDetail =
            `0 violations: legacy content checked in full on the pre-upgrade copy ${backup.id}; ` +
            `in this transaction ${scope.join(', ')} as children, every referenced key kept by the rebuilds, every parent key still unique`;
        }
        return scope;
      },
      migrations: (options.migrations ?? buildMigrations)({ rowCounts }),
      progress: (e) => {
        trail.at({ table: e.table, check: `migrate:${e.step}` });
        onStep(e);
        if (e.state === 'done' && e.index === e.total && e.migration === lastPending) {
          // The migrator's PRAGMA foreign_key_check runs next: it is the first verification.
          migrateEnded = performance.now();
          trail.at({ table: null, check: 'foreign_key_check' });
          tracker.enter('verify', 'Checking every foreign key (PRAGMA foreign_key_check)');
        }
      },
      beforeCommit: (tx) => {
        trail.lap('migrate', migrateEnded || performance.now());
        trail.at({ table: null, check: 'verify' });
        tracker.advance(foreignKeyShare, 'Verifying');
        const checks = (options.verify ?? verifyTenantDatabase)(tx, {
          before: audit,
          foreignKeysCheckedByMigrator: true,
          foreignKeyCheckDetail: foreignKeyDetail,
          onStep: (s: VerifyStep) =>
            tracker.advance(foreignKeyShare + ((1 - foreignKeyShare) * s.weightBefore) / Math.max(s.totalWeight, 1), verifyLabel(s), s.table, true),
        });
        trail.verified(checks);
        const failed = failedChecks(checks);
        if (failed.length > 0) throw new VerificationFailedError(failed);
        trail.lap('verify');
        trail.at({ table: null, check: 'commit' });
        // A process killed after COMMIT still leaves a report; the next start settles it.
        trail.save('committing', { ...trail.report, ok: true });
        tracker.enter('commit', 'Committing');
      },
    });
  } finally {
    quietly(backToWal);
  }
}

/**
 * What the pipeline knows so far, for the report: every phase adds what it
 * found (the backup, the audit, the checks) and where it is, so a failure at
 * any point still names its table and check and keeps what was learnt.
 */
class UpgradeTrail {
  readonly report: UpgradeReport;
  private readonly started = performance.now();
  private mark = this.started;
  private readonly timings: Partial<Record<UpgradePhase, number>> = {};
  private backup: UpgradeBackup | null = null;
  private where: { table: string | null; check: string | null } = { table: null, check: 'status' };
  private tracker: ProgressTracker | null = null;
  private readonly warnings: string[] = [];

  constructor(
    readonly dbPath: string,
    readonly write: ReportWriter,
  ) {
    this.report = {
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

  track(tracker: ProgressTracker): ProgressTracker {
    this.tracker = tracker;
    return tracker;
  }

  at(where: { table: string | null; check: string | null }): void {
    this.where = where;
  }

  lap(phase: UpgradePhase, now = performance.now()): void {
    this.timings[phase] = Math.round((now - this.mark) * 10) / 10;
    this.mark = now;
  }

  backedUp(backup: UpgradeBackup): void {
    this.backup = backup;
    this.report.backupId = backup.id;
    this.report.backupPath = backup.file;
  }

  audited(audit: DatabaseAudit): void {
    this.report.before = audit.tables;
  }

  verified(checks: CheckResult[]): void {
    this.report.checks = checks;
  }

  /** Saves the report beside the backup; a failure to save is a warning on the report, never the upgrade's failure. */
  save(state: SavedReportState, report: UpgradeReport): boolean {
    if (!this.backup) return false;
    try {
      this.write(this.backup.dir, this.backup.id, { ...report, warnings: [...this.warnings], saved: state });
      return true;
    } catch (err) {
      this.warnings.push(
        `The upgrade report could not be saved beside backup ${this.backup.id} (${(err as Error).message})${state === 'committing' ? ' before COMMIT' : ''}; what is printed here is the report`,
      );
      return false;
    }
  }

  /** The report as it ends: the pipeline's, or a failure's (audited again after the rollback), saved once more as `final`. */
  finish(error: unknown, db: Db | null, done?: UpgradeReport): UpgradeReport {
    const report: UpgradeReport = done ?? { ...this.report, ok: false, error: describeFailure(error, this.where) };
    // Audited after the rollback: the report shows the database as it now is, unchanged.
    if (!done && db?.open && this.report.before.length > 0) report.after = auditAfterFailure(db);
    if (!done && report.error) this.tracker?.finish(false, report.error.message);
    report.timingsMs = { ...this.timings, total: Math.round((performance.now() - this.started) * 10) / 10 };
    this.save('final', report);
    return this.warnings.length > 0 ? { ...report, warnings: [...this.warnings] } : report;
  }
}

function verifyLabel(s: VerifyStep): string {
  return s.check === 'table' ? `Verifying ${s.table}` : `Verifying: ${s.check.replace(/_/g, ' ')}`;
}

/** Maps the migration's step events onto the tracker: weighted progress, tables and rows done. */
function migrateEventsToProgress(
  tracker: ProgressTracker,
  steps: readonly TenantStep[],
  rowCounts: Readonly<Record<string, number>>,
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

/** A full disk (SQLite's SQLITE_FULL, or ENOSPC) becomes a DiskFullError that says how much room the migration needs. */
function asUpgradeError(err: unknown, dbPath: string, freeSpace: FreeSpaceProbe): unknown {
  const code = err instanceof MigrationFailedError ? err.causeCode : (err as { code?: unknown } | null)?.code;
  if (code !== 'SQLITE_FULL' && code !== 'ENOSPC') return err;
  const folder = path.dirname(dbPath);
  const size = fileSize(dbPath) + fileSize(`${dbPath}-wal`);
  let free = 0;
  try {
    free = freeSpace(folder);
  } catch {
    // unknown: the message still says how much is needed
  }
  return new DiskFullError(folder, free, Math.ceil(size * MIGRATION_GROWTH_FACTOR) + FREE_SPACE_MARGIN_BYTES);
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

function describeFailure(err: unknown, at: { table: string | null; check: string | null }): NonNullable<UpgradeReport['error']> {
  if (err instanceof VerificationFailedError) return { ...err.toJSON(), table: err.table, check: err.check };
  if (err instanceof PosError) {
    const table = (err as { table?: unknown }).table;
    return { ...err.toJSON(), table: typeof table === 'string' ? table : at.table, check: at.check };
  }
  // Not one of ours (a SQLite error mid-step, a bug): still rolled back, still reported with where it happened.
  const wrapped = new MigrationFailedError(TENANT_MIGRATION, err instanceof Error ? err.message : String(err));
  return { ...wrapped.toJSON(), table: at.table, check: at.check };
}

/** Back to WAL after the migration; if even that fails, the next openDatabase switches it back. */
function quietly(step: () => void): void {
  try {
    step();
  } catch {
    // The database itself is intact (committed or rolled back); only its journal mode is left as DELETE.
  }
}

function auditAfterFailure(db: Db): UpgradeReport['after'] {
  try {
    return auditDatabase(db).tables;
  } catch {
    return [];
  }
}
