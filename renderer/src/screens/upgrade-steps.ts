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

/** Staff words for the five steps: no table names, no counters of tables (those are in the diagnostic report). */
export function stepLabel(step: UpgradeStep): string {
  switch (step) {
    case 'backup':
      return 'Safety copy';
    case 'audit':
      return 'Check the data';
    case 'migrate':
      return 'Upgrade';
    case 'verify':
      return 'Check the result';
    case 'done':
      return 'Done';
  }
}

/** What is happening now, in staff words (the upgrade's own step text names tables: it goes to the report). */
const NOW: Record<UpgradePhase, string> = {
  preflight: 'Checking there is room for the safety copy',
  backup: 'Making a safety copy of the store database',
  audit: 'Checking the data before the upgrade',
  migrate: 'Upgrading the store database',
  verify: 'Checking the upgraded data',
  commit: 'Saving the upgrade',
  done: 'Done',
  failed: 'Stopped',
};

export const nowLabel = (phase: UpgradePhase): string => NOW[phase];
