import type { DbClient } from '../worker/client';
import { toErrorInfo } from '../errors';
import { launchState, type FreshInstallAction, type LaunchState, type StoreInfo } from '../upgrade/launch-state';
import type { LaunchOptions } from './options';
import type { AppPaths } from './paths';

/** The store's display name until tenants have names of their own (issue 6). */
export const STORE_NAME = 'CAPS Automotive';

/**
 * Prepares the store database once per run (a fresh install gets the demo
 * store) and answers "which screen?" from what the worker reads. Any error
 * opening the file becomes the Problem screen, never a crash.
 */
export function launchService(client: Pick<DbClient, 'call'>, paths: Pick<AppPaths, 'database' | 'backups'>, options: LaunchOptions) {
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
      const store = (): StoreInfo => ({ name: STORE_NAME, databasePath: paths.database, backupFolder: paths.backups, createdDemo });
      try {
        await prepare();
        return launchState(await client.call('launch.inspect'), store());
      } catch (err) {
        return { screen: 'problem', error: toErrorInfo(err), store: store() };
      }
    },
  };
}
