import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

/**
 * Just enough of Electron's main-process API for electron/app/start.ts, with
 * every call recorded. Used through vi.mock('electron') because the Electron
 * binary cannot run here.
 */
export interface FakeState {
  userData: string;
  singleInstance: boolean;
  windows: FakeWindow[];
  handlers: Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>;
  syncListeners: Map<string, (event: { returnValue: unknown }) => void>;
  clipboard: string[];
  permissionHandler: ((contents: unknown, permission: string, callback: (ok: boolean) => void) => void) | null;
  permissionCheckHandler: ((...args: unknown[]) => boolean) | null;
  devicePermissionHandler: ((...args: unknown[]) => boolean) | null;
  /** protocol.registerSchemesAsPrivileged calls, and whether the app was ready yet at each. */
  privilegedSchemes: { schemes: unknown; beforeReady: boolean }[];
  protocolHandlers: Map<string, (request: { url: string; method: string }) => Promise<Response>>;
  ready: boolean;
}

export const state: FakeState = {
  userData: '',
  singleInstance: true,
  windows: [],
  handlers: new Map(),
  syncListeners: new Map(),
  clipboard: [],
  permissionHandler: null,
  permissionCheckHandler: null,
  devicePermissionHandler: null,
  privilegedSchemes: [],
  protocolHandlers: new Map(),
  ready: false,
};

export class FakeContents extends EventEmitter {
  readonly send = vi.fn();
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
}

class FakeApp extends EventEmitter {
  readonly quit = vi.fn();
  readonly exit = vi.fn();
  readonly isPackaged = false;
  requestSingleInstanceLock = vi.fn(() => state.singleInstance);
  whenReady = vi.fn(async () => {
    state.ready = true;
  });
  getPath = vi.fn((name: string) => {
    if (name !== 'userData') throw new Error(`unexpected getPath(${name})`);
    return state.userData;
  });
  getVersion = () => '2.0.0';
}

export const app = new FakeApp();

export class FakeWindow extends EventEmitter {
  readonly webContents = new FakeContents();
  readonly loadFile = vi.fn(async (_file: string) => {});
  readonly loadURL = vi.fn(async (_url: string) => {});
  readonly show = vi.fn();
  readonly focus = vi.fn();
  readonly restore = vi.fn();
  minimized = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    state.windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  isDestroyed = () => false;
  isMinimized = () => this.minimized;
}

export const ipcMain = {
  handle: vi.fn((channel: string, listener: (event: unknown, ...args: unknown[]) => Promise<unknown>) => {
    if (state.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    state.handlers.set(channel, listener);
  }),
  removeHandler: vi.fn((channel: string) => state.handlers.delete(channel)),
  on: vi.fn((channel: string, listener: (event: { returnValue: unknown }) => void) => state.syncListeners.set(channel, listener)),
  removeAllListeners: vi.fn((channel: string) => state.syncListeners.delete(channel)),
};

export const clipboard = { writeText: vi.fn((text: string) => state.clipboard.push(text)) };

export const session = {
  defaultSession: {
    setPermissionRequestHandler: vi.fn((h: FakeState['permissionHandler']) => {
      state.permissionHandler = h;
    }),
    setPermissionCheckHandler: vi.fn((h: FakeState['permissionCheckHandler']) => {
      state.permissionCheckHandler = h;
    }),
    setDevicePermissionHandler: vi.fn((h: FakeState['devicePermissionHandler']) => {
      state.devicePermissionHandler = h;
    }),
  },
};

export const protocol = {
  registerSchemesAsPrivileged: vi.fn((schemes: unknown) => state.privilegedSchemes.push({ schemes, beforeReady: !state.ready })),
  handle: vi.fn((scheme: string, handler: (request: { url: string; method: string }) => Promise<Response>) => {
    if (!state.ready) throw new Error('protocol.handle before the app is ready');
    state.protocolHandlers.set(scheme, handler);
  }),
};

export function resetElectron(userData: string, singleInstance = true): void {
  Object.assign(state, {
    userData,
    singleInstance,
    windows: [],
    handlers: new Map(),
    syncListeners: new Map(),
    clipboard: [],
    permissionHandler: null,
    permissionCheckHandler: null,
    devicePermissionHandler: null,
    privilegedSchemes: [],
    protocolHandlers: new Map(),
    ready: false,
  });
  app.removeAllListeners();
  vi.clearAllMocks();
}

export const electron = { app, BrowserWindow: FakeWindow, ipcMain, clipboard, session, protocol };
