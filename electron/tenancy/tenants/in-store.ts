import type { Database } from 'better-sqlite3';
import { DEFAULT_TENANT_ID } from '../../../contracts/tenant-id';
import { tenantIdsInStore } from '../../db/status';
import { bundledTenants } from './index';

export interface StoreTenant {
  id: string;
  /** The tenant's display name from its configuration, or its id when this build does not ship it. */
  name: string;
}

/** The tenants a store file holds, named; a v1 file (no tenant_id) is all the default tenant's. */
export function tenantsInStore(db: Database): StoreTenant[] {
  const found = tenantIdsInStore(db);
  const ids = found.length > 0 ? found : [DEFAULT_TENANT_ID];
  const names = new Map(bundledTenants().map((t) => [t.id, t.name]));
  // The default tenant first: it is the store's own name on a white-label test file.
  const ordered = [...ids].sort((a, b) => Number(b === DEFAULT_TENANT_ID) - Number(a === DEFAULT_TENANT_ID) || a.localeCompare(b));
  return ordered.map((id) => ({ id, name: names.get(id) ?? id }));
}

/** How the screens name a store file: its tenants' names, joined ("CAPS Automotive" or "CAPS Automotive, Northside Tires"). */
export function storeDisplayName(tenants: readonly StoreTenant[]): string {
  return tenants.map((t) => t.name).join(', ');
}
