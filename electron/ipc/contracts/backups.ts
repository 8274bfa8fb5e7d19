import type { BackupList, BackupManifest, BackupProgress, RestoreImpact, RestoreResult } from '../../backup/types';
import type { SyncFirstResult, UnsentBeforeRestore } from '../../worker/ops/restore-sync';
import { eventStream, operation, type Contract } from '../contract';

export type { BackupList };

/** The technician's Backups screen. The renderer names a backup by its id, never by a path. */
export const backupsContract = {
  domain: 'backups',
  operations: {
    list: operation<void, BackupList>(),
    /** The new backup; `notRecorded` says why it is missing from the database's own history (it is still listed and restorable). */
    create: operation<void, BackupManifest & { notRecorded: string | null }>(),
    /** `confirmOtherStore`: the second confirmation that a backup of another store may replace this one (refused without it). */
    restore: operation<{ id: string; confirmOtherStore?: true }, RestoreResult>(),
    /** What restoring this backup would roll back, per tenant in the store file (read-only; shown before the confirmation). */
    restoreImpact: operation<{ id: string }, RestoreImpact>(),
    /** Per enrolled store of the current database: operations the hub has not received, whether its hub answers, whether to offer Sync first. */
    unsent: operation<void, UnsentBeforeRestore>(),
    /** Sync first: push and pull every enrolled store now, then what is still not received (the confirmation then restores). */
    syncFirst: operation<void, SyncFirstResult>(),
    /**
     * The technician code, where no one can sign in: checked by the worker (a lock after 5 wrong tries); when
     * right, this window may use the Backups screen with no one signed in for `minutes` (then the code again).
     */
    technicianCode: operation<{ code: string }, { minutes: number }>(),
  },
  events: {
    progress: eventStream<BackupProgress>(),
  },
} as const satisfies Contract;
