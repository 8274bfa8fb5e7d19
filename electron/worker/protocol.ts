import type { ErrorInfo } from '../errors';

/** Fixed when the worker starts: the renderer can never point it at another file. */
export interface WorkerConfig {
  databasePath: string;
  backupDir: string;
}

export interface CallMessage {
  kind: 'call';
  id: number;
  op: string;
  args: unknown;
}

export type ResultMessage = { kind: 'result'; id: number; ok: true; value: unknown } | { kind: 'result'; id: number; ok: false; error: ErrorInfo };

/** Progress pushed while an operation runs; domain and name match an IPC contract's event. */
export interface EventMessage {
  kind: 'event';
  domain: string;
  name: string;
  payload: unknown;
}

export type WorkerMessage = ResultMessage | EventMessage;

export const isCallMessage = (m: unknown): m is CallMessage => {
  const c = m as Partial<CallMessage> | null;
  return typeof c === 'object' && c !== null && c.kind === 'call' && typeof c.id === 'number' && typeof c.op === 'string';
};
