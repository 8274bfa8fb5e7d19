import { runUpgrade, type UpgradeOptions } from '../../upgrade';
import type { UpgradeReport } from '../../upgrade/types';
import type { WorkerOp } from '../context';

/** What a worker may choose about its upgrade beyond the store it serves: the migrations and checks it runs. */
export type UpgradeChoices = Pick<UpgradeOptions, 'migrations' | 'verify'>;

/**
 * The whole upgrade on the store database, progress streamed to the page. The
 * pre-upgrade backup goes to <userData>/backups (backups/ beside the database)
 * or the store's configured destination. `choose` is asked before each run (a
 * worker built with another migration list passes its own).
 */
export function upgradeOp(choose: () => UpgradeChoices = () => ({})): WorkerOp<undefined, UpgradeReport> {
  return (_args, { config, emit }) => runUpgrade({ dbPath: config.databasePath, onProgress: (p) => emit('upgrade', 'progress', p), ...choose() });
}

export const upgradeStore = upgradeOp();
