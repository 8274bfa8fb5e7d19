import { channelOf, subscriberName, type ContractManifest, type Outcome } from './contract';
import type { PosApi } from './contracts';

/** How the page reaches the main process: ipcRenderer in the preload, a Playwright binding in the e2e tests. */
export interface Transport {
  invoke(channel: string, input: unknown): Promise<Outcome<unknown>>;
  /** Delivers only the payload (never Electron's event object); returns the unsubscribe function. */
  subscribe(channel: string, listener: (payload: unknown) => void): () => void;
}

/**
 * Builds `window.pos` from the contracts' manifest: a named function per operation,
 * each bound to its own channel, and an `onX` subscription per event. The page
 * never gets a generic invoke or send.
 */
export function buildPosApi(contracts: readonly ContractManifest[], transport: Transport): PosApi {
  const api: Record<string, Record<string, unknown>> = {};
  for (const contract of contracts) {
    const domain: Record<string, unknown> = {};
    for (const name of contract.operations) {
      const channel = channelOf(contract.domain, name);
      // Exactly one argument crosses, so a page cannot smuggle extra ones to the handler.
      domain[name] = (input?: unknown) => transport.invoke(channel, input);
    }
    for (const name of contract.events) {
      const channel = channelOf(contract.domain, name);
      domain[subscriberName(name)] = (listener: (payload: unknown) => void) => {
        if (typeof listener !== 'function') throw new TypeError(`${subscriberName(name)} needs a function`);
        return transport.subscribe(channel, (payload) => listener(payload));
      };
    }
    api[contract.domain] = Object.freeze(domain);
  }
  return Object.freeze(api) as unknown as PosApi;
}
