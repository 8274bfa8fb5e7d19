// Run by crash.test.ts in a child process (node --import tsx) so it can be killed with SIGKILL
// mid-way: `backup DB DIR` or `restore DB DIR ID`. Prints "ready" before it starts, "done" after.
import { createBackup, restoreBackup } from '../../electron/backup';
import { openDatabase } from '../../electron/db/open';

const [mode, dbPath, backupDir, backupId] = process.argv.slice(2) as [string, string, string, string | undefined];

if (mode === 'backup') {
  const db = openDatabase(dbPath);
  console.log('ready');
  const made = await createBackup(db, { backupDir, reason: 'manual', exactDir: true });
  db.close();
  console.log(`done ${made.id}`);
} else if (mode === 'restore' && backupId) {
  console.log('ready');
  const result = await restoreBackup({ dbPath, backupId, backupDir, exactDir: true });
  console.log(`done ${result.restoredBackupId}`);
} else {
  console.error('usage: crash-child.ts backup DB DIR | restore DB DIR ID');
  process.exit(2);
}
