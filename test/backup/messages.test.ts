import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/index';
import { openDatabase } from '../../electron/db/open';
import { tempDir } from '../helpers';
import { smallStoreFactory } from './fixtures';
import { captureIo as io } from '../support/cli-io';

/** Messages that point the right way (issue 9, item 8): each names what is wrong and what to do. */
const root = tempDir('pos-backup-messages-');
let newStore: (name: string) => string;
beforeAll(async () => {
  newStore = await smallStoreFactory(root);
});

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = io();
  const code = await runCli(argv, out);
  return { code, stdout: out.stdout.join('\n'), stderr: out.stderr.join('\n') };
}

/** Pages in the middle scrambled, as a failing disk does; page 1 (header, schema root) intact. */
function scramble(dbPath: string): void {
  const fd = fs.openSync(dbPath, 'r+');
  const pages = Math.floor(fs.statSync(dbPath).size / 4096);
  for (let p = Math.floor(pages / 3); p < Math.floor(pages / 3) + 20; p++) fs.writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, p * 4096);
  fs.closeSync(fd);
}

describe('a damaged store', () => {
  const damaged = /the store database is damaged .*Restore a backup with `pos-db restore --db .*pos\.sqlite --backup ID`/;

  it('status, backup and upgrade say it is damaged and to restore a backup (not "not a POS database", not "unexpected error")', async () => {
    const dbPath = newStore('damaged');
    scramble(dbPath);
    for (const argv of [
      ['status', '--db', dbPath],
      ['backup', '--db', dbPath],
      ['upgrade', '--db', dbPath],
    ]) {
      const r = await cli(argv);
      expect(r.code, argv[0]).toBe(1);
      expect(r.stderr, argv[0]).toMatch(damaged);
      expect(r.stderr, argv[0]).not.toMatch(/unexpected error|not a POS database/);
    }
  });

  it('a file that still starts like an SQLite file but whose header is broken is damaged; one that does not is not a database', async () => {
    const dbPath = newStore('header');
    const fd = fs.openSync(dbPath, 'r+');
    fs.writeSync(fd, Buffer.alloc(40, 0xff), 0, 40, 16); // page size, versions, counters: garbage; the magic string stays
    fs.closeSync(fd);
    expect((await cli(['status', '--db', dbPath])).stderr).toMatch(/the store database is damaged \(its header is damaged\)/);

    const text = path.join(path.dirname(dbPath), 'notes.txt');
    fs.writeFileSync(text, 'shopping list');
    const r = await cli(['status', '--db', text]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is not a POS database \(it has no SQLite header\)/);
  });
});

/**
 * Permission problems, seen as an ordinary user would see them: the tests run
 * as root here, which ignores file modes, so pos-db runs as `nobody` (setpriv).
 */
const ROOT_ONLY = process.getuid?.() === 0 && spawnSync('setpriv', ['--version']).status === 0;
function asUser(argv: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, path.resolve('bin/pos-db.mjs'), ...argv], {
    encoding: 'utf8',
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A store in a folder of its own that user `nobody` can read; `owner` decides who may write what. */
function storeFor(name: string, chmod: { folder: number; file: number }): string {
  const dbPath = newStore(name);
  const dir = path.dirname(dbPath);
  for (let d = dir; d !== path.dirname(root); d = path.dirname(d)) fs.chmodSync(d, 0o755);
  fs.chownSync(dir, 65534, 65534);
  fs.chownSync(dbPath, 65534, 65534);
  fs.chmodSync(dbPath, chmod.file);
  fs.chmodSync(dir, chmod.folder);
  return dbPath;
}

describe.runIf(ROOT_ONLY)('read-only files and folders (pos-db run as an ordinary user)', () => {
  it('status works in a read-only folder (nothing written there); backup says the folder is read-only', () => {
    const dbPath = storeFor('ro-folder', { folder: 0o555, file: 0o644 });
    const before = fs.readdirSync(path.dirname(dbPath)).sort();
    const status = asUser(['status', '--db', dbPath]);
    expect(status.stderr).toBe('');
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/Schema version:\s+0001-legacy-schema/);
    expect(status.stdout).toMatch(/32 tables, \d+ rows/);
    expect(fs.readdirSync(path.dirname(dbPath)).sort()).toEqual(before);

    const backup = asUser(['backup', '--db', dbPath]);
    expect(backup.code).toBe(1);
    expect(backup.stderr).toMatch(
      new RegExp(
        `The folder ${path.dirname(dbPath)} is read-only: SQLite cannot create its journal files beside .*Make the folder writable.*pos-db status --db FILE\` and \`pos-db verify\` work without write access`,
      ),
    );
  });

  it('a read-only file: upgrade and backup name the file, status still works', () => {
    const dbPath = storeFor('ro-file', { folder: 0o755, file: 0o444 });
    for (const argv of [
      ['upgrade', '--db', dbPath],
      ['backup', '--db', dbPath],
    ]) {
      const r = asUser(argv);
      expect(r.code, argv[0]).toBe(1);
      expect(r.stderr, argv[0]).toMatch(new RegExp(`${dbPath} is a read-only file: it cannot be changed\\. Make the file writable`));
    }
    expect(asUser(['status', '--db', dbPath]).code).toBe(0);
  });

  it('a -shm left read-only (another user ran it, then the permissions were fixed) is named, with what to delete', () => {
    const dbPath = storeFor('stale-shm', { folder: 0o755, file: 0o644 });
    fs.writeFileSync(`${dbPath}-shm`, Buffer.alloc(32768));
    fs.chmodSync(`${dbPath}-shm`, 0o444); // owned by root, read-only for everyone else
    const r = asUser(['backup', '--db', dbPath]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(`${dbPath}-shm is left read-only beside .* \\(a stale shared-memory file.*delete ${dbPath}-shm \\(SQLite recreates it\\)`),
    );
  });

  it('status in a read-only folder whose -wal holds commits says what to do instead of failing obscurely', () => {
    const dbPath = newStore('ro-wal');
    const db = openDatabase(dbPath);
    db.pragma('wal_autocheckpoint = 0');
    db.prepare(`UPDATE products SET name = name || ' (in the WAL)' WHERE rowid = 1`).run();
    // Keep the -wal with its commit as a crash would: copy the files while the connection is open.
    const dir = path.join(path.dirname(dbPath), 'crashed');
    fs.mkdirSync(dir);
    for (const s of ['', '-wal']) fs.copyFileSync(`${dbPath}${s}`, path.join(dir, `pos.sqlite${s}`));
    db.close();
    const crashed = path.join(dir, 'pos.sqlite');
    for (let d = dir; d !== path.dirname(root); d = path.dirname(d)) fs.chmodSync(d, 0o755);
    fs.chmodSync(dir, 0o555);
    const r = asUser(['status', '--db', crashed]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/is read-only and .*pos\.sqlite-wal holds committed data.*copy .*together with its -wal to a writable folder/);
  });
});
