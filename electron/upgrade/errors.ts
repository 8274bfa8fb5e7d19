import { PosError } from '../errors';
import type { CheckResult } from './types';

/** A check after the migration failed inside the transaction; it was rolled back. */
export class VerificationFailedError extends PosError {
  readonly code = 'VERIFICATION_FAILED';
  readonly exitCode = 1 as const;
  readonly check: string;
  readonly table: string | null;
  constructor(readonly failures: CheckResult[]) {
    const first = failures[0] as CheckResult;
    super(
      `Verification failed: ${first.check}${first.table ? ` on ${first.table}` : ''} (${first.detail})${failures.length > 1 ? ` and ${failures.length - 1} more` : ''}`,
      'The upgrade was rolled back and the database is unchanged; send the upgrade report to support',
    );
    this.check = first.check;
    this.table = first.table;
  }
}

/** TEST-ONLY: the failure an upgrade's `failAt` option injects, so tests and the renderer can see a real rollback. */
export class InjectedFailureError extends PosError {
  readonly code = 'INJECTED_FAILURE';
  readonly exitCode = 1 as const;
  constructor(
    readonly table: string | null,
    readonly step: string,
  ) {
    super(`Failure injected at ${step}${table ? ` on ${table}` : ''} (test-only failAt)`, 'The upgrade was rolled back and the database is unchanged');
  }
}
