import { openDatabase, type Db } from '../db/open';
import { idleTracker, type IdleTracker } from '../security/idle';
import { SESSION_TTL_MS } from '../tenancy/auth';
import type { WorkerConfig } from './protocol';

export interface WorkerContext {
  config: WorkerConfig;
  /** Pushes a progress event to the page (coalesced: see throttle.ts). */
  emit(domain: string, name: string, payload: unknown): void;
  /**
   * The worker's long-lived connection to the store database, opened on first
   * use: POS requests reuse it (and its prepared statements) instead of paying
   * an open and a schema parse on every lookup.
   */
  store(): Db;
  /** Closes that connection; serveOps does it before every operation that needs to be the file's only user (upgrade, backup, restore, launch). */
  releaseStore(): void;
  /** The worker's clock: sessions, lock-out delays and the idle lock read it (serveOps' caller may give another). */
  now(): Date;
  /** When each session last did something (the idle lock: electron/worker/idle-lock.ts). */
  idle: IdleTracker;
  /**
   * Waits for something that is not the file (the hub confirming a gift card) with the worker's queue free:
   * the calls that arrive meanwhile run, and the caller comes back in line after them. Hold no transaction
   * and no connection across it (an upgrade or restore may run meanwhile: call store() again after).
   * Outside serveOps (tests, the in-process IPC) there is no queue: it just waits.
   */
  waitOutsideQueue<T>(wait: () => Promise<T>): Promise<T>;
}

/** A worker operation: runs inside the worker thread, the only place SQLite is touched. */
export type WorkerOp<A, R> = (args: A, ctx: WorkerContext) => Promise<R> | R;

export function workerContext(config: WorkerConfig, emit: WorkerContext['emit'], now: () => Date = () => new Date()): WorkerContext {
  let db: Db | null = null;
  return {
    config,
    emit,
    now,
    idle: idleTracker(SESSION_TTL_MS),
    store: () => (db ??= openDatabase(config.databasePath)),
    releaseStore() {
      db?.close();
      db = null;
    },
    waitOutsideQueue: (wait) => wait(),
  };
}
