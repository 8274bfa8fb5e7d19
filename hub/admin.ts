import crypto from 'node:crypto';
import type pg from 'pg';
import { isValidTenantId, TENANT_ID_RULE } from '../contracts/tenant-id';
import { newEnrollmentCode, sha256 } from './credentials';
import { withTenant } from './db/tenant-tx';
import { HubAdminError } from './errors';
import { logChanges } from './push/push';

/**
 * What the hub's operator does (pos-hub tenant add, enroll-code, tills, revoke,
 * price set). Each runs in one transaction with the tenant set, as a request
 * does: the owner role is under the same row-level security (FORCE).
 */
function checkTenant(tenantId: string): void {
  if (!isValidTenantId(tenantId)) throw new HubAdminError(`"${tenantId}" is not a tenant id`, TENANT_ID_RULE);
}

export async function addTenant(pool: pg.Pool, tenantId: string, name: string): Promise<void> {
  checkTenant(tenantId);
  if (!name.trim()) throw new HubAdminError('a tenant needs a name', 'Pass --name "Store name"');
  await withTenant(pool, tenantId, async (tx) => {
    const r = await tx.query(`INSERT INTO hub.tenants (tenant_id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [tenantId, name]);
    if (r.rowCount === 0) throw new HubAdminError(`tenant ${tenantId} already exists`, 'Choose another id, or use it as it is');
    await tx.query(`INSERT INTO hub.tenant_versions (tenant_id) VALUES ($1)`, [tenantId]);
  });
}

async function requireTenant(tx: pg.PoolClient, tenantId: string): Promise<void> {
  const r = await tx.query(`SELECT 1 FROM hub.tenants`);
  if (r.rowCount !== 1) throw new HubAdminError(`the hub has no tenant ${tenantId}`, 'Add it first: pos-hub tenant add --tenant ID --name NAME');
}

/** A one-time code for one till of the tenant; the hub keeps only its hash. */
export async function createEnrollmentCode(pool: pg.Pool, tenantId: string, tillName: string, ttlHours = 72): Promise<{ code: string; expiresAt: Date }> {
  checkTenant(tenantId);
  if (!tillName.trim() || tillName.length > 64) throw new HubAdminError('a till needs a name of 1 to 64 characters', 'Pass --till "Front counter"');
  return withTenant(pool, tenantId, async (tx) => {
    await requireTenant(tx, tenantId);
    const code = newEnrollmentCode(tenantId);
    const r = await tx.query<{ expires_at: Date }>(
      `INSERT INTO hub.enrollment_codes (tenant_id, id, code_sha256, till_name, expires_at)
       VALUES ($1, $2, $3, $4, now() + make_interval(hours => $5)) RETURNING expires_at`,
      [tenantId, crypto.randomUUID(), sha256(code), tillName, ttlHours],
    );
    return { code, expiresAt: r.rows[0]!.expires_at };
  });
}

export interface TillInfo {
  id: string;
  name: string;
  app_version: string;
  schema: string;
  last_seq: number;
  enrolled_at: Date;
  last_seen_at: Date | null;
  revoked_at: Date | null;
}

export async function listTills(pool: pg.Pool, tenantId: string): Promise<TillInfo[]> {
  checkTenant(tenantId);
  return withTenant(pool, tenantId, async (tx) => {
    const r = await tx.query(`SELECT id, name, app_version, schema, last_seq::int, enrolled_at, last_seen_at, revoked_at FROM hub.tills ORDER BY enrolled_at`);
    return r.rows as TillInfo[];
  });
}

/** Effective on the till's next request: every request looks the credential up again. */
export async function revokeTill(pool: pg.Pool, tenantId: string, till: string): Promise<void> {
  checkTenant(tenantId);
  await withTenant(pool, tenantId, async (tx) => {
    const r = await tx.query(`UPDATE hub.tills SET revoked_at = coalesce(revoked_at, now()) WHERE id::text = $1 OR name = $1 RETURNING id`, [till]);
    if (r.rowCount === 0) throw new HubAdminError(`tenant ${tenantId} has no till ${till}`, 'See `pos-hub tills --tenant ID` for ids and names');
    if (r.rowCount! > 1) throw new HubAdminError(`tenant ${tenantId} has ${r.rowCount} tills named ${till}`, 'Revoke by id instead');
  });
}

/** A price changed on the hub: every till of the tenant gets the product row on its next pull. */
export async function setPrice(pool: pg.Pool, tenantId: string, sku: string, cents: number): Promise<void> {
  checkTenant(tenantId);
  if (!Number.isInteger(cents) || cents < 0) throw new HubAdminError(`${cents} is not a price in cents`, 'Pass --cents with a whole number, e.g. 1299');
  await withTenant(pool, tenantId, async (tx) => {
    const r = await tx.query<{ id: string; row: Record<string, unknown> }>(
      `UPDATE hub.products SET price_cents = $2, row = row || jsonb_build_object('price_cents', $2::int, 'updated_at', $3::text) WHERE sku = $1 RETURNING id, row`,
      [sku, cents, new Date().toISOString()],
    );
    if (r.rowCount !== 1)
      throw new HubAdminError(`tenant ${tenantId} has no product ${sku} on the hub`, 'Import the catalogue first: pos-hub catalogue import');
    await logChanges(tx, [{ table: 'products', id: r.rows[0]!.id, op: 'upsert', row: r.rows[0]!.row, origin: null }]);
  });
}

export interface HubStatus {
  tenant: string;
  tills: number;
  operations: number;
  version: number;
  conflicts: number;
}

export async function tenantStatus(pool: pg.Pool, tenantId: string): Promise<HubStatus> {
  checkTenant(tenantId);
  return withTenant(pool, tenantId, async (tx) => {
    await requireTenant(tx, tenantId);
    const r = await tx.query(`SELECT (SELECT count(*)::int FROM hub.tills) AS tills, (SELECT count(*)::int FROM hub.applied_operations) AS operations,
      (SELECT version::int FROM hub.tenant_versions) AS version, (SELECT count(*)::int FROM hub.sync_conflicts) AS conflicts`);
    return { tenant: tenantId, ...r.rows[0] };
  });
}
