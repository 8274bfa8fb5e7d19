import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/db/open';
import { readStoreStatus } from '../../electron/db/status';
import { MIGRATIONS } from '../../migrations';
import { makeDemoDatabase, tempDir } from '../helpers';

const dir = tempDir();

/**
 * What a SIGKILL or power cut in the middle of the tenant migration leaves: the
 * main file already holds some of the transaction's pages (the page cache
 * spilled) and a hot rollback journal holds the originals.
 */
async function crashedMidTransaction(): Promise<{ file: string; usersBefore: number }> {
  const legacy = await makeDemoDatabase(dir);
  const live = new Database(legacy);
  live.pragma('journal_mode = DELETE');
  live.pragma('cache_size = 10');
  const usersBefore = (live.prepare(`SELECT count(*) AS n FROM users WHERE display_name <> 'half-migrated'`).get() as { n: number }).n;
  live.exec('BEGIN IMMEDIATE');
  live.exec(`UPDATE users SET display_name = 'half-migrated'`);
  live.exec('CREATE TABLE scratch AS SELECT * FROM audit_log');
  const file = path.join(dir, `crashed-${path.basename(legacy)}`);
  fs.copyFileSync(legacy, file);
  fs.copyFileSync(`${legacy}-journal`, `${file}-journal`);
  live.exec('ROLLBACK');
  live.close();
  return { file, usersBefore };
}

describe('a database left by a process killed mid-transaction', () => {
  it('is rolled back to its last committed state when opened read-only (launch check, status, verify)', async () => {
    const { file, usersBefore } = await crashedMidTransaction();
    expect(() => new Database(file, { readonly: true }).prepare('SELECT count(*) FROM users').get()).toThrow(/readonly/i);

    const db = openDatabase(file, { readonly: true });
    expect(db.prepare(`SELECT count(*) AS n FROM users WHERE display_name <> 'half-migrated'`).get()).toEqual({ n: usersBefore });
    expect(db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'scratch'`).get()).toEqual({ n: 0 });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
    expect(fs.existsSync(`${file}-journal`)).toBe(false);
    expect(readStoreStatus(file, MIGRATIONS).tables).toHaveLength(32);
  });
});
