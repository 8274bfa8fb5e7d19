import type { ErrorInfo, Outcome, PosApi } from '../../electron/ipc/contracts';

declare global {
  interface Window {
    /** Built by the preload from the contracts' manifest (electron/preload.ts). */
    readonly pos: PosApi;
  }
}

export type { PosApi, ErrorInfo, Outcome };
