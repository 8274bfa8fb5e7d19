// Runs in the page before the app (Playwright addInitScript), in place of the preload: it builds
// window.pos with the same buildPosApi and contract list, over a Playwright binding instead of ipcRenderer.
import { buildPosApi } from '../../../electron/ipc/build-api';
import type { Outcome } from '../../../electron/ipc/contract';
import { CONTRACTS } from '../../../electron/ipc/contracts';

interface BridgeWindow {
  __posInvoke(channel: string, input: unknown): Promise<Outcome<unknown>>;
  __posEmit(channel: string, payload: unknown): void;
  pos: unknown;
}

const w = window as unknown as BridgeWindow;
const listeners = new Map<string, Set<(payload: unknown) => void>>();

w.__posEmit = (channel, payload) => listeners.get(channel)?.forEach((l) => l(payload));
w.pos = buildPosApi(CONTRACTS, {
  invoke: (channel, input) => w.__posInvoke(channel, input),
  subscribe(channel, listener) {
    let set = listeners.get(channel);
    if (!set) listeners.set(channel, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  },
});
