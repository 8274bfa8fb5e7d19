import { Worker } from 'node:worker_threads';
import { WorkerCrashedError, WorkerOperationError } from './errors';
import type { WorkerOps } from './ops';
import type { CallMessage, EventMessage, WorkerConfig, WorkerMessage } from './protocol';

/** The part of a worker_threads Worker the client uses (a utilityProcess adapter would fit too). */
export interface WorkerLike {
  postMessage(message: CallMessage): void;
  on(event: 'message', listener: (message: WorkerMessage) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  on(event: 'exit', listener: (code: number) => void): void;
  terminate(): Promise<number>;
}

type ArgsOf<K extends keyof WorkerOps> = Parameters<WorkerOps[K]>[0];
type ResultOf<K extends keyof WorkerOps> = Awaited<ReturnType<WorkerOps[K]>>;

/** Starts the bundled worker (dist/electron/worker.cjs) on a thread of this process. */
export const threadWorker = (script: string, config: WorkerConfig) => (): WorkerLike =>
  new Worker(script, { workerData: config, stdout: false, stderr: false }) as unknown as WorkerLike;

/**
 * The main process's handle on the database worker. It never touches SQLite:
 * it posts calls, resolves them with the worker's results, and relays the
 * worker's progress events. A crashed worker fails its pending calls and is
 * started again on the next call.
 */
export class DbClient {
  private worker: WorkerLike | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(err: Error): void }>();
  private readonly listeners = new Set<(event: EventMessage) => void>();

  constructor(private readonly spawn: () => WorkerLike) {}

  call<K extends keyof WorkerOps>(op: K, ...args: undefined extends ArgsOf<K> ? [args?: ArgsOf<K>] : [args: ArgsOf<K>]): Promise<ResultOf<K>> {
    let worker: WorkerLike;
    try {
      worker = this.ensureWorker();
    } catch (err) {
      // A worker that may not start (see verifiedSpawn) fails the call, like any other failure.
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    const id = this.nextId++;
    return new Promise<ResultOf<K>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ kind: 'call', id, op, args: args[0] });
    });
  }

  /** Progress events from the worker, in order; returns the unsubscribe function. */
  onEvent(listener: (event: EventMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) this.failPending('the app is closing');
    if (worker) await worker.terminate();
  }

  private ensureWorker(): WorkerLike {
    if (this.worker) return this.worker;
    const worker = this.spawn();
    worker.on('message', (message) => this.receive(message));
    worker.on('error', (err) => this.crashed(worker, err.message));
    worker.on('exit', (code) => this.crashed(worker, `exit code ${code}`));
    this.worker = worker;
    return worker;
  }

  private receive(message: WorkerMessage): void {
    if (message.kind === 'event') {
      this.listeners.forEach((l) => l(message));
      return;
    }
    const waiter = this.pending.get(message.id);
    if (!waiter) return;
    this.pending.delete(message.id);
    if (message.ok) waiter.resolve(message.value);
    else waiter.reject(new WorkerOperationError(message.error));
  }

  private crashed(worker: WorkerLike, reason: string): void {
    if (this.worker !== worker) return;
    this.worker = null;
    this.failPending(reason);
  }

  private failPending(reason: string): void {
    const waiters = [...this.pending.values()];
    this.pending.clear();
    waiters.forEach((w) => w.reject(new WorkerCrashedError(reason)));
  }
}
