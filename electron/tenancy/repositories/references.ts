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
  saleExists: `SELECT 1 AS found FROM sales WHERE tenant_id = @tenantId AND id = @id`,
  giftCardExists: `SELECT 1 AS found FROM gift_cards WHERE tenant_id = @tenantId AND id = @id`,
  creditAccountExists: `SELECT 1 AS found FROM credit_accounts WHERE tenant_id = @tenantId AND id = @id`,
  loyaltyAccountExists: `SELECT 1 AS found FROM loyalty_accounts WHERE tenant_id = @tenantId AND id = @id`,
  promotionExists: `SELECT 1 AS found FROM promotions WHERE tenant_id = @tenantId AND id = @id`,
  priceLevelExists: `SELECT 1 AS found FROM price_levels WHERE tenant_id = @tenantId AND id = @id`,
  commissionRuleExists: `SELECT 1 AS found FROM commission_rules WHERE tenant_id = @tenantId AND id = @id`,
  shiftExists: `SELECT 1 AS found FROM shifts WHERE tenant_id = @tenantId AND id = @id`,
  saleLineExists: `SELECT 1 AS found FROM sale_lines WHERE tenant_id = @tenantId AND id = @id`,
  salePaymentExists: `SELECT 1 AS found FROM sale_payments WHERE tenant_id = @tenantId AND id = @id`,
  layawayExists: `SELECT 1 AS found FROM layaways WHERE tenant_id = @tenantId AND id = @id`,
} as const;

export type Parent =
  | 'customers'
  | 'products'
  | 'work_orders'
  | 'users'
  | 'sales'
  | 'gift_cards'
  | 'credit_accounts'
  | 'loyalty_accounts'
  | 'promotions'
  | 'price_levels'
  | 'commission_rules'
  | 'shifts'
  | 'sale_lines'
  | 'sale_payments'
  | 'layaways';
const EXISTS: Record<Parent, string> = {
  customers: SQL.customerExists,
  products: SQL.productExists,
  work_orders: SQL.workOrderExists,
  users: SQL.userExists,
  sales: SQL.saleExists,
  gift_cards: SQL.giftCardExists,
  credit_accounts: SQL.creditAccountExists,
  loyalty_accounts: SQL.loyaltyAccountExists,
  promotions: SQL.promotionExists,
  price_levels: SQL.priceLevelExists,
  commission_rules: SQL.commissionRuleExists,
  shifts: SQL.shiftExists,
  sale_lines: SQL.saleLineExists,
  sale_payments: SQL.salePaymentExists,
  layaways: SQL.layawayExists,
};

/** requireParent for a nullable reference: nothing to check when it is null. */
export function requireOptionalParent(s: Scoped, table: string, column: string, parent: Parent, id: string | null | undefined): void {
  if (id) requireParent(s, table, column, parent, id);
}

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
