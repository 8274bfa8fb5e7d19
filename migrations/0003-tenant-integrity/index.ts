import type { Migration } from '../../electron/db/migration';
import { V2_FOREIGN_KEYS } from './tables';

export const TENANT_INTEGRITY_MIGRATION = '0003-tenant-integrity';

/**
 * The exact RAISE messages. The data layer turns them back into typed errors
 * through parseTenantTriggerMessage (electron/tenancy/repositories/scoped.ts),
 * and later migrations that add tables reuse the builders below, so every
 * table's triggers speak the same words.
 */
export const IMMUTABLE_PREFIX = 'tenant_id is immutable';
export const CROSS_TENANT_PREFIX = 'cross-tenant reference';

export const immutableMessage = (table: string) => `${IMMUTABLE_PREFIX} (${table})`;
export const crossTenantMessage = (table: string, column: string, parent: string) => `${CROSS_TENANT_PREFIX}: ${table}.${column} -> ${parent}`;

export type TenantTriggerRefusal = { kind: 'immutable'; table: string } | { kind: 'cross-tenant'; table: string; column: string; parent: string };

/** The refusal a tenant trigger's message names, or null for any other message. The inverse of the two builders above. */
export function parseTenantTriggerMessage(message: string): TenantTriggerRefusal | null {
  if (message.startsWith(`${IMMUTABLE_PREFIX} (`) && message.endsWith(')')) {
    return { kind: 'immutable', table: message.slice(IMMUTABLE_PREFIX.length + 2, -1) };
  }
  if (message.startsWith(`${CROSS_TENANT_PREFIX}: `)) {
    const [source, parent] = message.slice(CROSS_TENANT_PREFIX.length + 2).split(' -> ');
    const dot = source?.indexOf('.') ?? -1;
    if (source && parent && dot > 0) return { kind: 'cross-tenant', table: source.slice(0, dot), column: source.slice(dot + 1), parent };
  }
  return null;
}

/** A row never moves to another tenant: changing tenant_id is refused, whatever the new value. */
export function immutableTenantTriggerSql(table: string): string {
  return `CREATE TRIGGER trg_${table}_tenant_id_immutable BEFORE UPDATE OF tenant_id ON ${table}
    WHEN NEW.tenant_id IS NOT OLD.tenant_id
    BEGIN SELECT RAISE(ABORT, '${immutableMessage(table)}'); END`;
}

/**
 * A child row may only point at a parent of its own tenant. Foreign keys
 * compare the id alone (ids are UUIDs, globally unique), so without this a
 * work order line could name another store's product. One primary-key probe
 * per non-null reference on insert, and on update of the reference column.
 */
export function sameTenantTriggersSql(table: string, column: string, parent: string): string[] {
  const parentMissing = `NEW.${column} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${parent} WHERE id = NEW.${column} AND tenant_id = NEW.tenant_id)`;
  const body = `BEGIN SELECT RAISE(ABORT, '${crossTenantMessage(table, column, parent)}'); END`;
  return [
    `CREATE TRIGGER trg_${table}_${column}_same_tenant_insert BEFORE INSERT ON ${table} WHEN ${parentMissing} ${body}`,
    `CREATE TRIGGER trg_${table}_${column}_same_tenant_update BEFORE UPDATE OF ${column} ON ${table} WHEN ${parentMissing} ${body}`,
  ];
}

/** Both kinds of trigger for one table and its foreign keys (what a later migration calls for each table it adds). */
export function tenantTriggersForTable(table: string, foreignKeys: readonly (readonly [column: string, parent: string])[]): string[] {
  return [immutableTenantTriggerSql(table), ...foreignKeys.flatMap(([column, parent]) => sameTenantTriggersSql(table, column, parent))];
}

export function tenantIntegritySql(): string[] {
  return Object.entries(V2_FOREIGN_KEYS).flatMap(([table, fks]) => tenantTriggersForTable(table, fks));
}

/**
 * Migration 0003: the database itself keeps tenants apart, after 0002 gave
 * every row a tenant: tenant_id cannot change, and no reference crosses
 * tenants. Schema-only (triggers), so it costs milliseconds on any size.
 * Driven by its frozen foreign key list (tables.ts), never the live catalogue.
 */
export const tenantIntegrity: Migration = {
  name: TENANT_INTEGRITY_MIGRATION,
  up({ db, progress }) {
    const statements = tenantIntegritySql();
    const event = (state: 'start' | 'done') => ({
      migration: TENANT_INTEGRITY_MIGRATION,
      table: null,
      step: 'tenant-triggers',
      index: 1,
      total: 1,
      rows: 0,
      weight: 300,
      state,
    });
    progress(event('start'));
    for (const sql of statements) db.exec(sql);
    progress(event('done'));
  },
};
