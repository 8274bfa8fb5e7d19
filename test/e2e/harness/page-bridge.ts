// Runs in the page before the app (Playwright addInitScript), in place of the preload: it builds
// window.pos with the same buildPosApi, from the manifest the main process answered (the harness puts it
// in __posManifest, as the preload gets it from sendSync), over a Playwright binding instead of ipcRenderer.
import { buildPosApi } from '../../../electron/ipc/build-api';
import type { ContractManifest, Outcome } from '../../../electron/ipc/contract';

interface BridgeWindow {
  __posManifest: ContractManifest[];
  __posInvoke(channel: string, input: unknown): Promise<Outcome<unknown>>;
  __posEmit(channel: string, payload: unknown): void;
  pos: unknown;
}

const w = window as unknown as BridgeWindow;
const listeners = new Map<string, Set<(payload: unknown) => void>>();

w.__posEmit = (channel, payload) => listeners.get(channel)?.forEach((l) => l(payload));
w.pos = buildPosApi(w.__posManifest, {
  invoke: (channel, input) => w.__posInvoke(channel, input),
  subscribe(channel, listener) {
    let set = listeners.get(channel);
    if (!set) listeners.set(channel, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  },
});
