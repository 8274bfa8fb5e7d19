import fs from 'node:fs';

/**
 * TEST-ONLY: the crash tests (test/backup/crash.test.ts) run a backup or a restore
 * in a child process with POS_TEST_PAUSE_AT=<point>; on reaching that point the
 * child prints `paused at <point>` and blocks, and the test kills it with SIGKILL.
 * Without the variable this is a no-op. It never changes what is written.
 */
export function pauseForCrashTest(point: string): void {
  if (process.env.POS_TEST_PAUSE_AT !== point) return;
  fs.writeSync(1, `paused at ${point}\n`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
}
