import { CrossTenantReferenceError } from '../errors';
import type { Scoped } from './scoped';

/**
 * "Does this parent exist in MY tenant?" for every table a POS write points
 * at. A row of another tenant is as absent as a row that never existed.
 */
export const SQL = {
  customerExists: `SELECT 1 AS found FROM customers WHERE tenant_id = @tenantId AND id = @id`,
  vehicleOfCustomer: `SELECT customer_id FROM customer_vehicles WHERE tenant_id = @tenantId AND id = @id`,
  productExists: `SELECT 1 AS found FROM products WHERE tenant_id = @tenantId AND id = @id`,
  workOrderExists: `SELECT 1 AS found FROM work_orders WHERE tenant_id = @tenantId AND id = @id`,
  userExists: `SELECT 1 AS found FROM users WHERE tenant_id = @tenantId AND id = @id`,
} as const;

type Parent = 'customers' | 'products' | 'work_orders' | 'users';
const EXISTS: Record<Parent, string> = {
  customers: SQL.customerExists,
  products: SQL.productExists,
  work_orders: SQL.workOrderExists,
  users: SQL.userExists,
};

/** Throws CrossTenantReferenceError unless `id` is a row of `parent` in the signed-in tenant. */
export function requireParent(s: Scoped, table: string, column: string, parent: Parent, id: string): void {
  if (!s.get(EXISTS[parent], { id })) throw new CrossTenantReferenceError(table, column, parent, id);
}

/** A work order's vehicle must be this tenant's and belong to the order's customer. */
export function requireVehicleOf(s: Scoped, table: string, vehicleId: string, customerId: string): void {
  const row = s.get<{ customer_id: string }>(SQL.vehicleOfCustomer, { id: vehicleId });
  if (!row) throw new CrossTenantReferenceError(table, 'vehicle_id', 'customer_vehicles', vehicleId);
  if (row.customer_id !== customerId) throw new CrossTenantReferenceError(table, 'vehicle_id', `customer_vehicles of customer ${customerId}`, vehicleId);
}
