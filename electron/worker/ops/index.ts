import { backUpNow, listStoreBackups, restoreStoreBackup } from './backups';
import { inspectStore, prepareStore } from './launch';
import { upgradeStore } from './upgrade';

/** Every operation the worker answers, by name. One file per domain; add a domain's ops here. */
export const WORKER_OPS = {
  'launch.prepare': prepareStore,
  'launch.inspect': inspectStore,
  'upgrade.run': upgradeStore,
  'backups.list': listStoreBackups,
  'backups.create': backUpNow,
  'backups.restore': restoreStoreBackup,
};

export type WorkerOps = typeof WORKER_OPS;
