import type { Database } from 'better-sqlite3';
import { rewriteCreateTableForTenant } from './create-table';
import { TenantSchemaError } from './errors';
import type { TenantStep } from './plan';
import { TENANT_COLUMN, TENANT_COLUMN_SQL, tenantGuardTriggersSql } from './sql';
import { V1_OWNER, V1_TABLES, v1Table } from './tables';

interface SchemaObject {
  type: 'view' | 'trigger';
  name: string;
  sql: string;
}

/**
 * Runs the steps of the tenant migration on a connection that is inside the
 * migrator's transaction with foreign keys off. Views and triggers are set
 * aside first and restored last: SQLite refuses to rename a table while a view
 * or another table's trigger names it, and dropping only the ones that mention
 * a rebuilt table would need a SQL parser for their bodies.
 */
export class TenantStepRunner {
  private setAside: SchemaObject[] | null = null;

  constructor(
    private readonly db: Database,
    /** Rows per table, for the planner statistics (the caller has them: no second count). */
    private readonly rowCounts: Readonly<Record<string, number>>,
  ) {}

  run(step: TenantStep): void {
    switch (step.kind) {
      case 'drop-views-triggers':
        return this.dropViewsAndTriggers();
      case 'rebuild':
        return this.rebuild(required(step.table, step));
      case 'add-column':
        return this.addColumn(required(step.table, step));
      case 'drop-index':
        return void this.db.exec(`DROP INDEX IF EXISTS ${required(step.index, step).name}`);
      case 'create-index': {
        const index = required(step.index, step);
        return void this.db.exec(`CREATE INDEX ${index.name} ON ${required(step.table, step)} (${index.columns.join(', ')})`);
      }
      case 'guard':
        for (const sql of tenantGuardTriggersSql(required(step.table, step))) this.db.exec(sql);
        return;
      case 'restore-views-triggers':
        return this.restoreViewsAndTriggers();
      case 'planner-stats':
        return this.seedPlannerStats();
    }
  }

  private dropViewsAndTriggers(): void {
    const objects = this.db
      .prepare(`SELECT type, name, sql FROM sqlite_master WHERE type IN ('view', 'trigger') AND sql IS NOT NULL ORDER BY rowid`)
      .all() as SchemaObject[];
    // Triggers first: an INSTEAD OF trigger lives on a view.
    for (const o of objects.filter((x) => x.type === 'trigger')) this.db.exec(`DROP TRIGGER "${o.name}"`);
    for (const o of objects.filter((x) => x.type === 'view')) this.db.exec(`DROP VIEW "${o.name}"`);
    this.setAside = objects;
  }

  private restoreViewsAndTriggers(): void {
    if (!this.setAside) throw new TenantSchemaError('(schema)', 'restore views and triggers of', 'they were never set aside');
    for (const o of this.setAside.filter((x) => x.type === 'view')) this.db.exec(o.sql);
    for (const o of this.setAside.filter((x) => x.type === 'trigger')) this.db.exec(o.sql);
    this.setAside = null;
  }

  /**
   * Without statistics SQLite guesses that `tenant_id = ?` on a tenant-led
   * index selects about 10 rows, and happily drives a join from a scan of
   * every row of the tenant (a 37x slower on-hand inventory query on the large
   * store). A full ANALYZE costs seconds; the one fact that matters is known
   * for free: one tenant owns all N rows. So each tenant-led index gets the
   * sqlite_stat1 row "N N" (plus "1" for a per-tenant unique key), the rest
   * keep SQLite's defaults, and a later ANALYZE or PRAGMA optimize refines them.
   */
  private seedPlannerStats(): void {
    // Creates sqlite_stat1 if this store never ran ANALYZE; analyzing sqlite_schema itself costs nothing.
    this.db.exec('ANALYZE sqlite_schema');
    const remove = this.db.prepare(`DELETE FROM sqlite_stat1 WHERE tbl = ? AND idx = ?`);
    const insert = this.db.prepare(`INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?, ?, ?)`);
    for (const t of V1_TABLES) {
      const rows = Math.max(this.rowCounts[t.name] ?? 0, 1);
      const indexes = this.db.prepare(`SELECT name, "unique" AS u FROM pragma_index_list(?)`).all(t.name) as { name: string; u: number }[];
      for (const index of indexes) {
        const columns = this.db.prepare(`SELECT name FROM pragma_index_info(?) ORDER BY seqno`).pluck().all(index.name) as (string | null)[];
        if (columns[0] !== TENANT_COLUMN) continue;
        remove.run(t.name, index.name);
        insert.run(t.name, index.name, `${rows} ${rows}${index.u === 1 && columns.length === 2 ? ' 1' : ''}`);
      }
    }
    // Loads the new statistics into this connection; other connections read them when they open.
    this.db.exec('ANALYZE sqlite_schema');
  }

