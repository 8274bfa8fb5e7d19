import type { ConflictChoice } from '../../../contracts/sync/operations';
import type { SyncHeader, SyncPanel } from '../../sync';
import type { BackgroundSyncState } from '../../worker/background-sync';
import type { SyncNowResult } from '../../worker/ops/sync';
import { eventStream, operation, type Contract } from '../contract';

/**
 * The till's sync on screen, for the signed-in store (the main process keeps the
 * session; the page names no store): the header's state for anyone signed in;
 * the Sync panel, Sync now and resolving a conflict for a manager, technician or
 * admin (the worker checks the role and refuses with SYNC_NOT_PERMITTED).
 */
export const syncContract = {
  domain: 'sync',
  operations: {
    status: operation<void, SyncHeader>(),
    panel: operation<void, SyncPanel>(),
    now: operation<void, SyncNowResult>(),
    /** The panel as it stands after the choice. */
    resolve: operation<{ conflictId: string; choice: ConflictChoice }, SyncPanel>(),
  },
  events: {
    /** The background sync's state changed (a round started or ended, the hub went away or came back): time to ask status again. */
    state: eventStream<BackgroundSyncState>(),
  },
} as const satisfies Contract;
