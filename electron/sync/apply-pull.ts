import type { Statement } from 'better-sqlite3';
import type { PulledChange } from '../../contracts/sync/protocol';
import { CATALOGUE, parentFirstOrder, type TableName } from '../db/catalogue';
import type { Db } from '../db/open';
import { columnNames } from '../db/status';
import { currentTenantId } from '../tenancy/context';
import { PullRejectedError } from './errors';

/**
 * The tables a pull may write: the store's data (the catalogue the hub owns,
 * balances, what the tenant's other tills pushed) and sync_conflicts (the hub
 * sends a till the contact edit it lost). Never the queue, the log, the
 * credential, the backup records, sessions or the audit trail, which belong to this till.
 */
const NOT_PULLED = new Set<string>(['sessions', 'audit_log']);
export const PULLABLE_TABLES: ReadonlySet<string> = new Set([
  ...CATALOGUE.filter((t) => (t.group === 'core' || t.group === 'sales' || t.group === 'product') && !NOT_PULLED.has(t.name)).map((t) => t.name),
  'sync_conflicts',
]);

/**
 * What a resync replaces: the catalogue the hub owns. Everything else a pull
 * brings (balances, stock, other tills' work, history) is upserted, never swept:
 * the hub holds only what was pushed or imported, not a till's whole past.
 */
export const HUB_OWNED_TABLES: ReadonlySet<string> = new Set(['product_categories', 'price_levels', 'promotions', 'products', 'fitment_data']);

/** Parents before children, so a page's rows pass the foreign keys and 0003's same-tenant triggers in any order the hub sent them. */
const ORDER = new Map<string, number>(parentFirstOrder().map((t, i) => [t.name, i]));

export interface AppliedPage {
  inserted: number;
  updated: number;
  deleted: number;
  /** Tombstones or resync deletions of rows other rows here still reference: kept, logged as a conflict. */
  kept: number;
  /** table -> ids the page upserted (a resync sweeps the rest). */
  seen: Map<string, string[]>;
}

