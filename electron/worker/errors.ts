import { PosError } from '../errors';
import type { ErrorInfo } from '../errors';

export class UnknownWorkerOperationError extends PosError {
  readonly code = 'WORKER_UNKNOWN_OPERATION';
  readonly exitCode = 1 as const;
  constructor(readonly operation: string) {
    super(`The database worker has no operation ${operation}`, 'The app and its worker are from different builds; reinstall POS Desktop');
  }
}

/** The worker thread died (native crash, out of memory); pending calls fail with this and the next call starts a new one. */
export class WorkerCrashedError extends PosError {
  readonly code = 'WORKER_CRASHED';
  readonly exitCode = 1 as const;
  constructor(reason: string) {
    super(`The database worker stopped: ${reason}`, 'Try again; if it keeps happening, restart POS Desktop and send the diagnostic report to support');
  }
}

/** An operation failed inside the worker; carries the worker's typed error across the thread boundary. */
export class WorkerOperationError extends PosError {
  readonly exitCode = 1 as const;
  readonly code: string;
  constructor(readonly info: ErrorInfo) {
    super(info.message, info.hint);
    this.code = info.code;
    this.name = info.name;
  }
}

/** The unpacked worker bundle is not the one this build shipped (or its fingerprint is missing): it is never started. */
export class WorkerIntegrityError extends PosError {
  readonly code = 'WORKER_INTEGRITY';
  readonly exitCode = 1 as const;
  constructor(
    readonly script: string,
    readonly problem: string,
  ) {
    super(
      `POS Desktop refused to start its database worker: ${problem}`,
      'Nothing was opened or changed. Reinstall POS Desktop from its installer; if it happens again, call support',
    );
  }
}
