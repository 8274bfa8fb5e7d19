import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DiskSpaceError, PreflightError, defaultBackupDir, preflightUpgrade } from '../../electron/backup';
import { openDatabase } from '../../electron/db/open';
import { tempDir } from '../helpers';
import { filesIn, smallStoreFactory } from './fixtures';

const root = tempDir('pos-backup-preflight-');
let newStore: (name: string) => string;
beforeAll(async () => {
  newStore = await smallStoreFactory(root);
});

const plenty = () => 1e15;

describe('preflightUpgrade: refuses before anything changes', () => {
  it('passes a readable, unlocked database with room on the disk', () => {
    const dbPath = newStore('ok');
    const db = openDatabase(dbPath);
    expect(() => preflightUpgrade({ dbPath, db, backupDir: defaultBackupDir(dbPath), freeSpace: plenty })).not.toThrow();
    db.close();
  });

  it('refuses a full disk, saying how much is free and how much is needed (at least twice the database)', () => {
    const dbPath = newStore('full');
    const db = openDatabase(dbPath);
    const size = fs.statSync(dbPath).size;
    const before = filesIn(path.dirname(dbPath));
    const justUnderTwice = () => 2 * size - 1;
    const err = (() => {
      try {
        preflightUpgrade({ dbPath, db, backupDir: defaultBackupDir(dbPath), freeSpace: justUnderTwice });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(DiskSpaceError);
    expect(err).toBeInstanceOf(PreflightError);
    const disk = err as DiskSpaceError;
    expect(disk.check).toBe('disk-space');
    expect(disk.code).toBe('PREFLIGHT_DISK_SPACE');
    expect(disk.neededBytes).toBeGreaterThanOrEqual(2 * size);
    expect(disk.oneLine()).toMatch(/Not enough free disk space on .* free, .* needed .* Free at least/);
    expect(filesIn(path.dirname(dbPath))).toEqual(before);
    db.close();
  });

  it('counts the migration growth: a disk with room for the backup alone is not enough', () => {
    const dbPath = newStore('growth');
    const db = openDatabase(dbPath);
    const size = fs.statSync(dbPath).size;
    expect(() => preflightUpgrade({ dbPath, db, backupDir: defaultBackupDir(dbPath), freeSpace: () => size * 1.2 })).toThrow(DiskSpaceError);
    expect(() => preflightUpgrade({ dbPath, db, backupDir: defaultBackupDir(dbPath), freeSpace: () => size * 2.5 + 64 * 1024 * 1024 })).not.toThrow();
    db.close();
  });

  it('refuses when another program holds the write lock', () => {
    const dbPath = newStore('locked');
    const db = openDatabase(dbPath);
    const other = openDatabase(dbPath);
    other.exec('BEGIN IMMEDIATE');
    expect(() => preflightUpgrade({ dbPath, db, backupDir: defaultBackupDir(dbPath), freeSpace: plenty })).toThrow(
      expect.objectContaining({ check: 'not-locked', message: expect.stringMatching(/locked by another program/) }),
    );
    other.exec('ROLLBACK');
    expect(() => preflightUpgrade({ dbPath, db, backupDir: defaultBackupDir(dbPath), freeSpace: plenty })).not.toThrow();
    other.close();
    db.close();
  });

  it('refuses a backup folder whose parent does not exist', () => {
    const dbPath = newStore('folder');
    const db = openDatabase(dbPath);
    const backupDir = path.join(path.dirname(dbPath), 'no', 'such', 'folder');
    expect(() => preflightUpgrade({ dbPath, db, backupDir, freeSpace: plenty })).toThrow(expect.objectContaining({ check: 'backup-folder' }));
    db.close();
  });

  it('refuses a database that cannot be read', () => {
    const dbPath = newStore('unreadable');
    const db = openDatabase(dbPath);
    db.close();
    expect(() => preflightUpgrade({ dbPath, db, backupDir: defaultBackupDir(dbPath), freeSpace: plenty })).toThrow(
      expect.objectContaining({ check: 'readable' }),
    );
  });
});