const statements = new WeakMap<Db, Map<string, Statement>>();
function prepared(db: Db, sql: string): Statement {
  let perDb = statements.get(db);
  if (!perDb) statements.set(db, (perDb = new Map()));
  let stmt = perDb.get(sql);
  if (!stmt) perDb.set(sql, (stmt = db.prepare(sql)));
  return stmt;
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Applies one page of pulled changes for the current tenant, inside the
 * caller's transaction. The tenant of every row is the context's (the
 * credential's), whatever the row says; a row id that belongs to another
 * tenant of this file, an unknown table or column, or a constraint the page
 * breaks refuses the whole page (PullRejectedError: nothing written).
 * `log` is called once per change, for sync_log.
 */
export function applyPulledChanges(
  db: Db,
  changes: readonly PulledChange[],
  log: (change: PulledChange, operation: 'insert' | 'update' | 'delete', status: 'ok' | 'conflict', detail: string) => void,
): AppliedPage {
  return whileApplyingPull(db, () => applyPage(db, changes, log));
}

/**
 * Runs `fn` with the row of sync_pull_applying held (migration 0010), so the ledger apply triggers
 * (stock movements, gift card transactions) skip the rows it inserts: a pulled ledger row is history the
 * hub already counted, and its parent (the pulled `inventory` or `gift_cards` row) carries the hub's
 * level or balance. Only inside the caller's transaction: the row is gone before anyone else can read the
 * file, and a rollback takes it too, so the till's own writes always apply.
 */
export function whileApplyingPull<T>(db: Db, fn: () => T): T {
  if (!db.inTransaction) throw new Error('a pulled page is applied inside its transaction only (sync_pull_applying must never be committed)');
  prepared(db, `INSERT INTO sync_pull_applying (applying) VALUES (1)`).run();
  try {
    return fn();
  } finally {
    prepared(db, `DELETE FROM sync_pull_applying`).run();
  }
}

function applyPage(
  db: Db,
  changes: readonly PulledChange[],
  log: (change: PulledChange, operation: 'insert' | 'update' | 'delete', status: 'ok' | 'conflict', detail: string) => void,
): AppliedPage {
  const tenantId = currentTenantId();
  const page: AppliedPage = { inserted: 0, updated: 0, deleted: 0, kept: 0, seen: new Map() };
  const columnsOf = new Map<string, Set<string>>();
  for (const change of changes) {
    if (!PULLABLE_TABLES.has(change.table)) throw new PullRejectedError(`the hub sent rows of '${change.table}', which a till does not take from the hub`);
    if (!columnsOf.has(change.table)) columnsOf.set(change.table, new Set(columnNames(db, change.table)));
  }
  // Upserts parents first, then deletes children first; the hub's order is kept within a table.
  const sorted = changes
    .map((change, i) => ({ change, i, rank: change.op === 'upsert' ? ORDER.get(change.table)! : 10_000 - ORDER.get(change.table)! }))
    .sort((a, b) => a.rank - b.rank || a.i - b.i)
    .map((x) => x.change);
  for (const change of sorted) {
    const table = change.table as TableName;
    const owner = prepared(db, `SELECT tenant_id FROM ${quote(table)} WHERE id = ?`)
      .pluck()
      .get(change.id) as string | undefined;
    if (owner !== undefined && owner !== tenantId) throw new PullRejectedError(`${table} row ${change.id} belongs to another store of this database`);
    if (change.op === 'delete') {
      if (owner === undefined) {
        log(change, 'delete', 'ok', 'tombstone: already absent');
        continue;
      }
      if (deleteRow(db, table, change.id, tenantId)) {
        page.deleted++;
        log(change, 'delete', 'ok', 'tombstone: deleted');
      } else {
        page.kept++;
        log(change, 'delete', 'conflict', 'tombstone: kept, other rows of this till still reference it');
      }
      continue;
    }
    const ignored = upsertRow(db, table, change, tenantId, columnsOf.get(table)!);
    if (owner === undefined) page.inserted++;
    else page.updated++;
    log(
      change,
      owner === undefined ? 'insert' : 'update',
      'ok',
      ignored.length ? `upsert; fields this till has no column for: ${ignored.join(', ')}` : 'upsert',
    );
    const seen = page.seen.get(table) ?? [];
    seen.push(change.id);
    page.seen.set(table, seen);
  }
  return page;
}

/**
 * Inserts or updates the row in the current tenant; returns the fields the row
 * carried that this till's table has no column for (the hub keeps documents
 * with a few fields more, e.g. a gift card code on a redemption): left out
 * and named in sync_log, never guessed into another column.
 */
function upsertRow(db: Db, table: string, change: PulledChange, tenantId: string, columns: Set<string>): string[] {
  const row = change.row;
  if (!row) throw new PullRejectedError(`an upsert of ${table} ${change.id} came without its row`);
  if (row.id !== undefined && row.id !== change.id) throw new PullRejectedError(`an upsert of ${table} ${change.id} carries another id (${String(row.id)})`);
  const fields = Object.keys(row).filter((c) => c !== 'id' && c !== 'tenant_id');
  const names = fields.filter((c) => columns.has(c)).sort();
  const ignored = fields.filter((c) => !columns.has(c)).sort();
  const all = ['id', 'tenant_id', ...names];
  const update =
    names.length > 0
      ? `DO UPDATE SET ${names.map((c) => `${quote(c)} = excluded.${quote(c)}`).join(', ')} WHERE ${quote(table)}.tenant_id = excluded.tenant_id`
      : 'DO NOTHING';
  const sql = `INSERT INTO ${quote(table)} (${all.map(quote).join(', ')}) VALUES (${all.map(() => '?').join(', ')}) ON CONFLICT (id) ${update}`;
  try {
    prepared(db, sql).run(change.id, tenantId, ...names.map((c) => sqlValue(row[c])));
  } catch (err) {
    throw new PullRejectedError(`${table} ${change.id}: ${(err as Error).message}`);
  }
  return ignored;
}

/** Deletes the row unless another row still references it (the foreign key refuses): then it stays and the caller logs a conflict. */
function deleteRow(db: Db, table: string, id: string, tenantId: string): boolean {
  const savepoint = db.transaction(() => prepared(db, `DELETE FROM ${quote(table)} WHERE id = ? AND tenant_id = ?`).run(id, tenantId));
  try {
    savepoint();
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || /FOREIGN KEY constraint failed|cross-tenant/.test((err as Error).message))
      return false;
    throw new PullRejectedError(`deleting ${table} ${id}: ${(err as Error).message}`);
  }
}

function sqlValue(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'object') return JSON.stringify(value);
  return value;
}

/**
 * After the last page of a resync: the hub-owned tables it sent hold what the
 * hub has, so their rows the hub no longer has are deleted, except rows this
 * till queued and the hub has not answered yet, and rows other rows here still
 * reference (a sale line's product). Returns how many were deleted and kept.
 */
export function sweepAfterResync(db: Db, seen: ReadonlyMap<string, ReadonlySet<string>>): { deleted: number; kept: number } {
  const tenantId = currentTenantId();
  const out = { deleted: 0, kept: 0 };
  const tables = [...seen.keys()].filter((t) => HUB_OWNED_TABLES.has(t)).sort((a, b) => ORDER.get(b)! - ORDER.get(a)!);
  for (const table of tables) {
    const ids = seen.get(table)!;
    const local = prepared(
      db,
      `SELECT id FROM ${quote(table)} WHERE tenant_id = ? AND id NOT IN (SELECT entity_id FROM pending_operations WHERE tenant_id = ? AND seq IS NOT NULL AND status <> 'done')`,
    )
      .pluck()
      .all(tenantId, tenantId) as string[];
    for (const id of local) {
      if (ids.has(id)) continue;
      if (deleteRow(db, table, id, tenantId)) out.deleted++;
      else out.kept++;
    }
  }
  return out;
}
