import path from 'node:path';
import { databaseContentHashes } from '../../electron/db/content-hash';
import { openDatabase, type Db } from '../../electron/db/open';
import { channelOf, type Outcome } from '../../electron/ipc/contract';
import { ipcBindings, type IpcDeps } from '../../electron/ipc/handlers';
import { registerIpc } from '../../electron/ipc/register';
import { trustedSender } from '../../electron/ipc/sender';
import { workerContext, type WorkerContext } from '../../electron/worker/context';
import { WORKER_OPS } from '../../electron/worker/ops';
import { fakeIpcMain, fromPage, PAGE_URL } from '../app/support/fake-ipc';
import { copyDatabase } from '../helpers';

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

/**
 * A till for the security tests: a copy of the store file `fixture` named `name` in `dir`, its IPC channels
 * in process on a clock the test moves (from 2026-12-03 09:00 UTC), and read-only looks at the file.
 */
export function clockedTill(fixture: string, dir: string, name: string) {
  const file = copyDatabase(fixture, path.join(dir, `${name}.sqlite`));
  let nowMs = Date.parse('2026-12-03T09:00:00.000Z');
  const { call } = inProcessIpc(file, dir, { now: () => new Date(nowMs) });
  const pos = <T = unknown>(op: string, ...input: unknown[]) => call<T>('pos', op, ...input);
  /** The call's value; its error as an exception. */
  const ok = async <T = unknown>(op: string, ...input: unknown[]) => {
    const o = await pos<T>(op, ...input);
    if (!o.ok) throw new Error(`${op}: ${o.error.code} ${o.error.message}`);
    return o.value;
  };
  const reading = <T>(look: (db: Db) => T): T => {
    const db = openDatabase(file, { readonly: true });
    try {
      return look(db);
    } finally {
      db.close();
    }
  };
  return {
    file,
    call,
    pos,
    ok,
    read: <T>(sql: string, ...args: unknown[]) => reading((db) => db.prepare(sql).all(...args) as T[]),
    contents: () => reading(databaseContentHashes),
    now: () => new Date(nowMs),
    advance: (ms: number) => void (nowMs += ms),
  };
}
