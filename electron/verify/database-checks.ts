import { CATALOGUE } from '../db/catalogue';
import type { Db } from '../db/open';
import type { CheckResult } from './types';

const result = (check: string, table: string | null, ok: boolean, detail: string): CheckResult => ({ check, table, ok, detail });

export function checkQuick(db: Db): CheckResult {
  const rows = db.pragma('quick_check') as { quick_check: string }[];
  const ok = rows.length === 1 && rows[0]?.quick_check === 'ok';
  return result(
    'quick_check',
    null,
    ok,
    ok
      ? 'ok'
      : rows
          .slice(0, 3)
          .map((r) => r.quick_check)
          .join('; '),
  );
}

export function checkForeignKeys(db: Db): CheckResult[] {
  const violations = db.pragma('foreign_key_check') as { table: string; parent: string }[];
  if (violations.length === 0) return [result('foreign_key_check', null, true, '0 violations')];
  const byTable = new Map<string, number>();
  for (const v of violations) byTable.set(`${v.table}->${v.parent}`, (byTable.get(`${v.table}->${v.parent}`) ?? 0) + 1);
  return [...byTable].map(([edge, n]) =>
    result('foreign_key_check', edge.split('->')[0] as string, false, `${n} rows reference a missing ${edge.split('->')[1]}`),
  );
}

/**
 * No child row may point at a parent owned by another tenant. When every table
 * holds at most one and the same tenant, that is proven without reading a row;
 * otherwise each foreign key is joined.
 */
export function checkCrossTenantReferences(db: Db, tenantsByTable: ReadonlyMap<string, readonly string[]>): CheckResult[] {
  const all = new Set([...tenantsByTable.values()].flat());
  if (all.size <= 1 && CATALOGUE.every((t) => tenantsByTable.has(t.name))) {
    const only = [...all][0];
    return [result('cross_tenant_references', null, true, only ? `every table holds only ${only}: no reference can cross tenants` : 'every table is empty')];
  }
  const out: CheckResult[] = [];
  for (const t of CATALOGUE) {
    for (const fk of t.foreignKeys) {
      const n = db
        .prepare(`SELECT count(*) FROM ${t.name} c JOIN ${fk.references} p ON p.id = c.${fk.column} WHERE c.tenant_id <> p.tenant_id`)
        .pluck()
        .get() as number;
      out.push(result('cross_tenant_references', t.name, n === 0, `${t.name}.${fk.column} -> ${fk.references}: ${n} rows point at another tenant's row`));
    }
  }
  return out;
}

/** The views and triggers the database had before are all still there, and every view still compiles. */
export function checkViewsAndTriggers(db: Db, before: { views: readonly string[]; triggers: readonly string[] } | undefined): CheckResult {
  const named = (type: string) => new Set(db.prepare(`SELECT name FROM sqlite_master WHERE type = ?`).pluck().all(type) as string[]);
  const views = named('view');
  const triggers = named('trigger');
  const problems: string[] = [];
  if (before) {
    for (const v of before.views) if (!views.has(v)) problems.push(`view ${v} missing`);
    for (const t of before.triggers) if (!triggers.has(t)) problems.push(`trigger ${t} missing`);
  }
  for (const v of views) {
    try {
      db.prepare(`SELECT * FROM "${v.replace(/"/g, '""')}" LIMIT 0`).all();
    } catch (err) {
      problems.push(`view ${v} is broken: ${(err as Error).message}`);
    }
  }
  return result('views_and_triggers', null, problems.length === 0, problems.length ? problems.join('; ') : `${views.size} views, ${triggers.size} triggers`);
}
