import { runUpgrade } from '../../upgrade';
import type { UpgradeReport } from '../../upgrade/types';
import type { WorkerOp } from '../context';

let faultUsed = false;

/**
 * The whole upgrade on the store database, progress streamed to the page. The
 * pre-upgrade backup goes to <userData>/backups (backups/ beside the database)
 * or the store's configured destination.
 */
export const upgradeStore: WorkerOp<undefined, UpgradeReport> = (_args, { config, emit }) => {
  // TEST-ONLY: the e2e suite starts its worker with a fault that fails the first upgrade (its real rollback path runs).
  const failAt = config.testHooks?.failFirstUpgradeAt && !faultUsed ? config.testHooks.failFirstUpgradeAt : undefined;
  if (failAt) faultUsed = true;
  return runUpgrade({ dbPath: config.databasePath, onProgress: (p) => emit('upgrade', 'progress', p), failAt });
};
