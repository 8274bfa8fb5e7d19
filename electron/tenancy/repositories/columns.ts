import { tableSpec, type TableName } from '../../db/catalogue';

/**
 * A table's columns for a repository's SELECT list, without tenant_id: the caller always knows its tenant
 * (the session's, bound as @tenantId into every statement), and returning it would make better-sqlite3 build
 * one more string and property for every row read (docs/performance.md, session 5). Built once, when the
 * repository module loads, from the live catalogue, so a column a later migration adds is read too.
 * `alias` qualifies each column for a join ("p.id, p.sku, ..."); the row's keys stay the bare column names.
 */
export function rowColumns(table: TableName, alias?: string): string {
  const prefix = alias ? `${alias}.` : '';
  return tableSpec(table)
    .columns.filter((c) => c !== 'tenant_id')
    .map((c) => prefix + c)
    .join(', ');
}
