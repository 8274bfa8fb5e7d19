import { CATALOGUE } from '../db/catalogue';
import type { Db } from '../db/open';
import { countTableRows } from '../db/status';
import type { TableAudit } from './types';

/** The schema and row counts of a store database: the report's "before" and "after". */
export interface DatabaseAudit {
  tables: TableAudit[];
  views: string[];
  triggers: string[];
}

/**
 * Row counts, columns and indexes of every catalogue table, plus the views and
 * triggers. Cheap on purpose (count(*) walks the smallest index: about 40 ms
 * for the 2M-row store) because it runs on the upgrade's critical path.
 */
export function auditDatabase(db: Db): DatabaseAudit {
  const exists = new Set((db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((r) => r.name));
  const tables = CATALOGUE.filter((t) => exists.has(t.name)).map((t) => ({
    table: t.name,
    rows: countTableRows(db, t.name),
    columns: (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(t.name) as { name: string }[]).map((c) => c.name),
    indexes: (db.prepare(`SELECT name FROM pragma_index_list(?) ORDER BY name`).all(t.name) as { name: string }[]).map((i) => i.name),
  }));
  const named = (type: string) =>
    (db.prepare(`SELECT name FROM sqlite_master WHERE type = ? ORDER BY name`).all(type) as { name: string }[]).map((r) => r.name);
  return { tables, views: named('view'), triggers: named('trigger') };
}

export function rowCountsOf(audit: DatabaseAudit): Record<string, number> {
  return Object.fromEntries(audit.tables.map((t) => [t.table, t.rows]));
}

/**
 * Rows per table estimated from the largest rowid: one index seek per table,
 * exact unless rows were deleted. Sizes the progress bar before the audit has counted.
 */
export function estimateRowCounts(db: Db): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of CATALOGUE) {
    try {
      out[t.name] = (db.prepare(`SELECT max(rowid) FROM ${t.name}`).pluck().get() as number | null) ?? 0;
    } catch {
      out[t.name] = 0;
    }
  }
  return out;
}
