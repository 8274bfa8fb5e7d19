import { toErrorInfo } from '../errors';
import { workerContext, type WorkerContext, type WorkerOp } from './context';
import { UnknownWorkerOperationError } from './errors';
import { isCallMessage, type WorkerConfig, type WorkerMessage } from './protocol';
import { throttled } from './throttle';

export interface PortLike {
  on(event: 'message', listener: (message: unknown) => void): void;
  postMessage(message: WorkerMessage): void;
}

/** Progress events of one kind (same phase or stage) are coalesced to at most one per this many ms. */
export const EVENT_INTERVAL_MS = 50;

const phaseOf = (payload: unknown): string => {
  const p = payload as { phase?: unknown; stage?: unknown } | null;
  return String(p?.phase ?? p?.stage ?? '');
};

/**
 * Answers calls from the main process, one at a time in arrival order: the
 * operations change one database file, so they must never interleave.
 */
export function serveOps(
  port: PortLike,
  config: WorkerConfig,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  ops: Readonly<Record<string, WorkerOp<any, any>>>,
  intervalMs = EVENT_INTERVAL_MS,
  /** Operations that use the shared store connection; every other one runs with it closed. */
  sharingStore: ReadonlySet<string> = new Set(),
): void {
  const streams = new Map<string, ReturnType<typeof throttled<unknown>>>();
  const ctx: WorkerContext = workerContext(config, (domain, name, payload) => {
    const key = `${domain}:${name}`;
    let stream = streams.get(key);
    if (!stream) {
      stream = throttled<unknown>((p) => port.postMessage({ kind: 'event', domain, name, payload: p }), phaseOf, intervalMs);
      streams.set(key, stream);
    }
    stream.push(payload);
  });
  const flushAll = () => streams.forEach((s) => s.flush());

  let queue: Promise<void> = Promise.resolve();
  port.on('message', (message) => {
    if (!isCallMessage(message)) return;
    queue = queue.then(async () => {
      const { id, op: name, args } = message;
      try {
        const op = ops[name];
        if (!op) throw new UnknownWorkerOperationError(name);
        // An upgrade switches journal modes and a restore replaces the file: neither may find our own connection open.
        if (!sharingStore.has(name)) ctx.releaseStore();
        const value: unknown = await op(args, ctx);
        flushAll();
        port.postMessage({ kind: 'result', id, ok: true, value });
      } catch (err) {
        flushAll();
        port.postMessage({ kind: 'result', id, ok: false, error: toErrorInfo(err) });
      }
    });
  });
}
