import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  cleanupIncompleteBackups,
  cleanupInterruptedRestore,
  createBackup,
  listBackups,
  restoreBackup,
  scanBackupFolder,
  verifyBackup,
} from '../../electron/backup';
import { databaseContentHashes } from '../../electron/db/content-hash';
import { openDatabase } from '../../electron/db/open';
import { clearStaleStoreLock, storeLockPath } from '../../electron/db/store-lock';
import { tempDir } from '../helpers';
import type { PausePoint } from './pause-points';
import { contentHashesOf, contentHashesWithout, filesIn, smallStoreFactory } from './fixtures';

const root = tempDir('pos-backup-crash-');
let newStore: (name: string) => string;
beforeAll(async () => {
  newStore = await smallStoreFactory(root);
});

const CHILD = path.resolve('test/backup/crash-child.ts');

/**
 * Runs the child and SIGKILLs it either when it reports the named pause point
 * (its onProgress blocks there, see pause-points.ts) or `delayMs` after it is ready.
 * Resolves to what it printed and whether it got to the end first.
 */
function runAndKill(args: string[], kill: { at: PausePoint } | { delayMs: number }): Promise<{ stdout: string; finished: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args, ...('at' in kill ? [kill.at] : [])], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if ('at' in kill && stdout.includes(`paused at ${kill.at}`)) child.kill('SIGKILL');
      if ('delayMs' in kill && stdout.startsWith('ready') && !child.killed) {
        setTimeout(() => child.kill('SIGKILL'), kill.delayMs);
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL' && code !== 0) reject(new Error(`child failed (${code}): ${stderr}`));
      else resolve({ stdout, finished: stdout.includes('done') });
    });
  });
}

/** Every backup listed as verified passes the full verification: nothing half-made is offered. */
async function assertOnlyCompleteBackupsVerified(dir: string): Promise<void> {
  for (const b of listBackups(dir).filter((x) => x.verified)) {
    expect((await verifyBackup(dir, b.manifest.id)).ok).toBe(true);
  }
}

function integrity(dbPath: string): string {
  const db = openDatabase(dbPath, { readonly: true });
  try {
    return String(db.pragma('integrity_check', { simple: true }));
  } finally {
    db.close();
  }
}

describe('crash safety: SIGKILL during a backup', () => {
  const pausePoints = ['backup:copied', 'backup:renamed', 'backup:before-manifest'] as const;
  for (const at of pausePoints) {
    it(`killed at ${at}: nothing listed as a backup, the database untouched, the leftovers removed at the next start`, async () => {
      const dbPath = newStore(at);
      const dir = path.join(path.dirname(dbPath), 'backups');
      fs.mkdirSync(dir);
      const before = contentHashesOf(dbPath);
      const { finished } = await runAndKill(['backup', dbPath, dir], { at });
      expect(finished).toBe(false);

      const scan = scanBackupFolder(dir);
      expect(scan.backups).toEqual([]);
      expect(scan.ignored.length).toBeGreaterThan(0);
      expect(contentHashesOf(dbPath)).toEqual(before);
      expect(integrity(dbPath)).toBe('ok');

      expect(cleanupIncompleteBackups(dir, { minAgeMs: 60_000 })).toEqual([]); // too fresh: by age alone, it might still be in progress
      // The killed backup's lock names what it was writing; its process is gone, so the next start removes them.
      expect(fs.existsSync(storeLockPath(dbPath))).toBe(true);
      const removed = clearStaleStoreLock(dbPath);
      expect(removed.map((f) => path.basename(f)).sort()).toEqual(scan.ignored.map((f) => f.file).sort());
      expect(filesIn(dir)).toEqual([]);
      expect(fs.existsSync(storeLockPath(dbPath))).toBe(false);

      // The killed process's write lock died with it: the next backup works.
      const db = openDatabase(dbPath);
      const next = await createBackup(db, { backupDir: dir, reason: 'manual', exactDir: true });
      db.close();
      expect((await verifyBackup(dir, next.id)).ok).toBe(true);
    });
  }

  it('a manifest temp left by a kill between its write and its rename is never listed, and is cleaned up', async () => {
    const dbPath = newStore('manifest-temp');
    const dir = path.join(path.dirname(dbPath), 'backups');
    const db = openDatabase(dbPath);
    const made = await createBackup(db, { backupDir: dir, reason: 'manual', exactDir: true });
    db.close();
    // What the kill leaves: the copy and a complete manifest under its temp name, no manifest.
    fs.renameSync(path.join(dir, `${made.id}.json`), path.join(dir, `${made.id}.json.tmp`));
    const scan = scanBackupFolder(dir);
    expect(scan.backups).toEqual([]);
    expect(scan.ignored.map((f) => f.file).sort()).toEqual([`${made.id}.json.tmp`, `${made.id}.sqlite`]);
    expect(cleanupIncompleteBackups(dir, { minAgeMs: 0 }).sort()).toEqual([`${made.id}.json.tmp`, `${made.id}.sqlite`]);
    expect(filesIn(dir)).toEqual([]);
  });

  it('killed at arbitrary moments: every backup listed as verified is complete and valid', async () => {
    const dbPath = newStore('random-backup');
    const dir = path.join(path.dirname(dbPath), 'backups');
    fs.mkdirSync(dir);
    const before = contentHashesOf(dbPath);
    for (const delayMs of [0, 2, 5, 10, 20, 40, 80]) {
      await runAndKill(['backup', dbPath, dir], { delayMs });
      await assertOnlyCompleteBackupsVerified(dir);
      expect(integrity(dbPath)).toBe('ok');
    }
    // Completed backups recorded themselves in the database; nothing else changed.
    const { backups: _b, ...restBefore } = before;
    const { backups: _a, ...restAfter } = contentHashesOf(dbPath);
    expect(restAfter).toEqual(restBefore);
  });
});

