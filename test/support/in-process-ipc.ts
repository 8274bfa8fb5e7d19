import path from 'node:path';
import { channelOf, type Outcome } from '../../electron/ipc/contract';
import { ipcBindings, type IpcDeps } from '../../electron/ipc/handlers';
import { registerIpc } from '../../electron/ipc/register';
import { trustedSender } from '../../electron/ipc/sender';
import { workerContext, type WorkerContext } from '../../electron/worker/context';
import { WORKER_OPS } from '../../electron/worker/ops';
import { fakeIpcMain, fromPage, PAGE_URL } from '../app/support/fake-ipc';

/**
 * The IPC channels as the page calls them: the real handlers (zod, sender
 * check, the permission table, the session kept in the main process) over the
 * real worker operations, run in this process on the store file `file`,
 * on the test's clock when it gives one (`options.now`).
 */
export function inProcessIpc(file: string, dir: string, options: { now?: () => Date } = {}) {
  const ctx: WorkerContext = workerContext({ databasePath: file, backupDir: path.join(dir, 'backups') }, () => {}, options.now);
  const ops = WORKER_OPS as unknown as Record<string, (args: unknown, ctx: WorkerContext) => unknown>;
  const deps: IpcDeps = {
    client: { call: (async (op: string, args?: unknown) => ops[op]!(args, ctx)) as unknown as IpcDeps['client']['call'] },
    launchState: async () => {
      throw new Error('not used');
    },
    quit: () => {},
    writeClipboard: () => {},
    diagnosticContext: () => ({ appVersion: 'test', runtime: 'test', databasePath: file, backupFolder: dir }),
    receipts: { folder: path.join(dir, 'receipts'), print: async () => true, pdf: async () => new Uint8Array() },
  };
  const fake = fakeIpcMain();
  registerIpc(fake.ipc, ipcBindings(deps), trustedSender(PAGE_URL));
  const call = async <T = Record<string, unknown>>(domain: string, name: string, ...input: unknown[]) =>
    (await fake.call(channelOf(domain, name), fromPage(), ...input)) as Outcome<T>;
  return { call, fake, ctx };
}
