// The sandboxed preload: one CommonJS file whose only require is 'electron' (esbuild bundles it).
// It exposes window.pos built from the manifest the main process hands it; nothing else reaches the page,
// and it bundles no contract, zod or service code.
import { contextBridge, ipcRenderer } from 'electron';
import { buildPosApi } from './ipc/build-api';
import { MANIFEST_CHANNEL, type ContractManifest, type Outcome } from './ipc/contract';

const manifest = ipcRenderer.sendSync(MANIFEST_CHANNEL) as ContractManifest[];

contextBridge.exposeInMainWorld(
  'pos',
  buildPosApi(manifest, {
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
