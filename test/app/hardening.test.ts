import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import * as electronModule from 'electron';
import { CONTENT_SECURITY_POLICY, PAGE_URL } from '../../electron/app/protocol';
import { startApp, type ElectronApi } from '../../electron/app/start';
import { channelOf } from '../../electron/ipc/contract';
import { threadWorker } from '../../electron/worker/client';
import { unexpectedErrorInfo, type ErrorInfo } from '../../electron/errors';
import { ipcBindings, type IpcDeps } from '../../electron/ipc/handlers';
import { fileIncidentLog } from '../../electron/ipc/incidents';
import { registerIpc } from '../../electron/ipc/register';
import { trustedSender } from '../../electron/ipc/sender';
import { WorkerOperationError } from '../../electron/worker/errors';
import { tempDir } from '../helpers';
import { fakeIpcMain } from './support/fake-ipc';
import { distPath, ensureBuilt } from './support/build';
import { resetElectron, state } from './support/fake-electron';

vi.mock('electron', async () => (await import('./support/fake-electron')).electron);

/**
 * Issue 11 item 5, through the real startApp with a fake Electron: the
 * renderer comes from app://pos (not file://) with the CSP on every response,
 * the worker bundle is checked against the build's sha256 before it starts,
 * and an unexpected error reaches the page as a support code.
 */
const electron = electronModule as unknown as ElectronApi;
const root = tempDir('pos-hardening-');
let n = 0;
const running: { close(): Promise<void> }[] = [];

beforeAll(() => ensureBuilt('node', 'renderer'), 240_000);
beforeEach(async () => {
  await Promise.all(running.splice(0).map((c) => c.close()));
  resetElectron(path.join(root, `userData-${n++}`));
});

/** A copy of dist/electron in a temp folder (so a test may tamper with the worker), started as main.ts would. */
async function startFrom(bundleDir = distPath('electron')) {
  const log: string[] = [];
  const started = await startApp(electron, {
    bundleDir,
    argv: [],
    env: {},
    spawnWorker: (script, config) => threadWorker(script, config),
    log: (l) => log.push(l),
  });
  if (started) running.push(started.client);
  const invoke = (channel: string, ...args: unknown[]) => state.handlers.get(channel)!({ senderFrame: { url: PAGE_URL, parent: null } }, ...args);
  return { started, invoke, log };
}

/** Inside the project, so the copied worker still finds better-sqlite3 in node_modules (it is external to the bundle). */
const bundles = path.resolve(__dirname, '../../test-results/hardening-bundles');
afterAll(() => fs.rmSync(bundles, { recursive: true, force: true }));

function copyOfBundle(): string {
  const dir = path.join(bundles, `${process.pid}-${n++}`, 'electron');
  fs.cpSync(distPath('electron'), dir, { recursive: true });
  fs.cpSync(distPath('renderer'), path.join(dir, '..', 'renderer'), { recursive: true });
  return dir;
}

