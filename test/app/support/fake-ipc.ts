import type { IpcMainLike } from '../../../electron/ipc/register';
import type { FrameLike, InvokeEventLike } from '../../../electron/ipc/sender';

export const PAGE_URL = 'file:///opt/pos/resources/app.asar/dist/renderer/index.html';

/** A stand-in for ipcMain that keeps the registered listeners so a test can call them as Electron would. */
export function fakeIpcMain() {
  const listeners = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>>();
  const syncListeners = new Map<string, (event: InvokeEventLike & { returnValue: unknown }) => void>();
  const ipc: IpcMainLike = {
    handle: (channel, listener) => {
      if (listeners.has(channel)) throw new Error(`second handler for ${channel}`);
      listeners.set(channel, listener);
    },
    removeHandler: (channel) => listeners.delete(channel),
    on: (channel, listener) => syncListeners.set(channel, listener),
    removeAllListeners: (channel) => syncListeners.delete(channel),
  };
  const call = (channel: string, event: InvokeEventLike, ...args: unknown[]) => {
    const l = listeners.get(channel);
    if (!l) throw new Error(`no handler for ${channel}`);
    return l(event, ...args);
  };
  /** What a synchronous ipcRenderer.sendSync would get back. */
  const sendSync = (channel: string, event: InvokeEventLike): unknown => {
    const l = syncListeners.get(channel);
    if (!l) throw new Error(`no listener for ${channel}`);
    const e = { ...event, returnValue: undefined as unknown };
    l(e);
    return e.returnValue;
  };
  return { ipc, listeners, call, sendSync };
}

export const topFrame = (url = PAGE_URL): FrameLike => ({ url, parent: null });
export const fromPage = (url = PAGE_URL): InvokeEventLike => ({ senderFrame: topFrame(url) });
