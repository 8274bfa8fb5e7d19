import { isValidTenantId } from '../../contracts/tenant-id';
import { TENANT_COLUMN, tenantGuardTriggerNames, tenantIdValidSql } from '../../migrations/0002-tenant-id/sql';
import { V1_TABLES } from '../../migrations/0002-tenant-id/tables';
import type { TableSpec } from '../db/catalogue';
import type { Db } from '../db/open';
import { countTableRows } from '../db/status';
import type { CheckResult } from './types';

/** The most distinct tenants a table is searched for; beyond it the check reports the table as suspicious. */
const MAX_TENANTS = 10_000;

const result = (check: string, table: string | null, ok: boolean, detail: string): CheckResult => ({ check, table, ok, detail });

export function checkTenantColumn(db: Db, t: TableSpec): CheckResult {
  const expectedDefault = t.tenantDefault === null ? null : `'${t.tenantDefault}'`;
  const col = (db.prepare(`SELECT type, "notnull" AS nn, dflt_value AS dflt FROM pragma_table_info(?) WHERE name = ?`).get(t.name, TENANT_COLUMN) ?? null) as {
    type: string;
    nn: number;
    dflt: string | null;
  } | null;
  if (!col) return result('tenant_column', t.name, false, 'no tenant_id column');
  const problems = [
    col.type.toUpperCase() !== 'TEXT' && `type is ${col.type}`,
    col.nn !== 1 && 'NULL is allowed',
    col.dflt !== expectedDefault && `default is ${col.dflt ?? 'none'}, expected ${expectedDefault ?? 'none'}`,
  ].filter(Boolean);
  return result(
    'tenant_column',
    t.name,
    problems.length === 0,
    problems.length ? problems.join('; ') : `TEXT NOT NULL ${expectedDefault ? `DEFAULT ${expectedDefault}` : '(no default)'}`,
  );
}

/**
 * The distinct tenant ids of a table, found by hopping along the tenant-led
 * index (one O(log n) seek per tenant) rather than scanning the rows.
 */
export function tenantsOf(db: Db, table: string): string[] {
  const next = db.prepare(`SELECT min(${TENANT_COLUMN}) AS t FROM ${table} WHERE ${TENANT_COLUMN} > ?`).pluck();
  const out: string[] = [];
  let last: unknown = '';
  while (out.length <= MAX_TENANTS) {
    const t = next.get(last);
    if (t === null || t === undefined) break;
    out.push(typeof t === 'string' ? t : String(t));
    last = t;
  }
  return out;
}

/** No NULL, no empty and no malformed tenant_id; returns the tenants found, for the cross-tenant proof. */
export function checkTenantValues(db: Db, t: TableSpec): { result: CheckResult; tenants: string[] } {
  const has = (where: string) => db.prepare(`SELECT 1 FROM ${t.name} WHERE ${where} LIMIT 1`).get() !== undefined;
  if (has(`${TENANT_COLUMN} IS NULL`)) return { result: result('tenant_id_filled', t.name, false, 'rows with a NULL tenant_id'), tenants: [] };
  if (has(`${TENANT_COLUMN} = ''`)) return { result: result('tenant_id_filled', t.name, false, 'rows with an empty tenant_id'), tenants: [] };
  const tenants = tenantsOf(db, t.name);
  if (tenants.length > MAX_TENANTS) return { result: result('tenant_id_filled', t.name, false, `more than ${MAX_TENANTS} distinct tenant ids`), tenants };
  const bad = tenants.filter((x) => !isValidTenantId(x));
  if (bad.length > 0)
    return {
      result: result(
        'tenant_id_filled',
        t.name,
        false,
        `invalid tenant ids: ${bad
          .slice(0, 3)
          .map((b) => JSON.stringify(b))
          .join(', ')}`,
      ),
      tenants,
    };
  return { result: result('tenant_id_filled', t.name, true, tenants.length ? `tenants: ${tenants.join(', ')}` : 'empty table'), tenants };
}

