import { CATALOGUE, type ForeignKeySpec, type TableSpec } from '../electron/db/catalogue';
import type { Migration } from './types';

export const TENANT_INTEGRITY_MIGRATION = '0003-tenant-integrity';

/** The exact RAISE messages; the data layer turns them back into typed errors (electron/tenancy/repositories/scoped.ts). */
export const immutableMessage = (table: string) => `tenant_id is immutable (${table})`;
export const crossTenantMessage = (table: string, fk: ForeignKeySpec) => `cross-tenant reference: ${table}.${fk.column} -> ${fk.references}`;

/** A row never moves to another tenant: changing tenant_id is refused, whatever the new value. */
export function immutableTenantTriggerSql(t: TableSpec): string {
  return `CREATE TRIGGER trg_${t.name}_tenant_id_immutable BEFORE UPDATE OF tenant_id ON ${t.name}
    WHEN NEW.tenant_id IS NOT OLD.tenant_id
    BEGIN SELECT RAISE(ABORT, '${immutableMessage(t.name)}'); END`;
}

/**
 * A child row may only point at a parent of its own tenant. Foreign keys
 * compare the id alone (ids are UUIDs, globally unique), so without this a
 * work order line could name another store's product. One primary-key probe
 * per non-null reference on insert, and on update of the reference column.
 */
export function sameTenantTriggersSql(t: TableSpec, fk: ForeignKeySpec): string[] {
  const parentMissing = `NEW.${fk.column} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${fk.references} WHERE id = NEW.${fk.column} AND tenant_id = NEW.tenant_id)`;
  const body = `BEGIN SELECT RAISE(ABORT, '${crossTenantMessage(t.name, fk)}'); END`;
  return [
    `CREATE TRIGGER trg_${t.name}_${fk.column}_same_tenant_insert BEFORE INSERT ON ${t.name} WHEN ${parentMissing} ${body}`,
    `CREATE TRIGGER trg_${t.name}_${fk.column}_same_tenant_update BEFORE UPDATE OF ${fk.column} ON ${t.name} WHEN ${parentMissing} ${body}`,
  ];
}

export function tenantIntegritySql(): string[] {
  return CATALOGUE.flatMap((t) => [immutableTenantTriggerSql(t), ...t.foreignKeys.flatMap((fk) => sameTenantTriggersSql(t, fk))]);
}

/**
 * Migration 0003: the database itself keeps tenants apart, after 0002 gave
 * every row a tenant: tenant_id cannot change, and no reference crosses
 * tenants. Schema-only (triggers), so it costs milliseconds on any size.
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
