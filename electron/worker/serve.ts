import { toErrorInfo } from '../errors';
import { workerContext, type WorkerContext, type WorkerOp } from './context';
import { UnknownWorkerOperationError } from './errors';
import { isCallMessage, type WorkerConfig, type WorkerMessage } from './protocol';
import { throttled } from './throttle';

/** What runs beside the operations (the background sync): told around each one, and its own operations answered outside the queue. */
export interface ServeHooks {
  /** Before an operation that needs the store file to itself (upgrade, backup, restore, launch): e.g. hold the background sync. */
  beforeExclusive?(name: string): Promise<void>;
  afterExclusive?(name: string): void;
  /** After an operation on the shared store connection (a POS call may have queued an operation). */
  afterShared?(name: string): void;
  /** Operations answered at once, outside the one-at-a-time queue (they wait on the hub, not on the file, and must not hold POS calls). */
  concurrent?: ReadonlySet<string>;
}

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
 * operations change one database file, so they must never interleave. A call
 * that must wait on something else (the hub confirming a gift card) does it
 * through ctx.waitOutsideQueue, between two of its own turns, never in one.
 */
export function serveOps(
  port: PortLike,
  config: WorkerConfig,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  ops: Readonly<Record<string, WorkerOp<any, any>>>,
  intervalMs = EVENT_INTERVAL_MS,
  /** Operations that use the shared store connection; every other one runs with it closed. */
  sharingStore: ReadonlySet<string> = new Set(),
  /** Built once with the worker's context and a way to post an event unthrottled. */
  hooksFor?: (ctx: WorkerContext, post: (domain: string, name: string, payload: unknown) => void) => ServeHooks,
  /** The worker's clock (the sessions' idle lock and the lock-out's delays read it). */
  now: () => Date = () => new Date(),
): void {
  const streams = new Map<string, ReturnType<typeof throttled<unknown>>>();
  const ctx: WorkerContext = workerContext(
    config,
    (domain, name, payload) => {
      const key = `${domain}:${name}`;
      let stream = streams.get(key);
      if (!stream) {
        stream = throttled<unknown>((p) => port.postMessage({ kind: 'event', domain, name, payload: p }), phaseOf, intervalMs);
        streams.set(key, stream);
      }
      stream.push(payload);
    },
    now,
  );
  const flushAll = () => streams.forEach((s) => s.flush());
  const hooks: ServeHooks = hooksFor?.(ctx, (domain, name, payload) => port.postMessage({ kind: 'event', domain, name, payload })) ?? {};

  const answer = async (id: number, name: string, run: () => Promise<unknown>) => {
    try {
      const value: unknown = await run();
      flushAll();
      port.postMessage({ kind: 'result', id, ok: true, value });
    } catch (err) {
      flushAll();
      port.postMessage({ kind: 'result', id, ok: false, error: toErrorInfo(err) });
    }
  };

  let queue: Promise<void> = Promise.resolve();
  /** A place at the end of the line: resolves, once every call before it is done, with the function that lets the next one go. */
  const takeTurn = (): Promise<() => void> => {
    let letNextGo!: () => void;
    const done = new Promise<void>((resolve) => (letNextGo = resolve));
    const ready = queue.then(() => letNextGo);
    queue = queue.then(() => done);
    return ready;
  };
  port.on('message', (message) => {
    if (!isCallMessage(message)) return;
    const { id, op: name, args } = message;
    const op = ops[name];
    if (op && hooks.concurrent?.has(name)) {
      void answer(id, name, async () => op(args, ctx));
      return;
    }
    void takeTurn().then(async (first) => {
      let letNextGo = first;
      // The call steps out of line while it waits on the hub, and queues again behind what arrived meanwhile.
      const call: WorkerContext = {
        ...ctx,
        async waitOutsideQueue(wait) {
          letNextGo();
          try {
            return await wait();
          } finally {
            letNextGo = await takeTurn();
          }
        },
      };
      try {
        await answer(id, name, async () => {
          if (!op) throw new UnknownWorkerOperationError(name);
          if (sharingStore.has(name)) {
            try {
              return await op(args, call);
            } finally {
              hooks.afterShared?.(name);
            }
          }
          // An upgrade switches journal modes and a restore replaces the file: neither may find our own connection open.
          await hooks.beforeExclusive?.(name);
          try {
            ctx.releaseStore();
            return await op(args, call);
          } finally {
            hooks.afterExclusive?.(name);
          }
        });
      } finally {
        letNextGo();
      }
    });
  });
}
