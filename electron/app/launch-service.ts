import type { DbClient } from '../worker/client';
import { toErrorInfo } from '../errors';
import { forPage, type IncidentLog } from '../ipc/incidents';
import { estimateUpgradeMs } from '../upgrade/estimate';
import { launchState, type FreshInstallAction, type LaunchState, type StoreInfo } from '../upgrade/launch-state';
import type { LaunchOptions } from './options';
import type { AppPaths } from './paths';

/**
 * Prepares the store database once per run (a fresh install gets the demo
 * store) and answers "which screen?" from what the worker reads. Any error
 * opening the file becomes the Problem screen, never a crash.
 */
export function launchService(
  client: Pick<DbClient, 'call'>,
  paths: Pick<AppPaths, 'database' | 'backups'>,
  options: LaunchOptions,
  /** Where an unexpected error's raw text goes; the Problem screen shows its support code. */
  incidents?: IncidentLog,
) {
  let prepared: Promise<FreshInstallAction> | null = null;
  let createdDemo = false;

  const prepare = (): Promise<FreshInstallAction> => {
    prepared ??= client.call('launch.prepare', { demo: options.demo }).then(
      ({ action }) => {
        createdDemo = action === 'create-demo';
        return action;
      },
      (err: unknown) => {
        prepared = null; // a later launchState() tries again
        throw err;
      },
    );
    return prepared;
  };

  return {
    prepare,
    async state(): Promise<LaunchState> {
      // Before the file can be read (the Problem screen) the store has no name of its own yet.
      const store = (name = 'this store', more: Partial<StoreInfo> = {}): StoreInfo => ({
        name,
        databasePath: paths.database,
        backupFolder: paths.backups,
        createdDemo,
        support: null,
        sizeBytes: null,
        upgradeEstimateMs: null,
        ...more,
      });
      try {
        await prepare();
        const { status, storeName, support, sizeBytes } = await client.call('launch.inspect');
        return launchState(status, store(storeName, { support, sizeBytes, upgradeEstimateMs: estimateUpgradeMs(sizeBytes) }));
      } catch (err) {
        const error = toErrorInfo(err);
        return { screen: 'problem', error: incidents ? forPage('app.launchState', error, incidents) : error, store: store() };
      }
    },
  };
}
