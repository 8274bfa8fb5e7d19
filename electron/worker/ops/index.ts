import { backUpNow, listStoreBackups, restoreStoreBackup } from './backups';
import { inspectStore, prepareStore } from './launch';
import { posCallOp, posSignInOp, posSignOutOp, posStoresOp } from './pos';
import { upgradeStore } from './upgrade';

/** Every operation the worker answers, by name. One file per domain; add a domain's ops here. */
export const WORKER_OPS = {
  'launch.prepare': prepareStore,
  'launch.inspect': inspectStore,
  'upgrade.run': upgradeStore,
  'backups.list': listStoreBackups,
  'backups.create': backUpNow,
  'backups.restore': restoreStoreBackup,
  'pos.stores': posStoresOp,
  'pos.signIn': posSignInOp,
  'pos.signOut': posSignOutOp,
  'pos.call': posCallOp,
};

export type WorkerOps = typeof WORKER_OPS;