function indexColumns(db: Db, index: string): string[] {
  return (db.prepare(`SELECT name FROM pragma_index_info(?) ORDER BY seqno`).all(index) as { name: string | null }[]).map((c) => c.name ?? '(expression)');
}

function indexesOf(db: Db, table: string): { name: string; unique: boolean; columns: string[] }[] {
  return (db.prepare(`SELECT name, "unique" AS u FROM pragma_index_list(?)`).all(table) as { name: string; u: number }[]).map((i) => ({
    name: i.name,
    unique: i.u === 1,
    columns: indexColumns(db, i.name),
  }));
}

/** The indexes v1 had, which migration 0002 replaced: none may be left behind. */
const LEGACY_INDEXES = new Map(V1_TABLES.map((t) => [t.name, t.legacyIndexes.map((i) => i.name)]));

/** Every tenant-led index of the catalogue, with exactly its columns; no legacy index left behind. */
export function checkTenantIndexes(db: Db, t: TableSpec): CheckResult {
  const present = new Map(indexesOf(db, t.name).map((i) => [i.name, i.columns.join(', ')]));
  const problems: string[] = [];
  for (const idx of t.indexes) {
    const cols = present.get(idx.name);
    if (cols === undefined) problems.push(`${idx.name} missing`);
    else if (cols !== idx.columns.join(', ')) problems.push(`${idx.name} is on (${cols}), expected (${idx.columns.join(', ')})`);
  }
  for (const name of LEGACY_INDEXES.get(t.name) ?? []) if (present.has(name)) problems.push(`legacy ${name} still there`);
  return result('tenant_indexes', t.name, problems.length === 0, problems.length ? problems.join('; ') : t.indexes.map((i) => i.name).join(', '));
}

/** Business keys unique per tenant (and no longer globally); UUID-valued uniques still global. */
export function checkUniqueKeys(db: Db, t: TableSpec): CheckResult {
  const uniques = indexesOf(db, t.name)
    .filter((i) => i.unique)
    .map((i) => i.columns.join(', '));
  const problems: string[] = [];
  for (const key of t.businessKeys) {
    if (!uniques.includes(`${TENANT_COLUMN}, ${key}`)) problems.push(`no UNIQUE (tenant_id, ${key})`);
    if (uniques.includes(key)) problems.push(`${key} is still unique across tenants`);
  }
  for (const key of t.globalUniques) if (!uniques.includes(key)) problems.push(`${key} is no longer globally unique`);
  const ok = problems.length === 0;
  const detail = ok
    ? [...t.businessKeys.map((k) => `UNIQUE (tenant_id, ${k})`), ...t.globalUniques.map((k) => `UNIQUE (${k})`)].join(', ') || 'no unique keys'
    : problems.join('; ');
  return result('unique_keys', t.name, ok, detail);
}

/** New rows cannot get a malformed tenant id: an inline CHECK or guard triggers, as the catalogue says. */
export function checkTenantGuard(db: Db, t: TableSpec): CheckResult {
  if (t.tenantGuard === 'check') {
    const sql = (db.prepare(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?`).pluck().get(t.name) as string | undefined) ?? '';
    const ok = sql.includes(`CHECK (${tenantIdValidSql(TENANT_COLUMN)})`);
    return result('tenant_guard', t.name, ok, ok ? 'inline CHECK on tenant_id' : 'the tenant_id CHECK is missing');
  }
  const names = tenantGuardTriggerNames(t.name);
  const present = new Set(
    (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?`).pluck().all(t.name) as string[]).filter(
      (n) => n === names.insert || n === names.update,
    ),
  );
  const missing = [names.insert, names.update].filter((n) => !present.has(n));
  return result('tenant_guard', t.name, missing.length === 0, missing.length ? `missing ${missing.join(', ')}` : 'BEFORE INSERT/UPDATE triggers');
}

export function checkRowCount(db: Db, t: TableSpec, before: number): CheckResult {
  const after = countTableRows(db, t.name);
  return result('row_count', t.name, after === before, `${after} rows after, ${before} before`);
}
