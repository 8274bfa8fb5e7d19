import { DEFAULT_TENANT_ID } from '../../contracts/tenant-id';
import { CATALOGUE, type TableGroup } from '../db/catalogue';
import { openConnection } from '../db/connections';
import type { Migration } from '../db/migration';
import { columnNames, tableExists, tenantIdsInStore } from '../db/status';
import type { Db } from '../db/open';
import { tenantsInStore } from '../tenancy/tenants/in-store';
import { MIGRATIONS } from '../../migrations';
import type { LocatedBackup } from './listing';
import type { RestoreImpact, TenantLoss } from './types';

/**
 * The store's own bookkeeping is not work a store loses: backups and restores are
 * recorded again by the restore itself, and a sign-in is not a sale.
 */
const NOT_WORK: ReadonlySet<TableGroup> = new Set(['backup']);
const NOT_WORK_TABLES: ReadonlySet<string> = new Set(['sessions']);

/** Queued operations the hub has not confirmed: a restore to before they were queued drops them for good. */
const UNSYNCED = `status IN ('pending', 'in_flight', 'failed')`;

interface Counter {
  rowsWritten: Map<string, number>;
  allRows: Map<string, number>;
}

const add = (m: Map<string, number>, tenant: string, n: number) => m.set(tenant, (m.get(tenant) ?? 0) + n);

/** `SELECT tenant_id, count(*)` per table, or everything the default tenant's on a v1 table (no tenant_id yet). */
function countPerTenant(db: Db, table: string, where: string | null, params: unknown[]): [string, number][] {
  const quoted = `"${table.replace(/"/g, '""')}"`;
  const filter = where ? ` WHERE ${where}` : '';
  if (!columnNames(db, table).includes('tenant_id')) {
    return [
      [
        DEFAULT_TENANT_ID,
        db
          .prepare(`SELECT count(*) FROM ${quoted}${filter}`)
          .pluck()
          .get(...params) as number,
      ],
    ];
  }
  return (db.prepare(`SELECT tenant_id AS t, count(*) AS n FROM ${quoted}${filter} GROUP BY tenant_id`).all(...params) as { t: string; n: number }[]).map(
    (r) => [r.t, r.n],
  );
}

/**
 * Rows of the store's work tables written after `since`: created or, where the
 * table keeps it, updated later (an ISO-8601 text compare, as every row's times
 * are written by toISOString). One scan per table for all tenants together.
 */
function countWork(db: Db, since: string, tenantsLostWhole: ReadonlySet<string>): Counter {
  const counter: Counter = { rowsWritten: new Map(), allRows: new Map() };
  for (const spec of CATALOGUE) {
    if (NOT_WORK.has(spec.group) || NOT_WORK_TABLES.has(spec.name) || !tableExists(db, spec.name)) continue;
    const cols = columnNames(db, spec.name);
    const times = ['created_at', 'updated_at'].filter((c) => cols.includes(c));
    if (times.length > 0) {
      const where = times.map((c) => `${c} > ?`).join(' OR ');
      for (const [t, n] of countPerTenant(
        db,
        spec.name,
        where,
        times.map(() => since),
      ))
        add(counter.rowsWritten, t, n);
    }
    if (tenantsLostWhole.size > 0) for (const [t, n] of countPerTenant(db, spec.name, null, [])) if (tenantsLostWhole.has(t)) add(counter.allRows, t, n);
  }
  return counter;
}

function countSince(db: Db, table: string, since: string, extra = ''): Map<string, number> {
  const out = new Map<string, number>();
  if (!tableExists(db, table) || !columnNames(db, table).includes('created_at')) return out;
  for (const [t, n] of countPerTenant(db, table, `created_at > ?${extra ? ` AND ${extra}` : ''}`, [since])) add(out, t, n);
  return out;
}

/** The tenants a backup file holds, read from the file itself (a manifest names them for people, not by id). */
export function tenantIdsOfBackup(file: string): string[] {
  const db = openConnection(file, { readonly: true });
  try {
    const ids = tenantIdsInStore(db);
    return ids.length > 0 ? ids : [DEFAULT_TENANT_ID];
  } finally {
    db.close();
  }
}

/**
 * What restoring `backup` over the live store rolls back, per tenant in the
 * file: a restore replaces the whole file, so every tenant sharing it goes back
 * to the backup's time, not only the one whose staff asked. For each tenant of
 * the live store: the rows written since the backup was taken, the sales among
 * them, and its queued sync operations created since then that the hub has not
 * confirmed (gone with the restore: nothing will ever send them). A tenant the
 * backup does not hold at all loses every row. Read-only.
 */
export function restoreImpact(db: Db, backup: LocatedBackup, migrations: readonly Migration[] = MIGRATIONS): RestoreImpact {
  const since = backup.manifest.createdAt;
  const live = tenantsInStore(db);
  const inBackup = new Set(tenantIdsOfBackup(backup.file));
  const lostWhole = new Set(live.filter((t) => !inBackup.has(t.id)).map((t) => t.id));
  const work = countWork(db, since, lostWhole);
  const sales = countSince(db, 'sales', since);
  const queued = countSince(db, 'pending_operations', since, UNSYNCED);
  const tenants: TenantLoss[] = live.map(({ id, name }) => ({
    tenantId: id,
    name,
    inBackup: inBackup.has(id),
    rowsWritten: lostWhole.has(id) ? (work.allRows.get(id) ?? 0) : (work.rowsWritten.get(id) ?? 0),
    sales: sales.get(id) ?? 0,
    queuedNotSynced: queued.get(id) ?? 0,
  }));
  const liveIds = new Set(live.map((t) => t.id));
  const known = new Set(migrations.map((m) => m.name));
  const pendingAfter = migrations.map((m) => m.name).filter((m) => !backup.manifest.executedMigrations.includes(m));
  return {
    backupId: backup.manifest.id,
    backupCreatedAt: since,
    tenants,
    comesBack: [...inBackup].filter((id) => !liveIds.has(id)),
    upgradeRunsAgain: pendingAfter.length > 0 && backup.manifest.executedMigrations.every((m) => known.has(m)),
    pendingMigrationsAfter: pendingAfter,
  };
}

/** Does the restore lose anything at all? (A restore of a backup taken a second ago loses nothing.) */
export const losesNothing = (impact: RestoreImpact): boolean =>
  impact.tenants.every((t) => t.inBackup && t.rowsWritten === 0 && t.queuedNotSynced === 0 && t.sales === 0);
