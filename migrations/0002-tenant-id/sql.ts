import { V1_OWNER } from './tables';

/** The column every table gains; the default exists for the legacy rows, the app always writes tenant_id itself. */
export const TENANT_COLUMN = 'tenant_id';

export const TENANT_COLUMN_SQL = `${TENANT_COLUMN} TEXT NOT NULL DEFAULT '${V1_OWNER}'`;

/** The words the guard triggers abort with (frozen: contracts/tenant-id.ts holds the live rule, a test keeps them equal). */
export const TENANT_ID_RULE = 'tenant_id must be a lowercase slug (a-z, 0-9, inner hyphens) of 1 to 255 characters';

/**
 * The rule as an SQL expression over `expr` (a column or NEW.tenant_id).
 * GLOB keeps it free of collation and LIKE case-folding surprises.
 */
export function tenantIdValidSql(expr: string): string {
  return (
    `typeof(${expr}) = 'text' AND length(${expr}) BETWEEN 1 AND 255 ` +
    `AND ${expr} NOT GLOB '*[^a-z0-9-]*' AND ${expr} NOT GLOB '-*' AND ${expr} NOT GLOB '*-'`
  );
}

/** Inline CHECK carried by the tables the migration rebuilds anyway (free: the rows are rewritten regardless). */
export const TENANT_COLUMN_WITH_CHECK_SQL = `${TENANT_COLUMN_SQL} CHECK (${tenantIdValidSql(TENANT_COLUMN)})`;

export function tenantGuardTriggerNames(table: string): { insert: string; update: string } {
  return { insert: `trg_${table}_tenant_id_insert`, update: `trg_${table}_tenant_id_update` };
}

/**
 * BEFORE INSERT / BEFORE UPDATE OF tenant_id triggers that refuse an invalid tenant id.
 * Used on the tables that only get ADD COLUMN, where a CHECK would make SQLite
 * scan every existing row during the migration (see the README for the numbers).
 */
export function tenantGuardTriggersSql(table: string): string[] {
  const names = tenantGuardTriggerNames(table);
  const body = `BEGIN SELECT RAISE(ABORT, '${TENANT_ID_RULE}'); END`;
  return [
    `CREATE TRIGGER ${names.insert} BEFORE INSERT ON ${table} WHEN NOT (${tenantIdValidSql('NEW.tenant_id')}) ${body}`,
    `CREATE TRIGGER ${names.update} BEFORE UPDATE OF ${TENANT_COLUMN} ON ${table} WHEN NOT (${tenantIdValidSql('NEW.tenant_id')}) ${body}`,
  ];
}
