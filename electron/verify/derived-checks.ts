import type { Db } from '../db/open';
import { executedMigrations } from '../db/migrator';
import { PERF_COUNTERS_MIGRATION } from '../../migrations/0012-perf-counters';
import { DERIVED_LISTS_MIGRATION } from '../../migrations/0013-derived-lists';
import type { CheckResult } from './types';

/**
 * Derived per-store data agrees with the rows it is derived from: 0012's last-number counters (at or above
 * each store's highest number: a counter below it would hand out a number twice) and 0013's lists (the
 * vehicle pickers' models, the promotion use counts, exactly their GROUP BY). Triggers keep them; these
 * checks catch what the triggers cannot, a table written with its triggers dropped or a file edited by hand.
 */
interface DerivedCheck {
  table: string;
  /** The migration that creates the table: before it ran, the table is rightly absent. */
  migration: string;
  /** Counts the rows that disagree. */
  mismatches: string;
  what: string;
}

const counter = (table: 'work_orders' | 'layaways'): DerivedCheck => ({
  table: `${table}_last_number`,
  migration: PERF_COUNTERS_MIGRATION,
  mismatches: `SELECT count(*) FROM (SELECT tenant_id, max(number) AS highest FROM ${table} WHERE number IS NOT NULL GROUP BY tenant_id) t
    LEFT JOIN ${table}_last_number c ON c.tenant_id = t.tenant_id WHERE c.number IS NULL OR c.number < t.highest`,
  what: `stores whose ${table} counter is below their highest number`,
});

/** Rows in either of two row sets and not in the other (each key once, when both sets are keys). */
const symmetricDifference = (a: string, b: string) => `SELECT (SELECT count(*) FROM (${a} EXCEPT ${b})) + (SELECT count(*) FROM (${b} EXCEPT ${a}))`;

const USE_COUNTS = `SELECT tenant_id, promotion_id, count(*) AS uses FROM promotion_usage GROUP BY tenant_id, promotion_id`;

const CHECKS: readonly DerivedCheck[] = [
  counter('work_orders'),
  counter('layaways'),
  {
    table: 'vehicle_models',
    migration: DERIVED_LISTS_MIGRATION,
    mismatches: symmetricDifference(`SELECT tenant_id, make, model FROM vehicle_models`, `SELECT DISTINCT tenant_id, make, model FROM fitment_data`),
    what: 'vehicle models missing from or extra to fitment_data',
  },
  {
    table: 'promotion_use_counts',
    migration: DERIVED_LISTS_MIGRATION,
    // Each wrong promotion once: a row whose count differs (or that should not be there), or a used promotion without a row.
    mismatches: `SELECT (SELECT count(*) FROM (SELECT tenant_id, promotion_id, uses FROM promotion_use_counts EXCEPT ${USE_COUNTS}))
      + (SELECT count(*) FROM (SELECT tenant_id, promotion_id FROM (${USE_COUNTS}) EXCEPT SELECT tenant_id, promotion_id FROM promotion_use_counts))`,
    what: 'promotions whose use count differs from promotion_usage',
  },
];

export function checkDerivedData(db: Db): CheckResult[] {
  const executed = new Set(executedMigrations(db));
  const tables = new Set(db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[]);
  return CHECKS.filter((c) => executed.has(c.migration)).map((c) => {
    if (!tables.has(c.table)) return { check: 'derived_data', table: c.table, ok: false, detail: `${c.table} is missing (${c.migration} created it)` };
    const n = db.prepare(c.mismatches).pluck().get() as number;
    return { check: 'derived_data', table: c.table, ok: n === 0, detail: n === 0 ? 'agrees with its source rows' : `${c.what}: ${n}` };
  });
}
