import { CATALOGUE, type TableSpec } from '../db/catalogue';
import { executedMigrations } from '../db/migrator';
import type { Db } from '../db/open';
import type { DatabaseAudit } from './audit';
import type { CheckResult } from './types';
import { TENANT_MIGRATION } from '../../migrations/0002-tenant-id';
import { checkCrossTenantReferences, checkForeignKeys, checkQuick, checkViewsAndTriggers } from './database-checks';
import { checkDerivedData } from './derived-checks';
import { checkRowCount, checkTenantColumn, checkTenantGuard, checkTenantIndexes, checkTenantValues, checkUniqueKeys } from './table-checks';

/** One unit of verification, reported so a progress bar can move; weight in estimated microseconds. */
export interface VerifyStep {
  check: string;
  table: string | null;
  index: number;
  total: number;
  weight: number;
  /** Summed weight of the steps before this one, and of all steps: the share of verification done when it starts. */
  weightBefore: number;
  totalWeight: number;
}

export interface VerifyOptions {
  /** The audit taken before the migration: enables the row-count comparison and the view/trigger inventory. */
  before?: DatabaseAudit;
  /**
   * The migrator has already run PRAGMA foreign_key_check in this transaction
   * (it refuses to commit on any violation): running it again would only cost time.
   */
  foreignKeysCheckedByMigrator?: boolean;
  /** How the migrator checked them (whole database, or targeted with the proof), for the report. */
  foreignKeyCheckDetail?: string;
  onStep?: (step: VerifyStep) => void;
}

/**
 * Estimated cost per page of PRAGMA quick_check and per row of foreign_key_check (measured on the large store,
 * 2 MB page cache). The quick_check figure is per page of the file the estimate is given (the legacy file before
 * an upgrade: the migrated one has about 30% more pages, the new indexes).
 */
const QUICK_CHECK_US_PER_PAGE = 9;
const FK_CHECK_US_PER_ROW = 0.55;
const TABLE_CHECKS_US = 800;
/** The derived-data checks walk fitment_data's and promotion_usage's indexes: about 20 ms on the 2M-row large store. */
const DERIVED_CHECK_US_PER_ROW = 0.01;

/** The foreign key check's share of estimateVerifyCost, for a caller that runs it itself (the migrator). */
export function estimateForeignKeyCost(rows: number): number {
  return rows * FK_CHECK_US_PER_ROW;
}

/**
 * Estimated cost of a verification including the foreign key check (whoever runs it), for a progress bar.
 * `foreignKeyRows`: the rows that check reads (all of them by default; fewer when it is targeted).
 */
export function estimateVerifyCost(o: { rows: number; pages: number; foreignKeyRows?: number }): number {
  return (
    estimateForeignKeyCost(o.foreignKeyRows ?? o.rows) +
    o.pages * QUICK_CHECK_US_PER_PAGE +
    (CATALOGUE.length + 4) * TABLE_CHECKS_US +
    Math.max(o.rows * DERIVED_CHECK_US_PER_ROW, TABLE_CHECKS_US)
  );
}

interface Planned {
  check: string;
  table: string | null;
  weight: number;
  run: () => CheckResult[];
}

/**
 * Every check the tenant migration promises, as data: each result names its
 * check and table. Never throws for a broken database; a check that cannot
 * even run is reported as failed with SQLite's message.
 */
export function verifyTenantDatabase(db: Db, options: VerifyOptions = {}): CheckResult[] {
  const beforeRows = new Map(options.before?.tables.map((t) => [t.table, t.rows]));
  const tenantsByTable = new Map<string, string[]>();
  const totalRows = [...beforeRows.values()].reduce((a, b) => a + b, 0);
  const plan: Planned[] = [
    { check: 'migration_recorded', table: null, weight: TABLE_CHECKS_US, run: () => [checkMigrationRecorded(db)] },
    ...CATALOGUE.map((t) => ({
      check: 'table',
      table: t.name,
      weight: TABLE_CHECKS_US,
      run: () => tableChecks(db, t, beforeRows.get(t.name), tenantsByTable),
    })),
    { check: 'views_and_triggers', table: null, weight: TABLE_CHECKS_US, run: () => [checkViewsAndTriggers(db, options.before)] },
    { check: 'cross_tenant_references', table: null, weight: TABLE_CHECKS_US, run: () => checkCrossTenantReferences(db, tenantsByTable) },
    { check: 'derived_data', table: null, weight: Math.max(totalRows * DERIVED_CHECK_US_PER_ROW, TABLE_CHECKS_US), run: () => checkDerivedData(db) },
  ];
  if (!options.foreignKeysCheckedByMigrator) {
    plan.push({ check: 'foreign_key_check', table: null, weight: Math.max(totalRows, 1) * FK_CHECK_US_PER_ROW, run: () => checkForeignKeys(db) });
  }
  plan.push({
    check: 'quick_check',
    table: null,
    weight: (db.pragma('page_count', { simple: true }) as number) * QUICK_CHECK_US_PER_PAGE,
    run: () => [checkQuick(db)],
  });

  const results: CheckResult[] = [];
  if (options.foreignKeysCheckedByMigrator) {
    results.push({
      check: 'foreign_key_check',
      table: null,
      ok: true,
      detail: options.foreignKeyCheckDetail ?? '0 violations (checked by the migrator in this transaction, before verification)',
    });
  }
  const totalWeight = plan.reduce((sum, p) => sum + p.weight, 0);
  let weightBefore = 0;
  plan.forEach((p, i) => {
    options.onStep?.({ check: p.check, table: p.table, index: i + 1, total: plan.length, weight: p.weight, weightBefore, totalWeight });
    weightBefore += p.weight;
    try {
      results.push(...p.run());
    } catch (err) {
      results.push({ check: p.check, table: p.table, ok: false, detail: `could not run: ${(err as Error).message}` });
    }
  });
  return results;
}

function checkMigrationRecorded(db: Db): CheckResult {
  const executed = executedMigrations(db);
  const ok = executed.includes(TENANT_MIGRATION);
  return {
    check: 'migration_recorded',
    table: null,
    ok,
    detail: ok ? `${TENANT_MIGRATION} recorded` : `${TENANT_MIGRATION} not executed (run pos-db upgrade first)`,
  };
}

function tableChecks(db: Db, t: TableSpec, beforeRows: number | undefined, tenantsByTable: Map<string, string[]>): CheckResult[] {
  const column = checkTenantColumn(db, t);
  // Without the column every other check of the table would fail on SQL, not on a finding.
  if (!column.ok) return [column];
  const values = checkTenantValues(db, t);
  if (values.result.ok) tenantsByTable.set(t.name, values.tenants);
  const out = [column, values.result, checkTenantIndexes(db, t), checkUniqueKeys(db, t), checkTenantGuard(db, t)];
  if (beforeRows !== undefined) out.push(checkRowCount(db, t, beforeRows));
  return out;
}

/** The failed checks, for a report or an exit code. */
export function failedChecks(results: readonly CheckResult[]): CheckResult[] {
  return results.filter((r) => !r.ok);
}
