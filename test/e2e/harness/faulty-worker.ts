// A database worker for the end-to-end tests whose FIRST upgrade runs a migration list that fails at a
// chosen step (the real rollback runs); every later upgrade runs the real list. Bundled by the harness
// (faultyWorkerScript); the production worker (electron/worker/index.ts) has no such thing.
import { parentPort, workerData } from 'node:worker_threads';
import { OPS_SHARING_THE_STORE, WORKER_OPS } from '../../../electron/worker/ops';
import { upgradeOp } from '../../../electron/worker/ops/upgrade';
import type { WorkerConfig } from '../../../electron/worker/protocol';
import { serveOps, type PortLike } from '../../../electron/worker/serve';
import { migrationsFailingAt } from '../../upgrade/faults';

export interface FaultyWorkerData {
  config: WorkerConfig;
  failFirstUpgradeAt: { table: string | null; step: string };
}

const { config, failFirstUpgradeAt } = workerData as FaultyWorkerData;
let failed = false;
const firstUpgradeFails = upgradeOp(() => {
  if (failed) return {};
  failed = true;
  return { migrations: migrationsFailingAt(failFirstUpgradeAt.table, failFirstUpgradeAt.step) };
});

if (!parentPort) throw new Error('the faulty worker runs as a worker thread');
serveOps(parentPort as unknown as PortLike, config, { ...WORKER_OPS, 'upgrade.run': firstUpgradeFails }, undefined, OPS_SHARING_THE_STORE);
