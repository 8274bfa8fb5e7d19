import type * as ElectronModule from 'electron';
import { CONTRACTS } from '../ipc/contracts';
import { ipcBindings } from '../ipc/handlers';
import { fileIncidentLog } from '../ipc/incidents';
import { registerIpc, type IpcMainLike } from '../ipc/register';
import { eventRelay } from '../ipc/relay';
import { trustedSender } from '../ipc/sender';
import { DbClient, threadWorker, type WorkerLike } from '../worker/client';
import { verifiedSpawn } from '../worker/integrity';
import type { WorkerConfig } from '../worker/protocol';
import { launchService } from './launch-service';
import { launchOptions } from './options';
import { appPaths, type AppPaths } from './paths';
import { APP_SCHEME, PAGE_URL, PRIVILEGED_SCHEMES, rendererResponse } from './protocol';
import { lockDownContents, mainWindowOptions } from './window';

export type ElectronApi = Pick<typeof ElectronModule, 'app' | 'BrowserWindow' | 'ipcMain' | 'clipboard' | 'session' | 'protocol'>;

export interface StartOptions {
  /** The folder of the bundled main.cjs (dist/electron, or inside app.asar when packaged). */
  bundleDir: string;
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  /** How the database worker is started; a worker thread unless a test swaps it. */
  spawnWorker?: (script: string, config: WorkerConfig) => () => WorkerLike;
  log?: (line: string) => void;
}

export interface RunningApp {
  window: ElectronModule.BrowserWindow;
  client: DbClient;
  paths: AppPaths;
}

/**
 * The main process: one instance, one window, and a worker that owns SQLite.
 * The main process itself only decides, relays and shows; it never opens the database.
 */
export async function startApp(electron: ElectronApi, options: StartOptions): Promise<RunningApp | null> {
  const { app, BrowserWindow, ipcMain, clipboard, session, protocol } = electron;
  const log = options.log ?? ((line: string) => console.log(`[pos] ${line}`));

  // A second copy would fight the first over the database file: hand over to the first and leave.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  let window: ElectronModule.BrowserWindow | null = null;
  app.on('second-instance', () => {
    if (!window || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents, log));
  app.on('window-all-closed', () => app.quit());
  // Before ready, or Electron ignores it: app:// is a standard, secure origin of its own.
  protocol.registerSchemesAsPrivileged(PRIVILEGED_SCHEMES);

  await app.whenReady();
  // The page needs no permission at all (camera, notifications, USB, HID, serial...): every request and check is refused.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  session.defaultSession.setDevicePermissionHandler(() => false);

  const paths = appPaths(app.getPath('userData'), options.bundleDir);
  protocol.handle(APP_SCHEME, (request) => rendererResponse(paths.rendererDir, request));
  const incidents = fileIncidentLog(paths.incidents, log);
  // The worker is unpacked from the asar: its bundle is checked against the build's sha256 every time it starts.
  const spawn = verifiedSpawn(
    paths.worker,
    paths.integrity,
    (options.spawnWorker ?? threadWorker)(paths.worker, { databasePath: paths.database, backupDir: paths.backups }),
  );
  const client = new DbClient(spawn);
  const launch = launchService(client, paths, launchOptions(options.argv, options.env), incidents);
  // Create the demo store (fresh install) while the window loads; launchState() reports any failure.
  launch.prepare().catch((err: Error) => log(`preparing the store database failed: ${err.message}`));

  const win = new BrowserWindow(mainWindowOptions(paths.preload, !app.isPackaged));
  window = win;
  registerIpc(
    ipcMain as unknown as IpcMainLike,
    ipcBindings({
      client,
      launchState: () => launch.state(),
      quit: () => app.quit(),
      writeClipboard: (text) => clipboard.writeText(text),
      diagnosticContext: () => ({
        appVersion: app.getVersion(),
        runtime: `${process.platform} ${process.arch}, Electron ${process.versions.electron ?? '?'}`,
        databasePath: paths.database,
        backupFolder: paths.backups,
      }),
      receipts: {
        folder: paths.receipts,
        // The receipt is what the page's print styles leave visible; 80 mm paper, as a counter printer has.
        print: () => new Promise<boolean>((resolve) => win.webContents.print({ silent: false, printBackground: true }, (ok) => resolve(ok))),
        pdf: () =>
          win.webContents.printToPDF({ printBackground: true, pageSize: { width: 3.15, height: 11 }, margins: { top: 0, bottom: 0, left: 0, right: 0 } }),
      },
    }),
    trustedSender(PAGE_URL),
    log,
    incidents,
  );
  client.onEvent(
    eventRelay(CONTRACTS, (channel, payload) => {
      if (!win.isDestroyed()) win.webContents.send(channel, payload);
    }),
  );
  win.once('ready-to-show', () => win.show());
  app.on('will-quit', () => {
    void client.close();
  });
  await win.loadURL(PAGE_URL);
  return { window: win, client, paths };
}
