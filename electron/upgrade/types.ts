import type { CheckResult, TableAudit } from '../verify/types';

export type { CheckResult, TableAudit };
/**
 * The upgrade's public shapes: what the CLI prints, what the worker streams to
 * the renderer, and what is saved beside the pre-upgrade backup.
 */

export type UpgradePhase = 'preflight' | 'backup' | 'audit' | 'migrate' | 'verify' | 'commit' | 'done' | 'failed';

export interface UpgradeProgress {
  phase: UpgradePhase;
  /** The table being worked on, or null between tables. */
  table: string | null;
  /** Plain words for the current step, e.g. "Rebuilding products (per-tenant SKU)". */
  step: string;
  /** 1-based step number within the migrate phase (0 outside it) and the number of steps. */
  stepIndex: number;
  stepCount: number;
  /** Tables finished in the migrate phase, out of 32. */
  tablesDone: number;
  tablesTotal: number;
  rowsDone: number;
  rowsTotal: number;
  /** 0..1 over the whole upgrade, weighted by what each step really costs. */
  fraction: number;
  elapsedMs: number;
  /** null until there is enough to estimate from. */
  etaMs: number | null;
}

export interface UpgradeReport {
  ok: boolean;
  /** Nothing was pending: the database was already up to date. */
  upToDate: boolean;
  dbPath: string;
  migrations: string[];
  backupId: string | null;
  backupPath: string | null;
  before: TableAudit[];
  after: TableAudit[];
  checks: CheckResult[];
  timingsMs: Partial<Record<UpgradePhase, number>> & { total: number };
  error: { code: string; message: string; hint: string; table: string | null; check: string | null } | null;
  /** What went wrong without changing the outcome (e.g. the report could not be saved after COMMIT). */
  warnings?: string[];
}
