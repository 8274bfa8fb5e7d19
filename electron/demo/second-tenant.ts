import type { Database } from 'better-sqlite3';
import { CATALOGUE, type TableName } from '../db/catalogue';
import { migrationStatus } from '../db/migrator';
import { columnNames } from '../db/status';
import { generateDemoData, type DemoSize } from './generate';
import { addDemoSales } from './sales-history';
import { BadInputError } from '../errors';
import { withoutTenant } from '../tenancy/context';
import { tenantConfig } from '../tenancy/tenants';
import { MIGRATIONS } from '../../migrations';

export interface DemoTenantOptions {
  tenantId: string;
  size: DemoSize;
  seed?: number;
  onTable?: (table: TableName, rows: number) => void;
}

/**
 * Adds a second store's demo data to a migrated database, in one transaction.
 * Its business keys (SKUs, usernames, gift card codes, work order numbers)
 * come from the row number, so they overlap CAPS Automotive's on purpose: the
 * isolation tests need the same SKU in two stores.
 */
export function addDemoTenant(db: Database, options: DemoTenantOptions): Partial<Record<TableName, number>> {
  tenantConfig(options.tenantId); // only stores this build can sign in to
  const status = migrationStatus(db, MIGRATIONS);
  if (status.pending.length > 0 || !columnNames(db, 'users').includes('tenant_id')) {
    throw new BadInputError(
      `${db.name} is not upgraded to the multi-tenant schema (pending: ${status.pending.join(', ') || 'none'})`,
      'Run `pos-db upgrade --db FILE` first',
    );
  }
  // Demo data is written for one named tenant with the raw generator (it sets tenant_id on every row itself).
  return withoutTenant('demo data for a second tenant', () =>
    db.transaction(() => {
      const existing = CATALOGUE.find((t) => db.prepare(`SELECT 1 FROM ${t.name} WHERE tenant_id = ? LIMIT 1`).get(options.tenantId));
      if (existing) {
        throw new BadInputError(
          `${db.name} already has data for '${options.tenantId}' (in ${existing.name})`,
          'Use a fresh upgraded demo store; nothing was changed',
        );
      }
      const written: Partial<Record<TableName, number>> = generateDemoData(db, {
        size: options.size,
        seed: options.seed ?? 1,
        tenantId: options.tenantId,
        onTable: options.onTable,
      });
      // Then its selling history, rung up through the real sale service (shifts, sales, returns and every ledger they move).
      addDemoSales(db, { tenantId: options.tenantId, size: options.size, seed: options.seed ?? 1 });
      for (const t of ['shifts', 'sales', 'sale_lines', 'sale_payments'] as const) {
        written[t] = (db.prepare(`SELECT count(*) AS n FROM ${t} WHERE tenant_id = ?`).get(options.tenantId) as { n: number }).n;
        options.onTable?.(t, written[t]);
      }
      return written;
    })(),
  );
}
