import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/open';
import { columnNames, storeOwnerTenant, tableExists } from '../db/status';

export const DEFAULT_RETENTION_COUNT = 10;

/** Where backups go and why there; `source` is what the CLI and the app report. */
export interface BackupLocation {
  dir: string;
  source: 'destination' | 'default';
  destinationId: string | null;
  /** Plain words: which folder and why, e.g. why a configured destination was not used. */
  note: string;
}

export interface BackupPolicy {
  retentionCount: number;
  /** The destination named by backup_settings, if any (used only when enabled and its folder exists here). */
  destination: { id: string; name: string; path: string; enabled: boolean } | null;
}

/**
 * The backup policy of the store FILE, not of a tenant: a backup copies every
 * tenant's rows, so the policy is the store owner's (storeOwnerTenant: the
 * default tenant), and its destination is looked up among the owner's own
 * destinations. Another tenant sharing the file (white-label testing) never
 * decides where the whole file goes. A v1 file has no tenant_id: its rows are
 * all the owner's. A database without those tables gets the defaults.
 */
export function readBackupPolicy(db: Db): BackupPolicy {
  if (!tableExists(db, 'backup_settings')) return { retentionCount: DEFAULT_RETENTION_COUNT, destination: null };
  const scoped = columnNames(db, 'backup_settings').includes('tenant_id');
  const owner = storeOwnerTenant(db);
  const settings = db
    .prepare(`SELECT retention_count, destination_id FROM backup_settings ${scoped ? 'WHERE tenant_id = @owner' : ''} ORDER BY updated_at DESC, id LIMIT 1`)
    .get(scoped ? { owner } : {}) as { retention_count: number; destination_id: string | null } | undefined;
  const retentionCount = settings && settings.retention_count >= 1 ? settings.retention_count : DEFAULT_RETENTION_COUNT;
  if (!settings?.destination_id || !tableExists(db, 'backup_destinations')) return { retentionCount, destination: null };
  const row = db
    .prepare(`SELECT id, name, path, enabled FROM backup_destinations WHERE id = @id ${scoped ? 'AND tenant_id = @owner' : ''}`)
    .get(scoped ? { id: settings.destination_id, owner } : { id: settings.destination_id }) as
    { id: string; name: string; path: string; enabled: number } | undefined;
  return { retentionCount, destination: row ? { ...row, enabled: row.enabled === 1 } : null };
}

/** The configured destination when it is enabled and its folder exists on this machine; otherwise `defaultDir`. */
export function resolveBackupLocation(policy: BackupPolicy, defaultDir: string): BackupLocation {
  const d = policy.destination;
  const fallback = (why: string): BackupLocation => ({ dir: path.resolve(defaultDir), source: 'default', destinationId: null, note: why });
  if (!d) return fallback(`default folder ${path.resolve(defaultDir)} (no destination configured)`);
  if (!d.enabled) return fallback(`default folder ${path.resolve(defaultDir)} (destination "${d.name}" is disabled)`);
  if (!isFolder(d.path)) return fallback(`default folder ${path.resolve(defaultDir)} (destination "${d.name}" folder ${d.path} is not reachable here)`);
  return { dir: path.resolve(d.path), source: 'destination', destinationId: d.id, note: `destination "${d.name}" (${d.path})` };
}

function isFolder(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
