// The database worker's entry (bundled to dist/electron/worker.cjs). Only this thread opens SQLite.
import { parentPort, workerData } from 'node:worker_threads';
import { OPS_SHARING_THE_STORE, WORKER_OPS } from './ops';
import type { WorkerConfig } from './protocol';
import { serveOps, type PortLike } from './serve';
import { combineHooks, indexJobHooks } from './index-job';
import { syncJobHooks } from './sync-job';

if (!parentPort) throw new Error('electron/worker runs as a worker thread, not on its own');
serveOps(
  parentPort as unknown as PortLike,
  workerData as WorkerConfig,
  WORKER_OPS,
  undefined,
  OPS_SHARING_THE_STORE,
  combineHooks(syncJobHooks(), indexJobHooks()),
);
