import type pg from 'pg';
import { isValidTenantId, TENANT_ID_RULE } from '../contracts/tenant-id';
import { withTenant } from './db/tenant-tx';
import { HubAdminError } from './errors';

export interface Compaction {
  tenant: string;
  /** Change-log rows removed. */
  removed: number;
  /** The tenant's tenant_versions.min_version now: a pull cursor below it gets a resync. */
  minVersion: number;
}

/**
 * Prunes the tenant's change log of what is older than `keepDays`: every change
 * of a row that a later change of the same row supersedes, and tombstones (a
 * resync leaves deleted rows out anyway). The latest upsert of every row stays,
 * whatever its age, so a resync still sends the whole state; min_version moves to
 * the newest pruned version, so a till whose cursor is older (offline longer than
 * that) gets a resync instead of a delta with holes.
 */
export async function compactChangeLog(pool: pg.Pool, tenantId: string, keepDays: number): Promise<Compaction> {
  if (!isValidTenantId(tenantId)) throw new HubAdminError(`"${tenantId}" is not a tenant id`, TENANT_ID_RULE);
  if (!Number.isInteger(keepDays) || keepDays < 1)
    throw new HubAdminError(`${keepDays} is not a number of days`, 'Pass --keep-days with a whole number >= 1, e.g. 30');
  return withTenant(pool, tenantId, async (tx) => {
    const t = await tx.query<{ min_version: string }>(`SELECT min_version FROM hub.tenant_versions`);
    if (t.rowCount !== 1) throw new HubAdminError(`the hub has no tenant ${tenantId}`, 'See pos-hub status, or add it: pos-hub tenant add');
    // Versions commit in order (the counter row is locked until COMMIT), so every version up to the cutoff is committed.
    const c = await tx.query<{ cutoff: string | null }>(
      `SELECT max(version) AS cutoff FROM hub.change_log WHERE logged_at < now() - make_interval(days => $1)`,
      [keepDays],
    );
    const cutoff = c.rows[0]?.cutoff === null || c.rows[0]?.cutoff === undefined ? null : Number(c.rows[0].cutoff);
    if (cutoff === null) return { tenant: tenantId, removed: 0, minVersion: Number(t.rows[0]!.min_version) };
    const d = await tx.query(
      `DELETE FROM hub.change_log c WHERE c.version <= $1
         AND (c.op = 'delete' OR EXISTS (SELECT 1 FROM hub.change_log n WHERE n.table_name = c.table_name AND n.row_id = c.row_id AND n.version > c.version))`,
      [cutoff],
    );
    const v = await tx.query<{ min_version: string }>(`UPDATE hub.tenant_versions SET min_version = greatest(min_version, $1) RETURNING min_version`, [cutoff]);
    return { tenant: tenantId, removed: d.rowCount ?? 0, minVersion: Number(v.rows[0]!.min_version) };
  });
}
