import type { IpcMainLike } from '../../../electron/ipc/register';
import type { FrameLike, InvokeEventLike } from '../../../electron/ipc/sender';

export const PAGE_URL = 'file:///opt/pos/resources/app.asar/dist/renderer/index.html';

/** A stand-in for ipcMain that keeps the registered listeners so a test can call them as Electron would. */
export function fakeIpcMain() {
  const listeners = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>>();
  const ipc: IpcMainLike = {
    handle: (channel, listener) => {
      if (listeners.has(channel)) throw new Error(`second handler for ${channel}`);
      listeners.set(channel, listener);
    },
    removeHandler: (channel) => listeners.delete(channel),
  };
  const call = (channel: string, event: InvokeEventLike, ...args: unknown[]) => {
    const l = listeners.get(channel);
    if (!l) throw new Error(`no handler for ${channel}`);
    return l(event, ...args);
  };
  return { ipc, listeners, call };
}

export const topFrame = (url = PAGE_URL): FrameLike => ({ url, parent: null });
export const fromPage = (url = PAGE_URL): InvokeEventLike => ({ senderFrame: topFrame(url) });
