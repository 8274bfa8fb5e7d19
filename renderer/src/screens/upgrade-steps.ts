import type { UpgradePhase, UpgradeProgress } from '../../../electron/ipc/contracts';

/** The five steps staff see; the upgrade's finer phases fold into them. */
export const UPGRADE_STEPS = ['backup', 'audit', 'migrate', 'verify', 'done'] as const;
export type UpgradeStep = (typeof UPGRADE_STEPS)[number];
export type StepState = 'pending' | 'active' | 'done' | 'failed';

const STEP_OF_PHASE: Record<UpgradePhase, UpgradeStep | null> = {
  preflight: 'backup',
  backup: 'backup',
  audit: 'audit',
  migrate: 'migrate',
  verify: 'verify',
  commit: 'verify',
  done: 'done',
  failed: null,
};

export type UpgradeRun = 'ready' | 'running' | 'succeeded' | 'failed';

/**
 * Each step's state from the last progress event and how the run ended. A
 * failure marks the step that was running when it happened (the first step
 * when nothing had started).
 */
export function stepStates(run: UpgradeRun, last: Pick<UpgradeProgress, 'phase'> | null): Record<UpgradeStep, StepState> {
  const out = Object.fromEntries(UPGRADE_STEPS.map((s) => [s, 'pending'])) as Record<UpgradeStep, StepState>;
  if (run === 'ready') return out;
  if (run === 'succeeded') {
    UPGRADE_STEPS.forEach((s) => (out[s] = 'done'));
    return out;
  }
  const current = (last && STEP_OF_PHASE[last.phase]) ?? 'backup';
  const at = UPGRADE_STEPS.indexOf(current);
  UPGRADE_STEPS.forEach((s, i) => {
    out[s] = i < at ? 'done' : i === at ? (run === 'failed' ? 'failed' : 'active') : 'pending';
  });
  return out;
}

export function stepLabel(step: UpgradeStep, last: Pick<UpgradeProgress, 'tablesDone' | 'tablesTotal'> | null): string {
  switch (step) {
    case 'backup':
      return 'Backup';
    case 'audit':
      return 'Audit';
    case 'migrate':
      return last?.tablesTotal ? `Migrate ${last.tablesDone}/${last.tablesTotal} tables` : 'Migrate';
    case 'verify':
      return 'Verify';
    case 'done':
      return 'Done';
  }
}
