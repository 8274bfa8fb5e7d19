import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import * as electronModule from 'electron';
import { PAGE_URL } from '../../electron/app/protocol';
import { startApp, type ElectronApi } from '../../electron/app/start';
import { channelOf } from '../../electron/ipc/contract';
import { CONTRACTS } from '../../electron/ipc/contracts';
import { openDatabase } from '../../electron/db/open';
import { setTechnicianCodeOfFile } from '../../electron/security/technician-code';
import { threadWorker } from '../../electron/worker/client';
import { tempDir } from '../helpers';
import { distPath, ensureBuilt } from './support/build';
import { app, resetElectron, state, type FakeWindow } from './support/fake-electron';

vi.mock('electron', async () => (await import('./support/fake-electron')).electron);

const electron = electronModule as unknown as ElectronApi;
const root = tempDir('pos-main-');
let n = 0;
const running: { close(): Promise<void> }[] = [];

beforeAll(() => ensureBuilt('node'), 120_000);
beforeEach(async () => {
  await Promise.all(running.splice(0).map((c) => c.close()));
  resetElectron(path.join(root, `userData-${n++}`));
});

/** startApp as main.ts calls it, with the real database worker (dist/electron/worker.cjs) on a temp userData. */
async function start(argv: string[] = [], env: Record<string, string> = {}) {
  const log: string[] = [];
  const started = await startApp(electron, {
    bundleDir: distPath('electron'),
    argv,
    env,
    spawnWorker: (_script, config) => threadWorker(distPath('electron', 'worker.cjs'), config),
    log: (l) => log.push(l),
  });
  if (started) running.push(started.client);
  const window = state.windows[0] as FakeWindow;
  const pageUrl = PAGE_URL;
  const invoke = (channel: string, ...args: unknown[]) => {
    const h = state.handlers.get(channel);
    if (!h) throw new Error(`no handler for ${channel}`);
    return h({ senderFrame: { url: pageUrl, parent: null } }, ...args);
  };
  return { started, window, log, invoke };
}