describe('crash safety: SIGKILL during a restore', () => {
  /** A store, a backup of it, then changes: a restore has two distinct states to choose between. */
  async function scenario(name: string) {
    const dbPath = newStore(name);
    const dir = path.join(path.dirname(dbPath), 'backups');
    fs.mkdirSync(dir);
    const db = openDatabase(dbPath);
    const backup = await createBackup(db, { backupDir: dir, reason: 'manual', exactDir: true });
    db.exec(`DELETE FROM sync_log WHERE rowid % 2 = 0; UPDATE customers SET phone = '555-0000'`);
    const old = databaseContentHashes(db);
    db.close();
    return { dbPath, dir, backup, old, atBackup: contentHashesOf(backup.file) };
  }

  const expectations: [PausePoint, 'old' | 'backup'][] = [
    ['restore:temp-written', 'old'],
    ['restore:sidecars-removed', 'old'],
    ['restore:renamed', 'backup'],
  ];
  for (const [at, state] of expectations) {
    it(`killed at ${at}: the database is exactly the ${state === 'old' ? 'old one' : 'backup'}, and a new restore works`, async () => {
      const { dbPath, dir, backup, old, atBackup } = await scenario(at);
      await runAndKill(['restore', dbPath, dir, backup.id], { at });
      expect(integrity(dbPath)).toBe('ok');
      expect(contentHashesOf(dbPath)).toEqual(state === 'old' ? old : atBackup);

      cleanupInterruptedRestore(dbPath);
      expect(filesIn(path.dirname(dbPath)).filter((f) => f.includes('restore-tmp'))).toEqual([]);
      await assertOnlyCompleteBackupsVerified(dir);
      const again = await restoreBackup({ dbPath, backupId: backup.id, backupDir: dir, exactDir: true });
      expect(again.restoredSha256).toBe(backup.sha256);
    });
  }

  it('killed at arbitrary moments: the database is always the old one, the backup, or the finished restore, never a mix', async () => {
    for (const delayMs of [0, 5, 10, 20, 40, 80, 160]) {
      const { dbPath, dir, backup, old, atBackup } = await scenario(`random-restore-${delayMs}`);
      await runAndKill(['restore', dbPath, dir, backup.id], { delayMs });
      expect(integrity(dbPath)).toBe('ok');
      const now = contentHashesOf(dbPath);
      const same = (a: Record<string, string>, b: Record<string, string>) => JSON.stringify(a) === JSON.stringify(b);
      if (!same(now, old) && !same(now, atBackup)) {
        // Finished just before the kill: the backup's data plus the restore's own bookkeeping rows.
        const db = openDatabase(dbPath, { readonly: true });
        const job = db.prepare(`SELECT pre_restore_backup_id AS pre, id FROM restore_jobs WHERE backup_id = ? AND status = 'succeeded'`).get(backup.id) as {
          pre: string;
          id: string;
        };
        db.close();
        expect(contentHashesWithout(dbPath, { backups: [backup.id, job.pre], restoreJobs: [job.id] })).toEqual(atBackup);
      }
      cleanupInterruptedRestore(dbPath);
      await assertOnlyCompleteBackupsVerified(dir);
    }
  });
});
