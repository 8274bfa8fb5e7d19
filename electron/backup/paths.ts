import crypto from 'node:crypto';
import path from 'node:path';
import type { BackupReason } from './types';

export const BACKUP_REASONS: readonly BackupReason[] = ['pre-upgrade', 'manual', 'pre-restore', 'scheduled'];

/** The default backup folder: `backups/` beside the database, so it moves with the store's data folder. */
export function defaultBackupDir(dbPath: string): string {
  return path.join(path.dirname(path.resolve(dbPath)), 'backups');
}

/** Sortable by time (to the second) and unique: `20261129T170102Z-pre-upgrade-3f9a1c`. */
export function newBackupId(reason: BackupReason, now: Date = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${reason}-${crypto.randomBytes(3).toString('hex')}`;
}

const ID_PATTERN = new RegExp(`^\\d{8}T\\d{6}Z-(${BACKUP_REASONS.join('|')})-[0-9a-f]{6}$`);

/** Ids come from users (CLI, renderer): only this exact shape is accepted, so an id can never name another path. */
export function isBackupId(id: string): boolean {
  return ID_PATTERN.test(id);
}

export const backupFileName = (id: string): string => `${id}.sqlite`;
export const manifestFileName = (id: string): string => `${id}.json`;

/** A copy still being written; never listed, removed by the next cleanup. */
export const PARTIAL_SUFFIX = '.partial';
/** A manifest being written; renamed to `<id>.json` only when complete and synced. */
export const MANIFEST_TEMP_SUFFIX = '.json.tmp';

/** The file a restore copies to before renaming it over the database; removed on the next restore or start. */
export const restoreTempPath = (dbPath: string): string => `${path.resolve(dbPath)}.restore-tmp`;
