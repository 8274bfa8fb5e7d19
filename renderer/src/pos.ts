import { unexpectedErrorInfo } from '../../electron/errors';
import type { ErrorInfo, Outcome, PosApi } from '../../electron/ipc/contracts';

declare global {
  interface Window {
    /** Built by the preload from the IPC contracts (electron/preload.ts). */
    readonly pos: PosApi;
  }
}

export type { PosApi, ErrorInfo, Outcome };

/** Unwraps an Outcome for code that prefers try/catch. */
export class OperationFailed extends Error {
  constructor(readonly info: ErrorInfo) {
    super(info.message);
  }
}

export async function unwrap<T>(outcome: Promise<Outcome<T>>): Promise<T> {
  const o = await outcome;
  if (!o.ok) throw new OperationFailed(o.error);
  return o.value;
}

export const errorInfoOf = (err: unknown): ErrorInfo =>
  err instanceof OperationFailed ? err.info : unexpectedErrorInfo(err instanceof Error ? err.message : String(err));
