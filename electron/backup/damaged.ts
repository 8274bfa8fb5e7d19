import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { assertNotOpenHere } from '../db/connections';
import { DamagedDatabaseError } from '../errors';
import { fsyncDir, fsyncFile } from './durable';

/**
 * True when an error says the store database itself is damaged (SQLite cannot
 * read it, or a copy of it fails its check): the case where a restore is most
 * needed and a verified pre-restore backup is impossible.
 */
export function isDamagedDatabaseError(err: unknown): boolean {
  if (err instanceof DamagedDatabaseError) return true;
  const code = (err as { code?: string } | null)?.code;
  return code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT_INDEX';
}

/**
 * Keeps the damaged database's bytes (and its -wal, which may hold the last
 * sales) in the backup folder before a restore replaces it, for support to
 * salvage. Deliberately not a backup: no manifest, a name the listing and the
 * cleanup of half-written backups leave alone, never offered for restore.
 * The bytes are copied with fs, which is only safe while this process has no
 * connection to the file (closing the copy's descriptor would drop their
 * locks): checked, not assumed. Returns the kept file's name.
 */
export function preserveDamagedDatabase(dbPath: string, backupDir: string, now: Date = new Date()): string {
  assertNotOpenHere(dbPath, 'copy the damaged bytes of');
  fs.mkdirSync(backupDir, { recursive: true });
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const name = `${stamp}-damaged-${crypto.randomBytes(3).toString('hex')}.damaged-db`;
  for (const suffix of ['', '-wal']) {
    const src = `${dbPath}${suffix}`;
    if (!fs.existsSync(src)) continue;
    const dest = path.join(backupDir, `${name}${suffix}`);
    fs.copyFileSync(src, dest);
    fsyncFile(dest);
  }
  fsyncDir(backupDir);
  return name;
}
