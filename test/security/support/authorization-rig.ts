import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { channelOf, type Outcome } from '../../../electron/ipc/contract';
import { ipcBindings, type IpcDeps } from '../../../electron/ipc/handlers';
import { registerIpc } from '../../../electron/ipc/register';
import { trustedSender } from '../../../electron/ipc/sender';
import { openDatabase, type Db } from '../../../electron/db/open';
import { DbClient, threadWorker } from '../../../electron/worker/client';
import { distPath } from '../../app/support/build';
import { fakeIpcMain, fromPage, PAGE_URL } from '../../app/support/fake-ipc';

/**
 * One till as the page meets it: the real IPC handlers (sender check, zod,
 * the permission guard, the session and the technician grant kept in the main
 * process) over the real bundled worker thread (dist/electron/worker.cjs) on a
 * store file. `restartWorker` closes the worker and starts another on the
 * same file, as a crash or a restart of the app would (the window's session
 * and grant survive a worker crash; the file is all the worker keeps).
 */
export function tillRig(file: string) {
  const folder = path.dirname(file);
  const config = { databasePath: file, backupDir: path.join(folder, 'backups') };
  let client = new DbClient(threadWorker(distPath('electron', 'worker.cjs'), config));
  const deps: IpcDeps = {
    client: { call: ((op: never, args?: never) => client.call(op, args as never)) as unknown as IpcDeps['client']['call'] },
    launchState: async () => ({ kind: 'test' }) as never,
    quit: () => {},
    writeClipboard: () => {},
    diagnosticContext: () => ({ appVersion: 'test', runtime: 'test', databasePath: file, backupFolder: config.backupDir }),
    receipts: { folder: path.join(folder, 'receipts'), print: async () => true, pdf: async () => new Uint8Array([37, 80, 68, 70]) },
  };
  const fake = fakeIpcMain();
  registerIpc(fake.ipc, ipcBindings(deps), trustedSender(PAGE_URL));
  return {
    file,
    config,
    /** A channel as the page calls it: `pos:backups:restore` by its table key `backups.restore`. */
    call: async <T = unknown>(key: string, ...input: unknown[]): Promise<Outcome<T>> => {
      const [domain, name] = key.split('.') as [string, string];
      return (await fake.call(channelOf(domain, name), fromPage(), ...input)) as Outcome<T>;
    },
    async restartWorker() {
      await client.close();
      client = new DbClient(threadWorker(distPath('electron', 'worker.cjs'), config));
    },
    close: () => client.close(),
  };
}
export type TillRig = ReturnType<typeof tillRig>;

/**
 * A sha256 of every table of the file (every table SQLite has, the
 * bookkeeping ones included), each row in the table's own order, plus the
 * backup folder's file names: equal before and after a call means the call
 * changed nothing.
 */
export function storeState(file: string, backupDir: string): Record<string, string> {
  const db: Db = openDatabase(file, { readonly: true });
  try {
    const out: Record<string, string> = {};
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all() as string[];
    for (const t of tables) {
      const hash = crypto.createHash('sha256');
      for (const row of db.prepare(`SELECT * FROM "${t}"`).raw(true).iterate() as Iterable<unknown[]>) hash.update(rowText(row));
      out[t] = hash.digest('hex');
    }
    out['(backup folder)'] = fs.existsSync(backupDir) ? fs.readdirSync(backupDir).sort().join(',') : '';
    return out;
  } finally {
    db.close();
  }
}

/** A row as text: each value with its type, NULL apart from '', so two different rows never read the same. */
const rowText = (row: unknown[]): string =>
  row
    .map((v) => (v === null ? '\u0000N' : Buffer.isBuffer(v) ? `b${v.toString('base64')}` : `${typeof v === 'number' ? 'n' : 's'}${String(v)}`))
    .join('\u0001') + '\u0002';

/** A test's own write to the file while the worker runs (WAL: both see each other's commits). */
export function onFile<T>(file: string, body: (db: Db) => T): T {
  const db = openDatabase(file);
  try {
    return body(db);
  } finally {
    db.close();
  }
}
