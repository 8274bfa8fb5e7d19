import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { databaseContentHashes } from '../../electron/db/content-hash';
import { openDatabase } from '../../electron/db/open';
import { copyDatabase, makeDemoDatabase } from '../helpers';

/** One small legacy demo store per test file; each test works on its own copy in its own folder. */
export async function smallStoreFactory(root: string): Promise<(name: string) => string> {
  const template = await makeDemoDatabase(root, 'small');
  let n = 0;
  return (name: string) => {
    const dir = path.join(root, `${name.replace(/\W+/g, '-')}-${n++}`);
    fs.mkdirSync(dir);
    return copyDatabase(template, path.join(dir, 'pos.sqlite'));
  };
}

/** Content hashes of every table in a database file, read-only. */
export function contentHashesOf(file: string): Record<string, string> {
  const db = openDatabase(file, { readonly: true });
  try {
    return databaseContentHashes(db);
  } finally {
    db.close();
  }
}

/** Every file in a folder, sorted; for "nothing else was written" assertions. */
export function filesIn(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}

/** sha256 of a file's bytes, read whole (test databases are small). */
export function fileSha(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/**
 * The content hashes of a restored database without the bookkeeping rows the
 * restore adds (the two `backups` rows, the `restore_jobs` row and its audit_log
 * entries, one per tenant), computed on
 * a scratch copy so the restored file itself stays as it is.
 */
export function contentHashesWithout(file: string, rows: { backups: string[]; restoreJobs: string[] }): Record<string, string> {
  const scratch = `${file}.without-bookkeeping`;
  fs.copyFileSync(file, scratch);
  const db = openDatabase(scratch);
  try {
    const del = (table: string, ids: string[]) => {
      for (const id of ids) expect(db.prepare(`DELETE FROM ${table} WHERE id = ?`).run(id).changes).toBe(1);
    };
    for (const job of rows.restoreJobs) {
      expect(db.prepare(`DELETE FROM audit_log WHERE entity_type = 'restore_jobs' AND entity_id = ?`).run(job).changes).toBeGreaterThan(0);
    }
    del('restore_jobs', rows.restoreJobs);
    del('backups', rows.backups);
    return databaseContentHashes(db);
  } finally {
    db.close();
    for (const f of [scratch, `${scratch}-wal`, `${scratch}-shm`]) fs.rmSync(f, { force: true });
  }
}
