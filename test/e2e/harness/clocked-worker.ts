// The real database worker (the same operations and background jobs as electron/worker/index.ts) on a
// clock the end-to-end test moves: `skewMs` (a SharedArrayBuffer the test writes) is added to the real
// time, so an idle lock can be reached without waiting. Bundled by the harness (clockedWorkerScript);
// the production worker passes no clock to serveOps.
import { parentPort, workerData } from 'node:worker_threads';
import { combineHooks, indexJobHooks } from '../../../electron/worker/index-job';
import { OPS_SHARING_THE_STORE, WORKER_OPS } from '../../../electron/worker/ops';
import type { WorkerConfig } from '../../../electron/worker/protocol';
import { serveOps, type PortLike } from '../../../electron/worker/serve';
import { syncJobHooks } from '../../../electron/worker/sync-job';

export interface ClockedWorkerData {
  config: WorkerConfig;
  /** 8 bytes: one float64, the milliseconds added to Date.now(). */
  skew: SharedArrayBuffer;
}

const { config, skew } = workerData as ClockedWorkerData;
const offset = new Float64Array(skew);

if (!parentPort) throw new Error('the clocked worker runs as a worker thread');
serveOps(
  parentPort as unknown as PortLike,
  config,
  WORKER_OPS,
  undefined,
  OPS_SHARING_THE_STORE,
  combineHooks(syncJobHooks(), indexJobHooks()),
  () => new Date(Date.now() + offset[0]!),
);
