import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackup, defaultBackupDir, RestoreFailedError, restoreBackup, scanBackupFolder } from '../../electron/backup';
import { runCli } from '../../electron/cli/index';
import { openDatabase } from '../../electron/db/open';
import { acquireStoreLock, storeLockPath, type StoreLockRecord } from '../../electron/db/store-lock';
import { prepareStore } from '../../electron/worker/ops/launch';
import type { WorkerContext } from '../../electron/worker/context';
import { tempDir } from '../helpers';
import { contentHashesOf, filesIn, smallStoreFactory } from './fixtures';
import { captureIo as io } from '../support/cli-io';

const root = tempDir('pos-backup-lock-');
let newStore: (name: string) => string;
beforeAll(async () => {
  newStore = await smallStoreFactory(root);
});

/** A process that is alive for the whole test file (a stand-in for another pos-db at work). */
const alive = spawn('sleep', ['600'], { stdio: 'ignore' });
afterAll(() => alive.kill('SIGKILL'));
/** The pid of a process that has exited. */
const deadPid = (): number => spawnSync('sh', ['-c', 'echo $$'], { encoding: 'utf8' }).stdout.trim() as unknown as number;

function plantLock(dbPath: string, record: Partial<StoreLockRecord> & { pid: number }): void {
  const full: StoreLockRecord = { host: os.hostname(), program: 'pos-db', operation: 'backup', startedAt: '2026-12-02T10:00:00.000Z', writing: [], ...record };
  fs.writeFileSync(storeLockPath(dbPath), JSON.stringify(full));
}

describe('the store lock: one backup, restore or upgrade at a time, across every copy of POS Desktop and pos-db', () => {
  it('refuses backup, restore and upgrade while a live process holds it, naming it; nothing changes', async () => {
    const dbPath = newStore('held');
    const db = openDatabase(dbPath);
    const backup = await createBackup(db, { backupDir: defaultBackupDir(dbPath), reason: 'manual' });
    db.close();
    plantLock(dbPath, { pid: alive.pid!, operation: 'restore' });
    const before = { files: filesIn(defaultBackupDir(dbPath)), content: contentHashesOf(dbPath) };
    for (const argv of [
      ['backup', '--db', dbPath],
      ['restore', '--db', dbPath, '--backup', backup.id, '--yes'],
      ['upgrade', '--db', dbPath],
    ]) {
      const out = io();
      expect(await runCli(argv, out), argv[0]).toBe(1);
      expect(out.stderr.join('\n'), argv[0]).toMatch(
        new RegExp(
          `is busy: pos-db \\(process ${alive.pid} on ${os.hostname()}\\) has been restoring a backup since 2026-12-02T10:00:00.000Z.*Wait for it to finish`,
        ),
      );
    }
    expect(filesIn(defaultBackupDir(dbPath))).toEqual(before.files);
    expect(contentHashesOf(dbPath)).toEqual(before.content);
    expect(fs.existsSync(storeLockPath(dbPath))).toBe(true);
  });

  it("takes over a dead process's lock and removes the half-written copy it names (with its sidecars)", async () => {
    const dbPath = newStore('stale');
    const dir = defaultBackupDir(dbPath);
    fs.mkdirSync(dir);
    const partial = path.join(dir, '20261202T100000Z-manual-abcdef.sqlite.partial');
    for (const f of [partial, `${partial}-journal`]) fs.writeFileSync(f, 'half a copy');
    plantLock(dbPath, { pid: Number(deadPid()), writing: [partial] });
    const out = io();
    expect(await runCli(['backup', '--db', dbPath], out)).toBe(0);
    expect(filesIn(dir).filter((f) => f.includes('abcdef'))).toEqual([]);
    expect(scanBackupFolder(dir).backups).toHaveLength(1);
    expect(fs.existsSync(storeLockPath(dbPath))).toBe(false);
  });

  it('a lock naming this process that no live lock of it holds (a worker thread that died) is stale; one it holds is not', async () => {
    const dbPath = newStore('dead-thread');
    plantLock(dbPath, { pid: process.pid, program: 'POS Desktop' });
    const out = io();
    expect(await runCli(['backup', '--db', dbPath], out)).toBe(0);
    const held = acquireStoreLock(dbPath, 'upgrade');
    try {
      const busy = io();
      expect(await runCli(['backup', '--db', dbPath], busy)).toBe(1);
      expect(busy.stderr[0]).toMatch(/has been upgrading the database since/);
    } finally {
      held.release();
    }
  });

  it("the app's worker clears a dead process's lock and its leftovers at start, and leaves a live one alone", async () => {
    const dbPath = newStore('worker-start');
    const dir = defaultBackupDir(dbPath);
    fs.mkdirSync(dir);
    const ctx = { config: { databasePath: dbPath, backupDir: dir } } as WorkerContext;
    const partial = path.join(dir, '20261202T100000Z-manual-123456.sqlite.partial');
    fs.writeFileSync(partial, 'half');
    plantLock(dbPath, { pid: alive.pid!, writing: [partial] });
    await prepareStore({ demo: false }, ctx);
    expect(fs.existsSync(partial)).toBe(true);
    plantLock(dbPath, { pid: Number(deadPid()), writing: [partial] });
    await prepareStore({ demo: false }, ctx);
    expect(fs.existsSync(partial)).toBe(false);
    expect(fs.existsSync(storeLockPath(dbPath))).toBe(false);
  });
});

describe('a restore that fails after its pre-restore backup', () => {
  it('leaves the database unchanged, records the failure, and its undo hint names --db', async () => {
    const dbPath = newStore('undo-hint');
    const db = openDatabase(dbPath);
    const target = await createBackup(db, { backupDir: defaultBackupDir(dbPath), reason: 'manual' });
    db.close();
    const before = contentHashesOf(dbPath);
    // From the test side: the backup disappears just as it is being staged (an unplugged stick).
    const err = await restoreBackup({
      dbPath,
      backupId: target.id,
      backupDir: defaultBackupDir(dbPath),
      onProgress: (p) => {
        if (p.stage === 'restore' && p.bytesDone === 0) fs.rmSync(target.file);
      },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RestoreFailedError);
    expect((err as Error).message).toMatch(/^The restore failed while copying the backup beside the database: ENOENT/);
    const pre = scanBackupFolder(defaultBackupDir(dbPath)).backups.find((b) => b.manifest.reason === 'pre-restore')!;
    expect((err as RestoreFailedError).hint).toBe(
      `The database is unchanged, as before the restore (its backup is ${pre.manifest.id} (\`pos-db restore --db ${dbPath} --backup ${pre.manifest.id}\` undoes the restore)); fix the cause and try again`,
    );
    const { backups: _b, restore_jobs: _r, ...rest } = contentHashesOf(dbPath);
    const { backups: _b2, restore_jobs: _r2, ...expected } = before;
    expect(rest).toEqual(expected);
    const check = openDatabase(dbPath, { readonly: true });
    expect(check.prepare(`SELECT status FROM restore_jobs WHERE backup_id = ?`).pluck().all(target.id)).toEqual(['failed']);
    expect(check.pragma('journal_mode', { simple: true })).toBe('wal');
    check.close();
    expect(fs.existsSync(`${dbPath}.restore-tmp`)).toBe(false);
    expect(fs.existsSync(storeLockPath(dbPath))).toBe(false);
  });
});
