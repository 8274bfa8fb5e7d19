import type { UpgradeProgress, UpgradeReport } from '../../upgrade/types';
import { eventStream, operation, type Contract } from '../contract';

/** The tenant upgrade: preflight, backup, audit, migrate, verify; the renderer only starts it and watches. */
export const upgradeContract = {
  domain: 'upgrade',
  operations: {
    /** Runs the whole upgrade on the store database; failures come back as a report with ok: false. */
    start: operation<void, UpgradeReport>(),
    /** Puts the last upgrade's diagnostic report on the clipboard and returns its text. */
    copyDiagnosticReport: operation<void, { text: string }>(),
  },
  events: {
    progress: eventStream<UpgradeProgress>(),
  },
} as const satisfies Contract;
