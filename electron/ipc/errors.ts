import { PosError } from '../errors';

/** The page sent something its contract does not allow. Only a bug or a tampered page gets here. */
export class IpcInputError extends PosError {
  readonly code = 'IPC_BAD_INPUT';
  readonly exitCode = 2 as const;
  constructor(
    readonly channel: string,
    problem: string,
  ) {
    super(`The screen sent bad input to ${channel}: ${problem}`, 'Restart POS Desktop; if it happens again, send the diagnostic report to support');
  }
}

/** A request from a frame that is not our own page (an iframe, a navigated or foreign page). */
export class ForeignSenderError extends PosError {
  readonly code = 'IPC_FOREIGN_SENDER';
  readonly exitCode = 1 as const;
  constructor(
    readonly channel: string,
    readonly senderUrl: string | null,
  ) {
    super(`Refused ${channel} from ${senderUrl ?? 'an unknown frame'}`, 'Only the POS Desktop window may call the app; restart it');
  }
}

/** Upgrades, backups and restores change the database file: one at a time. */
export class OperationInProgressError extends PosError {
  readonly code = 'OPERATION_IN_PROGRESS';
  readonly exitCode = 1 as const;
  constructor(
    readonly running: string,
    readonly requested: string,
  ) {
    super(`Cannot start ${requested} while ${running} is running`, 'Wait for it to finish, then try again');
  }
}

export class NothingToReportError extends PosError {
  readonly code = 'NO_DIAGNOSTIC_REPORT';
  readonly exitCode = 1 as const;
  constructor() {
    super('No upgrade has run since POS Desktop started', 'Run the upgrade first; its report is what gets copied');
  }
}
