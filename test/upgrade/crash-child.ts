// Run by crash.test.ts in a child process (node --import tsx) so it can be SIGKILLed mid-upgrade:
// `crash-child.ts DB BACKUP_DIR [PAUSE_AT[#N]]`. Prints "ready", then every progress event as a JSON
// line; on the Nth event whose "phase/table/step" contains PAUSE_AT it prints "paused at ..." and
// blocks, inside whatever the upgrade was doing, until the test kills it. Prints "done" at the end.
import fs from 'node:fs';
import { runUpgrade } from '../../electron/upgrade';

const [dbPath, backupDir, pauseSpec = ''] = process.argv.slice(2) as [string, string, string | undefined];
const [pauseAt, nth = '1'] = pauseSpec.split('#') as [string, string | undefined];
let seen = 0;

fs.writeSync(1, 'ready\n');
const report = await runUpgrade({
  dbPath,
  backupDir,
  onProgress: (p) => {
    fs.writeSync(1, `${JSON.stringify(p)}\n`);
    if (pauseAt && `${p.phase}/${p.table ?? '-'}/${p.step}`.includes(pauseAt) && ++seen === Number(nth)) {
      fs.writeSync(1, `paused at ${pauseSpec}\n`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
    }
  },
});
fs.writeSync(1, `done ${report.ok}\n`);
