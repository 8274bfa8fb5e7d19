import type { Database } from 'better-sqlite3';
import { V1_TABLES, V1_TABLES_TO_REBUILD, type FrozenIndex } from './tables';

export type TenantStepKind =
  'drop-views-triggers' | 'rebuild' | 'add-column' | 'drop-index' | 'create-index' | 'guard' | 'restore-views-triggers' | 'planner-stats';

/** One unit of the tenant migration: what it does, to which table, and what it costs. */
export interface TenantStep {
  kind: TenantStepKind;
  table: string | null;
  /** Plain words for a progress line. */
  label: string;
  /** Rows the step reads or writes (0 for schema-only steps). */
  rows: number;
  /** Estimated cost in microseconds on the reference machine (see COST). */
  weight: number;
  index?: FrozenIndex;
}

/**
 * Microseconds per row, measured on the `large` demo store (2 cores, warm
 * cache): an index build reads the table and sorts its keys, so it grows with
 * rows and key width; a rebuild writes every row into a table that maintains
 * its primary key and per-tenant unique keys; DROP INDEX walks the index's pages.
 */
export const COST = {
  schemaOnly: 300,
  indexPerRow: 0.5,
  indexPerRowPerColumn: 0.25,
  rebuildPerRow: 2,
  rebuildPerRowPerUnique: 1.5,
  dropIndexPerRow: 0.03,
} as const;

const REBUILT = new Set<string>(V1_TABLES_TO_REBUILD.map((t) => t.name));

const indexWeight = (rows: number, index: FrozenIndex) => COST.schemaOnly + rows * (COST.indexPerRow + COST.indexPerRowPerColumn * index.columns.length);

/**
 * The steps of migration 0002, in order, from its frozen table list (tables.ts): tables with
 * business keys are rebuilt (their inline UNIQUE cannot be altered), every
 * other table only gets ADD COLUMN; each table then trades its legacy indexes
 * for tenant-led ones, built once each.
 *
 * The legacy indexes are dropped last, after every new index is built. Under
 * the migration's rollback journal a page that held data when the transaction
 * began must be copied to the journal before it is overwritten; dropping first
 * let the new indexes reuse the freed pages, so about 100 MB more went through
 * the journal (138 MB instead of 41 MB on the large store; migrate + COMMIT
 * 0.4-0.5 s slower). The price: the freed pages stay in the file as free pages
 * (about 100 MB on the large store) for the store's next rows to reuse.
 */
export function planTenantMigration(rowCounts: Readonly<Record<string, number>>): TenantStep[] {
  const steps: TenantStep[] = [{ kind: 'drop-views-triggers', table: null, label: 'Setting views and triggers aside', rows: 0, weight: COST.schemaOnly }];
  const drops: TenantStep[] = [];
  for (const t of V1_TABLES) {
    const rows = rowCounts[t.name] ?? 0;
    if (REBUILT.has(t.name)) {
      const uniques = t.businessKeys.length + t.globalUniques.length + 1;
      steps.push({
        kind: 'rebuild',
        table: t.name,
        label: `Rebuilding ${t.name} (unique ${t.businessKeys.join(', ')} per tenant)`,
        rows,
        weight: COST.schemaOnly + rows * (COST.rebuildPerRow + COST.rebuildPerRowPerUnique * uniques),
      });
    } else {
      steps.push({ kind: 'add-column', table: t.name, label: `Adding tenant_id to ${t.name}`, rows: 0, weight: COST.schemaOnly });
      for (const index of t.legacyIndexes) {
        drops.push({
          kind: 'drop-index',
          table: t.name,
          label: `Dropping legacy index ${index.name}`,
          rows,
          weight: COST.schemaOnly + rows * COST.dropIndexPerRow,
          index,
        });
      }
    }
    for (const index of t.tenantIndexes) {
      steps.push({
        kind: 'create-index',
        table: t.name,
        label: `Indexing ${t.name} (${index.columns.join(', ')})`,
        rows,
        weight: indexWeight(rows, index),
        index,
      });
    }
    if (!REBUILT.has(t.name)) {
      steps.push({ kind: 'guard', table: t.name, label: `Guarding ${t.name}.tenant_id`, rows: 0, weight: COST.schemaOnly });
    }
  }
  steps.push(...drops);
  steps.push({ kind: 'restore-views-triggers', table: null, label: 'Restoring views and triggers', rows: 0, weight: COST.schemaOnly });
  steps.push({
    kind: 'planner-stats',
    table: null,
    label: 'Telling the query planner that tenant_id alone selects every row',
    rows: 0,
    weight: COST.schemaOnly * 10,
  });
  return steps;
}

/** Exact row counts of the 32 v1 tables (count(*) walks the smallest index: about 40 ms for 2M rows). */
export function countV1Rows(db: Database): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of V1_TABLES) out[t.name] = (db.prepare(`SELECT count(*) AS n FROM ${t.name}`).get() as { n: number }).n;
  return out;
}
