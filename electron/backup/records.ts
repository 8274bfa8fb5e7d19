import crypto from 'node:crypto';
import type { Db } from '../db/open';
import { columnNames, storeOwnerTenant, tableExists } from '../db/status';
import type { BackupManifest } from './types';

/**
 * The database's own history of backups and restores. After the tenant migration
 * these tables carry tenant_id; a backup is of the whole store file, so its
 * rows belong to the store's owner (storeOwnerTenant) and say so explicitly.
 */
function insertRow(db: Db, table: string, row: Record<string, unknown>, orIgnore = false): void {
  if (!tableExists(db, table)) return;
  const values = columnNames(db, table).includes('tenant_id') ? { ...row, tenant_id: storeOwnerTenant(db) } : row;
  const cols = Object.keys(values);
  db.prepare(`INSERT ${orIgnore ? 'OR IGNORE ' : ''}INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`).run(values);
}

/** The destination, when it is one of the owner's (the only ones the policy names): never a reference across tenants. */
function existingDestination(db: Db, destinationId: string | null): string | null {
  if (!destinationId || !tableExists(db, 'backup_destinations')) return null;
  const scoped = columnNames(db, 'backup_destinations').includes('tenant_id');
  const found = scoped
    ? db.prepare(`SELECT 1 FROM backup_destinations WHERE id = ? AND tenant_id = ?`).get(destinationId, storeOwnerTenant(db))
    : db.prepare(`SELECT 1 FROM backup_destinations WHERE id = ?`).get(destinationId);
  return found ? destinationId : null;
}

/** One `backups` row per backup; a row already there (same id) is left as it is. */
export function recordBackup(db: Db, manifest: BackupManifest, verified: boolean, destinationId: string | null): void {
  insertRow(
    db,
    'backups',
    {
      id: manifest.id,
      file_name: manifest.fileName,
      reason: manifest.reason,
      size_bytes: manifest.sizeBytes,
      sha256: manifest.sha256,
      schema_version: manifest.schemaVersion ?? '',
      verified: verified ? 1 : 0,
      destination_id: existingDestination(db, destinationId),
      created_at: manifest.createdAt,
    },
    true,
  );
}

export interface RestoreJobRecord {
  backupId: string;
  preRestoreBackupId: string | null;
  status: 'succeeded' | 'failed';
  requestedBy: string | null;
  error: string | null;
  startedAt: string;
  finishedAt: string;
}

export function recordRestoreJob(db: Db, job: RestoreJobRecord): string {
  const id = crypto.randomUUID();
  insertRow(db, 'restore_jobs', {
    id,
    backup_id: job.backupId,
    pre_restore_backup_id: job.preRestoreBackupId,
    status: job.status,
    requested_by: job.requestedBy,
    error: job.error,
    started_at: job.startedAt,
    finished_at: job.finishedAt,
  });
  return id;
}
