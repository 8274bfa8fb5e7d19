import { EventEmitter } from 'node:events';
import type { ElectronApi } from '../../../electron/app/start';

export type IpcListener = (event: unknown, ...args: unknown[]) => Promise<unknown>;

/**
 * The few Electron main-process objects startApp uses, for running the real
 * main-process code in the test process (the Electron binary cannot run here).
 * The window's webContents.send goes to the Chromium page; the page's calls
 * come in through `handlers`, registered by startApp exactly as on ipcMain.
 */
export interface PrintShim {
  /** What webContents.printToPDF answers: the page as Chromium prints it (the harness passes Playwright's page.pdf). */
  pdf(): Promise<Uint8Array>;
}

export function electronShim(userData: string, send: (channel: string, payload: unknown) => void, printing?: PrintShim) {
  const handlers = new Map<string, IpcListener>();
  const syncListeners = new Map<string, (event: { returnValue: unknown }) => void>();
  const clipboard: string[] = [];
  const loaded: string[] = [];
  /** What startApp registered with protocol.handle, by scheme: the harness serves the page through it. */
  const protocols = new Map<string, (request: { url: string; method: string }) => Promise<Response>>();
  /** Every webContents.print call: the receipt was sent to the printer (no printer here: Electron's dialog would open). */
  const prints: unknown[] = [];
  let quits = 0;

  const app = Object.assign(new EventEmitter(), {
    isPackaged: true,
    requestSingleInstanceLock: () => true,
    whenReady: async () => {},
    getPath: (name: string) => {
      if (name !== 'userData') throw new Error(`getPath(${name}) is not shimmed`);
      return userData;
    },
    getVersion: () => '2.0.0',
    quit: () => {
      quits++;
    },
    exit: () => {},
  });

  class BrowserWindow extends EventEmitter {
    readonly webContents = Object.assign(new EventEmitter(), {
      send,
      setWindowOpenHandler: () => {},
      print: (options: unknown, done: (ok: boolean) => void) => {
        prints.push(options);
        done(true);
      },
      printToPDF: async () => {
        if (!printing) throw new Error('printToPDF is not shimmed for this test');
        return Buffer.from(await printing.pdf());
      },
    });
    constructor(readonly options: unknown) {
      super();
      app.emit('web-contents-created', {}, this.webContents);
    }
    async loadFile(file: string) {
      loaded.push(file);
    }
    async loadURL(url: string) {
      loaded.push(url);
    }
    show() {}
    focus() {}
    restore() {}
    isDestroyed = () => false;
    isMinimized = () => false;
  }

  const electron = {
    app,
    BrowserWindow,
    ipcMain: {
      handle: (channel: string, listener: IpcListener) => handlers.set(channel, listener),
      removeHandler: (channel: string) => handlers.delete(channel),
      on: (channel: string, listener: (event: { returnValue: unknown }) => void) => syncListeners.set(channel, listener),
      removeAllListeners: (channel: string) => syncListeners.delete(channel),
    },
    clipboard: { writeText: (text: string) => clipboard.push(text) },
    session: { defaultSession: { setPermissionRequestHandler: () => {}, setPermissionCheckHandler: () => {}, setDevicePermissionHandler: () => {} } },
    protocol: {
      registerSchemesAsPrivileged: () => {},
      handle: (scheme: string, handler: (request: { url: string; method: string }) => Promise<Response>) => protocols.set(scheme, handler),
    },
  } as unknown as ElectronApi;

  /** Answers a synchronous ipcRenderer.sendSync from `url`, as Electron would, through the listener startApp registered. */
  const sendSync = (channel: string, url: string): unknown => {
    const listener = syncListeners.get(channel);
    if (!listener) throw new Error(`no listener for ${channel}`);
    const event = { senderFrame: { url, parent: null }, returnValue: undefined as unknown };
    listener(event);
    return event.returnValue;
  };

  return { electron, handlers, clipboard, loaded, prints, protocols, quitCount: () => quits, sendSync };
}
