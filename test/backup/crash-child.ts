// Run by crash.test.ts in a child process (node --import tsx) so it can be killed with SIGKILL
// mid-way: `backup DB DIR [PAUSE]` or `restore DB DIR ID [PAUSE]`. Prints "ready" before it starts,
// "done" after. With PAUSE (a point of PAUSE_POINTS), its onProgress prints "paused at PAUSE" when the
// backup or restore reaches that point and blocks there, inside the operation, until the test kills it.
import fs from 'node:fs';
import { createBackup, restoreBackup } from '../../electron/backup';
import type { BackupProgress } from '../../electron/backup/types';
import { openDatabase } from '../../electron/db/open';
import { PAUSE_POINTS, type PausePoint } from './pause-points';

const [mode, dbPath, backupDir, ...rest] = process.argv.slice(2) as [string, string, string, ...string[]];
const [backupId, pause] = mode === 'restore' ? [rest[0], rest[1]] : [undefined, rest[0]];

const at = pause ? PAUSE_POINTS[pause as PausePoint] : undefined;
if (pause && !at) throw new Error(`unknown pause point ${pause}`);
const onProgress = (p: BackupProgress) => {
  if (!at || !at(p)) return;
  fs.writeSync(1, `paused at ${pause}\n`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
};

if (mode === 'backup') {
  const db = openDatabase(dbPath);
  fs.writeSync(1, 'ready\n');
  const made = await createBackup(db, { backupDir, reason: 'manual', exactDir: true, onProgress });
  db.close();
  fs.writeSync(1, `done ${made.id}\n`);
} else if (mode === 'restore' && backupId) {
  fs.writeSync(1, 'ready\n');
  const result = await restoreBackup({ dbPath, backupId, backupDir, exactDir: true, onProgress });
  fs.writeSync(1, `done ${result.restoredBackupId}\n`);
} else {
  console.error('usage: crash-child.ts backup DB DIR [PAUSE] | restore DB DIR ID [PAUSE]');
  process.exit(2);
}
