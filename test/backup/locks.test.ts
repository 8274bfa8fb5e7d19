import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openConnection, assertNotOpenHere, connectionsOpenTo, DatabaseStillOpenError } from '../../electron/db/connections';
import { openDatabase } from '../../electron/db/open';
import { preserveDamagedDatabase } from '../../electron/backup';
import { tempDir } from '../helpers';
import { smallStoreFactory } from './fixtures';
import type { PausePoint } from './pause-points';

/**
 * The cause of issue 9: closing any descriptor of a database file releases every
 * POSIX lock the process holds on it. These tests look at the locks themselves
 * (/proc/locks) while a backup, paused from the test side through its onProgress,
 * is in the middle of its copy or just past it, and at what the locks protect.
 */
const root = tempDir('pos-backup-locks-');
let newStore: (name: string) => string;
beforeAll(async () => {
  newStore = await smallStoreFactory(root);
});

const CHILD = path.resolve('test/backup/crash-child.ts');
const running: ChildProcess[] = [];
afterEach(() => {
  for (const c of running.splice(0)) c.kill('SIGKILL');
});

/** Starts a backup in a child process and resolves once it is paused at `at` (it stays paused until killed). */
function pausedBackup(dbPath: string, at: PausePoint): Promise<ChildProcess> {
  const dir = path.join(path.dirname(dbPath), 'backups');
  fs.mkdirSync(dir, { recursive: true });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, 'backup', dbPath, dir, at], { stdio: ['ignore', 'pipe', 'pipe'] });
    running.push(child);
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes(`paused at ${at}`)) resolve(child);
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => reject(new Error(`the backup ended (${code}) before pausing at ${at}: ${err}${out}`)));
  });
}

interface HeldLock {
  mode: 'READ' | 'WRITE';
  file: 'db' | 'shm' | 'other';
  start: number;
  end: number;
}

/** The POSIX locks process `pid` holds, on the database and its -shm (Linux's /proc/locks). */
function locksOf(pid: number, dbPath: string): HeldLock[] {
  const inode = (f: string) => (fs.existsSync(f) ? fs.statSync(f).ino : -1);
  const db = inode(dbPath);
  const shm = inode(`${dbPath}-shm`);
  return fs
    .readFileSync('/proc/locks', 'utf8')
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f[1] === 'POSIX' && Number(f[4]) === pid)
    .map((f) => {
      const ino = Number((f[5] as string).split(':')[2]);
      return {
        mode: f[3] as HeldLock['mode'],
        file: ino === db ? 'db' : ino === shm ? 'shm' : 'other',
        start: Number(f[6]),
        end: f[7] === 'EOF' ? Infinity : Number(f[7]),
      };
    });
}

/** SQLite's SHARED lock range on the main file (the lock byte page starts at 1 GiB). */
const SHARED_FIRST = 1073741826;
const holdsSharedOnDb = (locks: HeldLock[]) => locks.some((l) => l.file === 'db' && l.mode === 'READ' && l.start <= SHARED_FIRST && l.end >= SHARED_FIRST);
/** WAL_WRITE_LOCK: byte 120 of the -shm. */
const holdsWalWriteLock = (locks: HeldLock[]) => locks.some((l) => l.file === 'shm' && l.mode === 'WRITE' && l.start <= 120 && l.end >= 120);

describe.runIf(process.platform === 'linux')('the backup keeps every SQLite lock of its process (issue 9)', () => {
  it('during the copy: its connection still holds its lock on the database, its guard the write lock; no other process can write', async () => {
    const dbPath = newStore('during-copy');
    const child = await pausedBackup(dbPath, 'backup:copying');
    const locks = locksOf(child.pid!, dbPath);
    expect(holdsSharedOnDb(locks), JSON.stringify(locks)).toBe(true);
    expect(holdsWalWriteLock(locks), JSON.stringify(locks)).toBe(true);

    const other = new Database(dbPath);
    other.pragma('busy_timeout = 0');
    expect(() => other.exec('BEGIN IMMEDIATE')).toThrow(/database is locked/);
    other.close();
  });

  it('after the copy: its connection still holds its lock, so another program closing its last connection leaves the -wal alone', async () => {
    const dbPath = newStore('after-copy');
    const child = await pausedBackup(dbPath, 'backup:renamed');
    expect(holdsSharedOnDb(locksOf(child.pid!, dbPath))).toBe(true);
    expect(fs.existsSync(`${dbPath}-wal`)).toBe(true);

    // Another program opens, writes and closes. Were the backup's lock gone, this close would look like
    // the last one: it would checkpoint and delete the -wal and -shm under the backup's open connection.
    const other = new Database(dbPath);
    other.prepare(`INSERT INTO price_levels (id, name, discount_bp, created_at) VALUES ('pl-other', 'other program', 5, 't')`).run();
    other.close();
    expect(fs.existsSync(`${dbPath}-wal`)).toBe(true);
    expect(fs.existsSync(`${dbPath}-shm`)).toBe(true);
  });

  it('control: a plain fs copy of the file while a connection is open drops that connection’s lock', () => {
    const dbPath = newStore('control');
    const db = openDatabase(dbPath);
    db.prepare('SELECT count(*) FROM products').get();
    expect(holdsSharedOnDb(locksOf(process.pid, dbPath))).toBe(true);
    fs.copyFileSync(dbPath, `${dbPath}.copy`);
    expect(holdsSharedOnDb(locksOf(process.pid, dbPath))).toBe(false);
    db.close();
  });
});

describe('raw bytes of a database are read only when this process has no connection to it', () => {
  it('counts the connections per file and refuses a damaged-copy while one is open', () => {
    const dbPath = newStore('count');
    const dir = path.join(path.dirname(dbPath), 'backups');
    expect(connectionsOpenTo(dbPath)).toBe(0);
    const a = openDatabase(dbPath);
    const b = openConnection(path.join(path.dirname(dbPath), '.', 'pos.sqlite'));
    expect(connectionsOpenTo(dbPath)).toBe(2);
    expect(() => preserveDamagedDatabase(dbPath, dir)).toThrow(DatabaseStillOpenError);
    expect(() => assertNotOpenHere(dbPath, 'read')).toThrow(/refusing to read .* this process still has 2 connection\(s\) to it/);
    a.close();
    a.close();
    expect(connectionsOpenTo(dbPath)).toBe(1);
    b.close();
    expect(connectionsOpenTo(dbPath)).toBe(0);
    expect(preserveDamagedDatabase(dbPath, dir)).toMatch(/\.damaged-db$/);
  });
});
