import { PosError } from '../errors';
import { formatBytes } from '../backup/errors';
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

/**
 * Another program committed to the database after the pre-upgrade backup was
 * taken: the backup and the audit no longer describe what would be migrated.
 * Refused inside the migration's transaction, before any change.
 */
export class OtherProgramWritingError extends PosError {
  readonly code = 'OTHER_PROGRAM_WRITING';
  readonly exitCode = 1 as const;
  constructor(readonly dbPath: string) {
    super(
      `Another program is writing to ${dbPath}: it committed while the upgrade was backing it up`,
      'Close POS Desktop and every other program using the database on this machine, then run the upgrade again; nothing was changed',
    );
  }
}

/** The disk filled up while the migration wrote; rolled back. Says how much room it needs. */
export class DiskFullError extends PosError {
  readonly code = 'DISK_FULL';
  readonly exitCode = 1 as const;
  constructor(
    readonly folder: string,
    readonly freeBytes: number,
    readonly neededBytes: number,
  ) {
    super(
      `The disk filled up while the migration was writing (SQLITE_FULL): it needs about ${formatBytes(neededBytes)} free on ${folder}, ${formatBytes(freeBytes)} are free now`,
      `Free space until at least ${formatBytes(neededBytes)} are free on that disk${freeBytes < neededBytes ? ` (at least ${formatBytes(neededBytes - freeBytes)} more)` : ''}, then run the upgrade again; the database was rolled back and is unchanged`,
    );
  }
}
