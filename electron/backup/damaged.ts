import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { NotADatabaseError } from '../errors';
import { fsyncDir, fsyncFile } from './durable';
import { BackupFailedError } from './errors';

/**
 * True when an error says the store database itself is damaged (SQLite cannot
 * read it, or a copy of it fails its check): the case where a restore is most
 * needed and a verified pre-restore backup is impossible.
 */
export function isDamagedDatabaseError(err: unknown): boolean {
  if (err instanceof NotADatabaseError) return true;
  if (err instanceof BackupFailedError) return err.sourceDamaged;
  const code = (err as { code?: string } | null)?.code;
  return code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT_INDEX';
}

/**
 * Keeps the damaged database's bytes (and its -wal, which may hold the last
 * sales) in the backup folder before a restore replaces it, for support to
 * salvage. Deliberately not a backup: no manifest, a name the listing and the
 * cleanup of half-written backups leave alone, never offered for restore.
 * Returns the kept file's name.
 */
export function preserveDamagedDatabase(dbPath: string, backupDir: string, now: Date = new Date()): string {
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
