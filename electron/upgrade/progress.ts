import type { UpgradePhase, UpgradeProgress } from './types';

/**
 * Estimated cost of each phase, in microseconds on the reference machine
 * (2 cores, `large` store), so one fraction can span phases whose work is
 * measured in different units: bytes for the backup, rows for the audit,
 * per-step estimates for the migration (migrations/tenant-plan.ts COST) and
 * the verification (electron/verify/verify.ts).
 */
export const PHASE_COST = {
  preflightUs: 20_000,
  /** Copy, fsync, sha256 and quick_check of the copy, per byte of database. */
  backupUsPerByte: 0.004,
  auditUsPerRow: 0.03,
  /** Writing the transaction's pages to the WAL and syncing, per row in the database. */
  commitUsPerRow: 0.25,
} as const;

/** Share of the backup's cost per backup stage, for a smooth bar while one file is copied, hashed and checked. */
const BACKUP_STAGE_SHARE: Record<string, [number, number]> = {
  checkpoint: [0, 0.02],
  copy: [0.02, 0.45],
  hash: [0.45, 0.75],
  check: [0.75, 0.99],
  manifest: [0.99, 1],
};

export interface ProgressPlan {
  databaseBytes: number;
  totalRows: number;
  /** Weights of the migrate steps, in order; empty when nothing is pending. */
  migrateWeights: number[];
  /** Estimated cost of the verification (including the migrator's foreign key check). */
  verifyWeight: number;
  tablesTotal: number;
}

type Emit = (p: UpgradeProgress) => void;

/**
 * Turns the pipeline's events into UpgradeProgress: one fraction over the whole
 * upgrade, weighted by estimated cost, with elapsed time and an ETA that
 * extrapolates from the cost done so far. Emits at most one event per
 * `minIntervalMs` within a step (backup bytes), every step change always.
 */
export class ProgressTracker {
  private readonly started = performance.now();
  private readonly phaseWeights: Record<UpgradePhase, number>;
  private readonly order: UpgradePhase[] = ['preflight', 'backup', 'audit', 'migrate', 'verify', 'commit'];
  private phase: UpgradePhase = 'preflight';
  private within = 0;
  private state: Omit<UpgradeProgress, 'fraction' | 'elapsedMs' | 'etaMs' | 'phase'> = {
    table: null,
    step: 'Checking the database',
    stepIndex: 0,
    stepCount: 0,
    tablesDone: 0,
    tablesTotal: 0,
    rowsDone: 0,
    rowsTotal: 0,
  };
  private lastEmit = -Infinity;
  private lastFraction = 0;

  constructor(
    private readonly plan: ProgressPlan,
    private readonly emit: Emit,
    private readonly minIntervalMs = 100,
  ) {
    const migrate = plan.migrateWeights.reduce((a, b) => a + b, 0);
    this.phaseWeights = {
      preflight: PHASE_COST.preflightUs,
      backup: plan.databaseBytes * PHASE_COST.backupUsPerByte,
      audit: Math.max(plan.totalRows * PHASE_COST.auditUsPerRow, 1_000),
      migrate,
      verify: plan.verifyWeight,
      commit: Math.max(plan.totalRows * PHASE_COST.commitUsPerRow, 1_000),
      done: 0,
      failed: 0,
    };
    this.state.stepCount = plan.migrateWeights.length;
    this.state.tablesTotal = plan.tablesTotal;
    this.state.rowsTotal = plan.totalRows;
  }

  /** Re-sizes the estimate once the audit knows the real row counts; the fraction never moves backwards. */
  replan(plan: Pick<ProgressPlan, 'totalRows' | 'migrateWeights' | 'verifyWeight'>): void {
    this.phaseWeights.audit = Math.max(plan.totalRows * PHASE_COST.auditUsPerRow, 1_000);
    this.phaseWeights.migrate = plan.migrateWeights.reduce((a, b) => a + b, 0);
    this.phaseWeights.verify = plan.verifyWeight;
    this.phaseWeights.commit = Math.max(plan.totalRows * PHASE_COST.commitUsPerRow, 1_000);
    this.state.stepCount = plan.migrateWeights.length;
    this.state.rowsTotal = plan.totalRows;
  }

  /** Enters a phase (its work not yet done). */
  enter(phase: UpgradePhase, step: string, table: string | null = null): void {
    this.phase = phase;
    this.within = 0;
    this.state.step = step;
    this.state.table = table;
    this.push(true);
  }

  /** Progress inside the current phase, as a share 0..1 of its cost. */
  advance(share: number, step?: string, table?: string | null, force = false): void {
    this.within = Math.min(Math.max(share, this.within), 1);
    if (step !== undefined) this.state.step = step;
    if (table !== undefined) this.state.table = table;
    this.push(force);
  }

  backupStage(stage: string, bytesDone: number, bytesTotal: number): void {
    const [from, to] = BACKUP_STAGE_SHARE[stage] ?? [0, 1];
    const share = from + (to - from) * (bytesTotal > 0 ? Math.min(bytesDone / bytesTotal, 1) : 1);
    this.advance(share, `Backing up the database (${stage})`, null, false);
  }

  migrateStep(update: { stepIndex: number; doneWeight: number; step: string; table: string | null; tablesDone: number; rowsDone: number }): void {
    this.state.stepIndex = update.stepIndex;
    this.state.tablesDone = update.tablesDone;
    this.state.rowsDone = update.rowsDone;
    const total = this.phaseWeights.migrate;
    this.advance(total > 0 ? update.doneWeight / total : 1, update.step, update.table, true);
  }

  finish(ok: boolean, step: string): void {
    this.phase = ok ? 'done' : 'failed';
    this.state.step = step;
    this.state.table = null;
    if (ok) this.lastFraction = 1;
    this.push(true);
  }

  private fraction(): number {
    if (this.phase === 'done') return 1;
    const total = this.order.reduce((a, p) => a + this.phaseWeights[p], 0);
    const current = this.order.indexOf(this.phase);
    if (current < 0) return this.lastFraction;
    const before = this.order.slice(0, current).reduce((a, p) => a + this.phaseWeights[p], 0);
    // Never move backwards, even if an estimate was off.
    this.lastFraction = Math.max(this.lastFraction, (before + this.phaseWeights[this.phase] * this.within) / total);
    return this.lastFraction;
  }

  private push(force: boolean): void {
    const now = performance.now();
    if (!force && now - this.lastEmit < this.minIntervalMs) return;
    this.lastEmit = now;
    const fraction = this.fraction();
    const elapsedMs = Math.round(now - this.started);
    const etaMs = fraction >= 0.02 && fraction < 1 && elapsedMs >= 200 ? Math.round((elapsedMs * (1 - fraction)) / fraction) : fraction >= 1 ? 0 : null;
    this.emit({ ...this.state, phase: this.phase, fraction: Math.round(fraction * 10_000) / 10_000, elapsedMs, etaMs });
  }
}
