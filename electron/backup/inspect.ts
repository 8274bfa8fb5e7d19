import crypto from 'node:crypto';
import fs from 'node:fs';
import { openConnection, type Db } from '../db/connections';
import { executedMigrations } from '../db/migrator';
import { countRows } from '../db/status';
import { readStoreIdentity } from '../db/store-identity';
import { tenantsInStore } from '../tenancy/tenants/in-store';
import { removeIfExists } from './durable';

export type CheckKind = 'quick_check' | 'integrity_check';

/** sha256 of a whole file, streamed so a 600 MB backup never sits in memory. */
export async function sha256File(file: string, onBytes?: (done: number) => void): Promise<string> {
  const hash = crypto.createHash('sha256');
  let done = 0;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 4 * 1024 * 1024 })) {
    hash.update(chunk as Buffer);
    done += (chunk as Buffer).length;
    onBytes?.(done);
  }
  return hash.digest('hex');
}

export interface CopyInspection {
  check: { kind: CheckKind; result: string };
  executedMigrations: string[];
  rowCounts: Record<string, number>;
  /** Rows PRAGMA foreign_key_check reported on the copy, when asked for (`foreignKeys`); null when not run. */
  foreignKeyViolations: number | null;
  /** The copy's store_identity (null: it has none) and the tenants whose rows it holds. */
  storeId: string | null;
  tenants: string[];
}

const unreadable = (kind: CheckKind, result: string): CopyInspection => ({
  check: { kind, result },
  executedMigrations: [],
  rowCounts: {},
  foreignKeyViolations: null,
  storeId: null,
  tenants: [],
});

/**
 * Opens a backup copy read-only and asks SQLite whether it is sound, which
 * migrations it records, how many rows each table holds, which store it is and
 * which tenants it holds. Copies are rollback-journal files (markRollbackJournal);
 * an older backup in WAL mode leaves an empty -wal and a -shm when opened
 * read-only: they are removed, so the backup folder holds only backups and manifests.
 */
export function inspectCopy(file: string, kind: CheckKind = 'quick_check', options: { foreignKeys?: boolean } = {}): CopyInspection {
  let db: Db | undefined;
  try {
    db = openConnection(file, { readonly: true });
    const rows = db.pragma(kind) as Record<string, string>[];
    const result = rows.map((r) => Object.values(r)[0]).join('; ');
    if (result !== 'ok') return unreadable(kind, result);
    // A 64 MB page cache holds the parent keys the check probes (about half the time of the 2 MB default on the large store).
    if (options.foreignKeys) db.pragma('cache_size = -65536');
    const foreignKeyViolations = options.foreignKeys ? (db.pragma('foreign_key_check') as unknown[]).length : null;
    return {
      check: { kind, result },
      executedMigrations: executedMigrations(db),
      rowCounts: countRows(db),
      foreignKeyViolations,
      storeId: readStoreIdentity(db)?.storeId ?? null,
      tenants: tenantsInStore(db).map((t) => t.name),
    };
  } catch (err) {
    return unreadable(kind, `cannot be read: ${(err as Error).message}`);
  } finally {
    db?.close();
    removeReadOnlySidecars(file);
  }
}

function removeReadOnlySidecars(file: string): void {
  try {
    if (fs.statSync(`${file}-wal`).size !== 0) return;
  } catch {
    return;
  }
  removeIfExists(`${file}-wal`);
  removeIfExists(`${file}-shm`);
}
