// Bench section `stall`: does the main process stay responsive while a `large` store upgrades?
// This process plays Electron's main process: the same DbClient and bundled worker thread the app
// uses, relaying every progress event the way webContents.send does (a structured clone), while
// perf_hooks.monitorEventLoopDelay and a 10 ms interval watch its event loop. Side by side, the
// same upgrade run on the main thread itself shows what the worker saves.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DbClient, threadWorker } from '../electron/worker/client';
import { runUpgrade } from '../electron/upgrade';
import { copyFixture, type BenchContext, type BenchRow } from './lib';
import { watchLoop } from './loop-watch';
import type { BenchSection } from './sections';

/** Electron's main process must never stall longer than this (issue 5). */
const MAX_STALL_MS = 50;

async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const dir = path.join(ctx.scratch, 'stall');
  fs.mkdirSync(dir);
  // The worker the app ships: build it so the bench measures today's code.
  const build = spawnSync(process.execPath, ['scripts/build-node.mjs'], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);

  // 1. The app's way: a worker thread upgrades, this thread only relays.
  const workerDb = copyFixture(ctx.largeLegacyDb, path.join(dir, 'worker.sqlite'));
  const client = new DbClient(threadWorker(path.resolve('dist/electron/worker.cjs'), { databasePath: workerDb, backupDir: path.join(dir, 'backups-worker') }));
  let relayed = 0;
  client.onEvent((event) => {
    structuredClone(event.payload); // what webContents.send does with it
    relayed++;
  });
  // The app starts its worker at launch, long before an upgrade: start it (and let it read the file) first.
  const startWatch = watchLoop();
  await client.call('launch.inspect');
  const atStart = startWatch.stop();

  const load = os.loadavg()[0] ?? 0;
  const watch = watchLoop();
  const started = performance.now();
  const report = await client.call('upgrade.run');
  const workerMs = performance.now() - started;
  const inWorker = watch.stop();
  await client.close();
  fs.rmSync(workerDb);
  fs.rmSync(path.join(dir, 'backups-worker'), { recursive: true, force: true });
  if (!report.ok) throw new Error(`the upgrade failed in the worker: ${report.error?.message}`);

  // 2. The same upgrade on the main thread, as if the main process opened SQLite itself.
  const mainDb = copyFixture(ctx.largeLegacyDb, path.join(dir, 'main.sqlite'));
  const watchMain = watchLoop();
  const mainStarted = performance.now();
  const mainReport = await runUpgrade({ dbPath: mainDb, backupDir: path.join(dir, 'backups-main') });
  const mainMs = performance.now() - mainStarted;
  const onMain = watchMain.stop();
  if (!mainReport.ok) throw new Error(`the upgrade failed on the main thread: ${mainReport.error?.message}`);

  const section = 'stall';
  return [
    {
      section,
      name: 'main loop max delay, upgrade in the worker',
      value: inWorker.maxMs,
      unit: 'ms',
      target: `<= ${MAX_STALL_MS} ms`,
      ok: inWorker.maxMs <= MAX_STALL_MS,
      note: `load average ${load.toFixed(1)} on ${os.cpus().length} cores`,
    },
    { section, name: 'main loop p99 delay, upgrade in the worker', value: inWorker.p99Ms, unit: 'ms' },
    {
      section,
      name: '10 ms timer max lateness, upgrade in the worker',
      value: inWorker.lateMaxMs,
      unit: 'ms',
      target: `<= ${MAX_STALL_MS} ms`,
      ok: inWorker.lateMaxMs <= MAX_STALL_MS,
    },
    { section, name: 'progress events relayed', value: relayed, unit: 'events', note: `${inWorker.ticks} timer ticks` },
    { section, name: 'main loop max delay, starting the worker (at launch)', value: atStart.maxMs, unit: 'ms' },
    { section, name: 'large upgrade, worker', value: workerMs / 1000, unit: 's' },
    { section, name: 'main loop max delay, same upgrade on the main thread', value: onMain.maxMs, unit: 'ms', note: 'what the worker avoids' },
    { section, name: 'main loop p99 delay, same upgrade on the main thread', value: onMain.p99Ms, unit: 'ms' },
    { section, name: 'large upgrade, main thread', value: mainMs / 1000, unit: 's' },
    {
      section,
      name: 'worker / main-thread upgrade time',
      value: workerMs / mainMs,
      unit: 'ratio',
      note: 'one run each, worker first: informational',
    },
  ];
}

export const stallSection: BenchSection = { name: 'stall', run };
