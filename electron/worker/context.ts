import type { WorkerConfig } from './protocol';

export interface WorkerContext {
  config: WorkerConfig;
  /** Pushes a progress event to the page (coalesced: see throttle.ts). */
  emit(domain: string, name: string, payload: unknown): void;
}

/** A worker operation: runs inside the worker thread, the only place SQLite is touched. */
export type WorkerOp<A, R> = (args: A, ctx: WorkerContext) => Promise<R> | R;