describe('the main process', () => {
  it('opens one secure window at the till size and loads the bundled page', async () => {
    const { started, window } = await start();
    expect(app.requestSingleInstanceLock).toHaveBeenCalled();
    expect(state.windows).toHaveLength(1);
    const prefs = window.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(prefs.preload).toBe(distPath('electron', 'preload.cjs'));
    expect(window.options).toMatchObject({ width: 1024, height: 768, minWidth: 1024, minHeight: 768, show: false });
    expect(window.loadURL).toHaveBeenCalledWith('app://pos/index.html');
    expect(window.loadFile).not.toHaveBeenCalled();
    expect(started?.paths.database).toBe(path.join(state.userData, 'pos.sqlite'));
    expect(started?.paths.backups).toBe(path.join(state.userData, 'backups'));
    window.emit('ready-to-show');
    expect(window.show).toHaveBeenCalled();
  });

  it('leaves at once when another copy is running, and the first copy comes to the front', async () => {
    state.singleInstance = false;
    const second = await start();
    expect(second.started).toBeNull();
    expect(app.quit).toHaveBeenCalled();
    expect(state.windows).toHaveLength(0);

    resetElectron(path.join(root, `userData-${n++}`));
    const first = await start();
    first.window.minimized = true;
    app.emit('second-instance');
    expect(first.window.restore).toHaveBeenCalled();
    expect(first.window.focus).toHaveBeenCalled();
  });

  it('blocks navigation, redirects, webviews, new windows, permission requests, checks and devices', async () => {
    const { window, log } = await start();
    for (const event of ['will-navigate', 'will-redirect']) {
      const e = { preventDefault: vi.fn() };
      window.webContents.emit(event, e, 'https://evil.example/');
      expect(e.preventDefault).toHaveBeenCalled();
    }
    const webview = { preventDefault: vi.fn() };
    window.webContents.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();
    expect(window.webContents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(log.join('\n')).toMatch(/blocked navigation to https:\/\/evil\.example/);
    const answer = vi.fn();
    state.permissionHandler?.({}, 'media', answer);
    expect(answer).toHaveBeenCalledWith(false);
    for (const permission of ['media', 'clipboard-read', 'hid', 'serial', 'usb', 'notifications']) {
      expect(state.permissionCheckHandler?.({}, permission, 'app://pos', {})).toBe(false);
    }
    expect(state.devicePermissionHandler?.({ deviceType: 'usb', origin: 'app://pos' })).toBe(false);
  });

  it('registers a handler for every contract operation, and refuses a foreign sender', async () => {
    const { started } = await start();
    expect([...state.handlers.keys()].sort()).toEqual(CONTRACTS.flatMap((c) => Object.keys(c.operations).map((o) => channelOf(c.domain, o))).sort());
    const h = state.handlers.get(channelOf('backups', 'list'));
    expect(await h?.({ senderFrame: { url: 'https://evil.example/', parent: null } })).toMatchObject({ ok: false, error: { code: 'IPC_FOREIGN_SENDER' } });
    expect(started).not.toBeNull();
  });

  describe('decides the first screen from the database in userData', () => {
    it('fresh install: creates the demo store at the legacy schema, then the Upgrade screen', async () => {
      const { invoke } = await start();
      const out = await invoke(channelOf('app', 'launchState'));
      expect(out).toMatchObject({
        ok: true,
        value: { screen: 'upgrade', schemaVersion: '0001-legacy-schema', store: { createdDemo: true, name: 'CAPS Automotive' } },
      });
      expect(fs.existsSync(path.join(state.userData, 'pos.sqlite'))).toBe(true);
    });

    it('--no-demo: an empty store at the current schema, straight to the POS', async () => {
      const { invoke } = await start(['--no-demo']);
      expect(await invoke(channelOf('app', 'launchState'))).toMatchObject({ ok: true, value: { screen: 'pos', store: { createdDemo: false } } });
    });

    it('a database written by a newer version: the Future screen, file untouched', async () => {
      fs.mkdirSync(state.userData, { recursive: true });
      const file = path.join(state.userData, 'pos.sqlite');
      const db = openDatabase(file, { create: true });
      db.exec(
        `CREATE TABLE schema_migrations (name TEXT PRIMARY KEY NOT NULL, executed_at TEXT NOT NULL); INSERT INTO schema_migrations VALUES ('0001-legacy-schema', 'x'), ('0042-from-the-future', 'y');`,
      );
      db.close();
      const before = fs.readFileSync(file);
      const { invoke } = await start();
      expect(await invoke(channelOf('app', 'launchState'))).toMatchObject({ ok: true, value: { screen: 'future', unknown: ['0042-from-the-future'] } });
      expect(fs.readFileSync(file).equals(before)).toBe(true);
    });

    it('a file that is not a database: the Problem screen with the typed error', async () => {
      fs.mkdirSync(state.userData, { recursive: true });
      fs.writeFileSync(path.join(state.userData, 'pos.sqlite'), 'not sqlite');
      const { invoke } = await start();
      expect(await invoke(channelOf('app', 'launchState'))).toMatchObject({ ok: true, value: { screen: 'problem', error: { code: 'NOT_A_DATABASE' } } });
    });
  });

  it('relays the worker progress events to the window on the contract channel', async () => {
    const { invoke, window } = await start();
    await invoke(channelOf('app', 'launchState'));
    // No one is signed in: the Backups need the technician code (set as pos-db does, typed at the window).
    setTechnicianCodeOfFile({ file: path.join(state.userData, 'pos.sqlite'), code: '730418', via: 'pos-db' });
    expect(await invoke(channelOf('backups', 'technicianCode'), { code: '730418' })).toMatchObject({ ok: true });
    expect(await invoke(channelOf('backups', 'create'))).toMatchObject({ ok: true, value: { reason: 'manual' } });
    const channels = window.webContents.send.mock.calls.map((c) => c[0]);
    expect(channels).toContain(channelOf('backups', 'progress'));
    expect(new Set(channels)).toEqual(new Set([channelOf('backups', 'progress')]));
  });

  it('quits when asked by the page, and when its window closes', async () => {
    const { invoke } = await start();
    expect(await invoke(channelOf('app', 'quit'))).toEqual({ ok: true, value: undefined });
    expect(app.quit).toHaveBeenCalledTimes(1);
    app.emit('window-all-closed');
    expect(app.quit).toHaveBeenCalledTimes(2);
  });
});