describe('the renderer is served from app://pos', () => {
  it('registers app as a privileged scheme before ready, and loads the page from it', async () => {
    await startFrom();
    expect(state.privilegedSchemes).toEqual([{ schemes: [{ scheme: 'app', privileges: { standard: true, secure: true } }], beforeReady: true }]);
    expect(state.windows[0]?.loadURL).toHaveBeenCalledWith('app://pos/index.html');
  });

  it('serves the built page and its bundle with the CSP, and nothing outside dist/renderer', async () => {
    await startFrom();
    const handler = state.protocolHandlers.get('app')!;
    const page = await handler({ url: PAGE_URL, method: 'GET' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    const script = /<script[^>]+src="\.\/([^"]+)"/.exec(await page.text())?.[1];
    expect(script).toMatch(/^assets\/.+\.js$/);
    const js = await handler({ url: `app://pos/${script}`, method: 'GET' });
    expect([js.status, js.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8']);

    for (const url of [
      'app://pos/../electron/main.cjs',
      'app://pos/%2e%2e/electron/main.cjs',
      'app://pos/..%2felectron%2fmain.cjs',
      'app://other/index.html',
    ]) {
      const refused = await handler({ url, method: 'GET' });
      expect([url, refused.status]).toEqual([url, 404]);
      expect(refused.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    }
  });

  it('only our page on app://pos may call the main process (a file:// page may not)', async () => {
    await startFrom();
    const h = state.handlers.get(channelOf('backups', 'list'))!;
    const fromFile = await h({ senderFrame: { url: `file://${distPath('renderer', 'index.html')}`, parent: null } });
    expect(fromFile).toMatchObject({ ok: false, error: { code: 'IPC_FOREIGN_SENDER' } });
  });
});

describe('the worker bundle is checked before it starts', () => {
  it('starts the worker the build fingerprinted', async () => {
    const { invoke } = await startFrom(copyOfBundle());
    expect(await invoke(channelOf('pos', 'stores'))).toMatchObject({ ok: true });
  });

  it('a changed worker is never started: every call fails with WORKER_INTEGRITY, and the database is not even created', async () => {
    const bundle = copyOfBundle();
    fs.appendFileSync(path.join(bundle, 'worker.cjs'), '\n// tampered\n');
    const { invoke, started } = await startFrom(bundle);
    expect(await invoke(channelOf('backups', 'list'))).toMatchObject({ ok: false, error: { code: 'WORKER_INTEGRITY' } });
    expect(await invoke(channelOf('app', 'launchState'))).toMatchObject({ ok: true, value: { screen: 'problem', error: { code: 'WORKER_INTEGRITY' } } });
    expect(fs.existsSync(started!.paths.database)).toBe(false);
  });

  it('a missing fingerprint file refuses the worker too', async () => {
    const bundle = copyOfBundle();
    fs.rmSync(path.join(bundle, 'integrity.json'));
    const { invoke } = await startFrom(bundle);
    expect(await invoke(channelOf('backups', 'list'))).toMatchObject({ ok: false, error: { code: 'WORKER_INTEGRITY' } });
  });
});

describe('an unexpected error reaches the page as a support code', () => {
  /** The real IPC registration and handlers, on a worker client whose call fails as the worker reports a bare SQLite error. */
  function ipcFailingWith(info: ErrorInfo, incidentsFile: string) {
    const fake = fakeIpcMain();
    const client = { call: async () => Promise.reject(new WorkerOperationError(info)) } as unknown as IpcDeps['client'];
    const deps: IpcDeps = {
      client,
      launchState: async () => Promise.reject(new Error('unused')),
      quit: () => {},
      writeClipboard: () => {},
      diagnosticContext: () => ({ appVersion: '2.0.0', runtime: 'test', databasePath: 'x', backupFolder: 'y' }),
      receipts: { folder: root, print: async () => true, pdf: async () => Buffer.from('') },
    };
    registerIpc(fake.ipc, ipcBindings(deps), trustedSender(PAGE_URL), () => {}, fileIncidentLog(incidentsFile));
    return (channel: string, input?: unknown) => fake.call(channel, { senderFrame: { url: PAGE_URL, parent: null } }, input);
  }

  it('the page gets a generic message and a support code; the raw SQLite text is only in the incidents log, under that code', async () => {
    const incidents = path.join(root, `incidents-${n++}.log`);
    const raw = 'SqliteError: no such column: gift_cards.tenant_idx in SELECT * FROM gift_cards WHERE tenant_id = ?';
    const invoke = ipcFailingWith(unexpectedErrorInfo(raw, 'SqliteError'), incidents);
    const out = (await invoke(channelOf('backups', 'list'))) as { ok: false; error: ErrorInfo };
    expect(out.ok).toBe(false);
    expect(out.error.code).toBe('UNEXPECTED');
    expect(out.error.supportCode).toMatch(/^POS-[A-Z2-9]{6}$/);
    expect(JSON.stringify(out)).not.toMatch(/gift_cards|SELECT|Sqlite|column/i);
    expect(out.error.hint).toContain(out.error.supportCode);
    const lines = fs
      .readFileSync(incidents, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      expect.objectContaining({ supportCode: out.error.supportCode, channel: channelOf('backups', 'list'), name: 'SqliteError', message: raw }),
    ]);
  });

  it('our own typed errors pass as they are (they already say what to do), and log nothing', async () => {
    const incidents = path.join(root, `incidents-${n++}.log`);
    const invoke = ipcFailingWith({ code: 'DB_BUSY', name: 'DatabaseBusyError', message: 'x is in use', hint: 'Close POS Desktop' }, incidents);
    expect(await invoke(channelOf('backups', 'list'))).toEqual({
      ok: false,
      error: { code: 'DB_BUSY', name: 'DatabaseBusyError', message: 'x is in use', hint: 'Close POS Desktop' },
    });
    expect(fs.existsSync(incidents)).toBe(false);
  });
});