  private tableSql(table: string): string {
    const row = this.db.prepare(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?`).get(table) as { sql: string } | undefined;
    if (!row) throw new TenantSchemaError(table, 'migrate', 'the table does not exist');
    return row.sql;
  }

  private columns(table: string): string[] {
    return (this.db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((c) => c.name);
  }

  private addColumn(table: string): void {
    this.tableSql(table);
    if (this.columns(table).includes(TENANT_COLUMN)) throw new TenantSchemaError(table, 'add tenant_id to', 'it already has a tenant_id column');
    // Schema-only: SQLite stores the default once in the schema, old rows read it without being rewritten.
    this.db.exec(`ALTER TABLE ${table} ADD COLUMN ${TENANT_COLUMN_SQL}`);
  }

  /** SQLite's 12-step table rebuild, for a table whose inline UNIQUE business keys must become per tenant. */
  private rebuild(table: string): void {
    const spec = v1Table(table);
    const temp = `${table}__new`;
    const createSql = rewriteCreateTableForTenant(this.tableSql(table), { table, businessKeys: spec.businessKeys, newName: temp });
    const replaced = new Set([...spec.legacyIndexes, ...spec.tenantIndexes].map((i) => i.name));
    // Indexes 0002 does not know (added on site) are kept as they were.
    const keptIndexes = (
      this.db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`).all(table) as {
        name: string;
        sql: string;
      }[]
    ).filter((i) => !replaced.has(i.name));
    const columns = this.columns(table)
      .map((c) => `"${c.replace(/"/g, '""')}"`)
      .join(', ');

    this.db.exec(createSql);
    const copied = this.db.prepare(`INSERT INTO ${temp} (${columns}, ${TENANT_COLUMN}) SELECT ${columns}, ? FROM ${table}`).run(V1_OWNER).changes;
    this.assertParentKeysKept(table, temp, copied);
    this.db.exec(`DROP TABLE ${table}`);
    this.db.exec(`ALTER TABLE ${temp} RENAME TO ${table}`);
    for (const i of keptIndexes) this.db.exec(i.sql);
  }

  /**
   * Part of the targeted foreign key proof (README, "The tenant migration";
   * electron/upgrade/foreign-keys.ts): the copy holds exactly as many rows as
   * the old table, and every non-NULL key a foreign key of the schema points
   * at (here always the primary key `id`, found from pragma_foreign_key_list,
   * not assumed) is present in the copy with the same value. So every child
   * row that found its parent before still finds it after the rebuild, without
   * reading the children. Cheap: the rebuilt tables are the small ones and each
   * probe is one primary-key seek in the copy.
   */
  private assertParentKeysKept(table: string, temp: string, copied: number): void {
    const before = this.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    if (copied !== before) throw new TenantSchemaError(table, 'rebuild', `${copied} rows copied, ${before} in the table`);
    for (const key of referencedKeys(this.db, table)) {
      const cols = key.map((c) => `"${c.replace(/"/g, '""')}"`);
      const notNull = cols.map((c) => `o.${c} IS NOT NULL`).join(' AND ');
      const same = cols.map((c) => `n.${c} = o.${c}`).join(' AND ');
      const lost = this.db
        .prepare(`SELECT count(*) FROM ${table} o WHERE ${notNull} AND NOT EXISTS (SELECT 1 FROM ${temp} n WHERE ${same})`)
        .pluck()
        .get() as number;
      if (lost > 0) throw new TenantSchemaError(table, 'rebuild', `${lost} rows lost their (${key.join(', ')}), which foreign keys point at`);
    }
  }
}

/** The column lists of `parent` that some foreign key of the schema references (its primary key when the clause names none). */
export function referencedKeys(db: Database, parent: string): string[][] {
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).pluck().all() as string[];
  const pk = (db.prepare(`SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk`).pluck().all(parent) as string[]) ?? [];
  const list = db.prepare(`SELECT id, "table" AS parent, "to" AS col FROM pragma_foreign_key_list(?) ORDER BY id, seq`);
  const keys = new Map<string, string[]>();
  for (const child of tables) {
    const byId = new Map<number, (string | null)[]>();
    for (const r of list.all(child) as { id: number; parent: string; col: string | null }[]) {
      if (r.parent.toLowerCase() !== parent.toLowerCase()) continue;
      byId.set(r.id, [...(byId.get(r.id) ?? []), r.col]);
    }
    for (const cols of byId.values()) {
      const key = cols.every((c) => c === null) ? pk : (cols as string[]);
      if (key.length > 0) keys.set(key.join(',').toLowerCase(), key);
    }
  }
  return [...keys.values()];
}

function required<T>(value: T | null | undefined, step: TenantStep): T {
  if (value === null || value === undefined) throw new TenantSchemaError(step.table ?? '(schema)', step.kind, 'the step is missing its table or index');
  return value;
}
