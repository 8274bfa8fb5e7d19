import { ACCESS_CHECK_OP, checkAccess } from './access';
import { backUpNow, listStoreBackups, restoreStoreBackup, storeRestoreImpact } from './backups';
import { inspectStore, prepareStore } from './launch';
import { posCallOp, posMeOp, posSignInOp, posSignOutOp, posStoresOp, posSwitchUserOp, posUnlockSessionOp } from './pos';
import { syncNowOp, syncPanelOp, syncResolveOp, syncStatusOp } from './sync';
import { upgradeStore } from './upgrade';

/** Every operation the worker answers, by name. One file per domain; add a domain's ops here. */
export const WORKER_OPS = {
  [ACCESS_CHECK_OP]: checkAccess,
  'launch.prepare': prepareStore,
  'launch.inspect': inspectStore,
  'upgrade.run': upgradeStore,
  'backups.list': listStoreBackups,
  'backups.create': backUpNow,
  'backups.restore': restoreStoreBackup,
  'backups.restoreImpact': storeRestoreImpact,
  'pos.stores': posStoresOp,
  'pos.signIn': posSignInOp,
  'pos.signOut': posSignOutOp,
  'pos.me': posMeOp,
  'pos.switchUser': posSwitchUserOp,
  'pos.unlockSession': posUnlockSessionOp,
  'pos.call': posCallOp,
  'sync.status': syncStatusOp,
  'sync.panel': syncPanelOp,
  'sync.now': syncNowOp,
  'sync.resolve': syncResolveOp,
};

export type WorkerOps = typeof WORKER_OPS;

/** The POS operations share the worker's long-lived store connection; all others run with it closed. */
export const OPS_SHARING_THE_STORE: ReadonlySet<string> = new Set([
  ACCESS_CHECK_OP,
  'pos.stores',
  'pos.signIn',
  'pos.signOut',
  'pos.me',
  'pos.switchUser',
  'pos.unlockSession',
  'pos.call',
  'sync.status',
  'sync.panel',
  'sync.now',
  'sync.resolve',
]);
