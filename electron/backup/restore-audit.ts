import crypto from 'node:crypto';
import { DEFAULT_TENANT_ID } from '../../contracts/tenant-id';
import type { Db } from '../db/open';
import { columnNames, tableExists, tenantIdsInStore } from '../db/status';
import type { RestoreImpact } from './types';

export const RESTORE_AUDIT_ACTION = 'store.restore';

export interface RestoreAuditEntry {
  restoreJobId: string;
  backupId: string;
  requestedBy: string | null;
  at: string;
  /** null: the replaced database was too damaged to say what it held. */
  impact: RestoreImpact | null;
}

/**
 * A restore is audited in the file it leaves in place, once per tenant that
 * file holds: each tenant's own audit trail says that the store went back to
 * the backup, what that tenant lost, and what the others lost (the restore is
 * store-wide, so a tenant's staff learn why another store's work vanished).
 * A tenant the restore removed entirely has no rows left to hold its entry: its
 * loss is in every remaining tenant's entry (storeWide) and in the restore_jobs
 * row the entries point at. A v1 file (no tenant_id yet) gets one entry, the
 * default tenant's by the column's DEFAULT once it is upgraded. user_id stays
 * NULL: the requester is named in the details (a user id of the replaced file
 * may not exist in the restored one).
 */
export function auditRestore(db: Db, entry: RestoreAuditEntry): number {
  if (!tableExists(db, 'audit_log')) return 0;
  const scoped = columnNames(db, 'audit_log').includes('tenant_id');
  const tenants = scoped ? tenantIdsInStore(db) : [];
  const storeWide = entry.impact?.tenants.map(({ tenantId, name, inBackup, rowsWritten, sales, queuedNotSynced }) => ({
    tenantId,
    name,
    removed: !inBackup,
    rowsWritten,
    sales,
    queuedNotSynced,
  }));
  const details = (tenantId: string) =>
    JSON.stringify({
      v: 1,
      backupId: entry.backupId,
      backupCreatedAt: entry.impact?.backupCreatedAt ?? null,
      requestedBy: entry.requestedBy,
      lost: storeWide?.find((t) => t.tenantId === tenantId) ?? null,
      storeWide: storeWide ?? null,
      upgradeRunsAgain: entry.impact?.upgradeRunsAgain ?? null,
    });
  const base = { user_id: null, action: RESTORE_AUDIT_ACTION, entity_type: 'restore_jobs', entity_id: entry.restoreJobId, created_at: entry.at };
  const rows = scoped
    ? (tenants.length > 0 ? tenants : [DEFAULT_TENANT_ID]).map((t) => ({ ...base, id: crypto.randomUUID(), tenant_id: t, details: details(t) }))
    : [{ ...base, id: crypto.randomUUID(), details: details(DEFAULT_TENANT_ID) }];
  for (const row of rows) {
    const cols = Object.keys(row);
    db.prepare(`INSERT INTO audit_log (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`).run(row);
  }
  return rows.length;
}
