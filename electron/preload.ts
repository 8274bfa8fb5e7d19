// The sandboxed preload: one CommonJS file whose only require is 'electron' (esbuild bundles it).
// It exposes window.pos built from the IPC contracts; nothing else reaches the page.
import { contextBridge, ipcRenderer } from 'electron';
import { buildPosApi } from './ipc/build-api';
import { CONTRACTS } from './ipc/contracts';
import type { Outcome } from './ipc/contract';

contextBridge.exposeInMainWorld(
  'pos',
  buildPosApi(CONTRACTS, {
    invoke: (channel, input) => ipcRenderer.invoke(channel, input) as Promise<Outcome<unknown>>,
    subscribe(channel, listener) {
      const relay = (_event: Electron.IpcRendererEvent, payload: unknown) => listener(payload);
      ipcRenderer.on(channel, relay);
      return () => {
        ipcRenderer.removeListener(channel, relay);
      };
    },
  }),
);
