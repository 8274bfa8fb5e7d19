/**
 * Rows as the POS sees them, without tenant_id: the caller always knows its store (the session's tenant,
 * which the data layer binds into every statement), so the rows do not repeat it (docs/performance.md,
 * session 5). What says a row is the caller's store instead: the SQL guard proves every data-layer
 * statement pins every table it reads to @tenantId, and row-columns.test.ts that none returns tenant_id.
 * Every model keeps its globally unique id: the leak suite recognises another store's row by it.
 */

export interface Tenanted {
  id: string;
}

export type UserRole = 'admin' | 'manager' | 'cashier' | 'technician';

export interface User extends Tenanted {
  username: string;
  display_name: string;
  role: UserRole;
  email: string | null;
  active: 0 | 1;
  created_at: string;
  updated_at: string;
}

/** Only the sign-in path ever reads the PIN hash. */
export interface UserCredentials extends User {
  pin_hash: string;
}

export interface Session extends Tenanted {
  user_id: string;
  token: string;
  terminal_id: string | null;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

export interface Customer extends Tenanted {
  first_name: string;
  last_name: string;
  company: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  notes: string | null;
  tax_exempt: 0 | 1;
  price_level_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface CustomerVehicle extends Tenanted {
  customer_id: string;
  vin: string | null;
  make: string;
  model: string;
  year: number;
  engine: string | null;
  license_plate: string | null;
  mileage: number | null;
  created_at: string;
}

export interface ProductCategory extends Tenanted {
  name: string;
  parent_id: string | null;
  sort_order: number;
}

export interface Product extends Tenanted {
  sku: string;
  barcode: string | null;
  name: string;
  description: string | null;
  brand: string | null;
  category_id: string | null;
  cost_cents: number;
  price_cents: number;
  taxable: 0 | 1;
  active: 0 | 1;
  created_at: string;
  updated_at: string;
}

/** A product as the lookup screen shows it: with its category and stock. */
export interface ProductSummary extends Product {
  category_name: string | null;
  quantity_on_hand: number | null;
  bin_location: string | null;
}

export interface Fitment extends Tenanted {
  product_id: string;
  make: string;
  model: string;
  year_from: number;
  year_to: number;
  engine: string | null;
  notes: string | null;
}

export interface VehicleOption {
  make: string;
  model: string;
}

export interface InventoryItem extends Tenanted {
  product_id: string;
  quantity_on_hand: number;
  reorder_point: number;
  bin_location: string | null;
  updated_at: string;
}

export type InventoryKind = 'receive' | 'sale' | 'adjust' | 'return' | 'transfer';

export interface InventoryTransaction extends Tenanted {
  product_id: string;
  kind: InventoryKind;
  quantity: number;
  unit_cost_cents: number | null;
  work_order_id: string | null;
  user_id: string | null;
  created_at: string;
}

export const WORK_ORDER_STATUSES = ['open', 'in_progress', 'waiting_parts', 'completed', 'invoiced', 'cancelled'] as const;
export type WorkOrderStatus = (typeof WORK_ORDER_STATUSES)[number];
/** Statuses a counter person still has to act on. */
export const ACTIVE_WORK_ORDER_STATUSES: readonly WorkOrderStatus[] = ['open', 'in_progress', 'waiting_parts'];

export interface WorkOrder extends Tenanted {
  number: string;
  customer_id: string;
  vehicle_id: string | null;
  technician_id: string | null;
  status: WorkOrderStatus;
  description: string;
  odometer: number | null;
  total_cents: number;
  opened_at: string;
  promised_at: string | null;
  completed_at: string | null;
}

/** A row of the work orders list: the order with who it is for. */
export interface WorkOrderListItem extends WorkOrder {
  customer_name: string;
}

export type WorkOrderLineKind = 'part' | 'labor' | 'fee';

export interface WorkOrderLine extends Tenanted {
  work_order_id: string;
  line_no: number;
  kind: WorkOrderLineKind;
  product_id: string | null;
  description: string;
  quantity: number;
  unit_price_cents: number;
  technician_id: string | null;
}

export interface WorkOrderLineDetail extends WorkOrderLine {
  sku: string | null;
}

export interface WorkOrderDetail {
  order: WorkOrderListItem;
  vehicle: CustomerVehicle | null;
  lines: WorkOrderLineDetail[];
}

export interface GiftCard extends Tenanted {
  code: string;
  initial_cents: number;
  balance_cents: number;
  status: 'active' | 'redeemed' | 'void';
  customer_id: string | null;
  issued_at: string;
  expires_at: string | null;
}

export interface GiftCardTransaction extends Tenanted {
  gift_card_id: string;
  kind: 'issue' | 'redeem' | 'reload' | 'void';
  amount_cents: number;
  work_order_id: string | null;
  created_at: string;
}

export interface LoyaltyAccount extends Tenanted {
  customer_id: string;
  points_balance: number;
  tier: 'bronze' | 'silver' | 'gold';
  enrolled_at: string;
}

export interface LoyaltyTransaction extends Tenanted {
  account_id: string;
  points: number;
  reason: 'earn' | 'redeem' | 'adjust' | 'expire';
  work_order_id: string | null;
  created_at: string;
}

export interface Layaway extends Tenanted {
  number: string;
  customer_id: string;
  status: 'open' | 'completed' | 'cancelled' | 'forfeited';
  total_cents: number;
  paid_cents: number;
  due_date: string | null;
  created_at: string;
  updated_at: string;
}

export interface LayawayPayment extends Tenanted {
  layaway_id: string;
  amount_cents: number;
  method: 'cash' | 'card' | 'check' | 'gift_card' | 'store_credit';
  user_id: string | null;
  paid_at: string;
}

export interface AuditEntry extends Tenanted {
  user_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  details: string | null;
  created_at: string;
}

export interface PendingOperation extends Tenanted {
  entity_type: string;
  entity_id: string;
  operation: 'insert' | 'update' | 'delete';
  payload: string;
  status: 'pending' | 'in_flight' | 'failed' | 'done';
  attempts: number;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  /** The operation's number in its tenant's queue (migration 0004); null on a row v1 had already delivered ('done'). */
  seq: number | null;
}

export interface PriceLevelRow extends Tenanted {
  name: string;
  discount_bp: number;
  created_at: string;
}

export interface PromotionRow extends Tenanted {
  code: string;
  name: string;
  kind: 'percent' | 'amount' | 'bogo';
  value: number;
  starts_at: string;
  ends_at: string | null;
  max_uses: number | null;
  active: 0 | 1;
}

export interface CommissionRuleRow extends Tenanted {
  name: string;
  applies_to: 'parts' | 'labor' | 'all';
  rate_bp: number;
  active: 0 | 1;
  created_at: string;
}

export interface CreditAccount extends Tenanted {
  customer_id: string;
  credit_limit_cents: number;
  /** What the customer owes the store; negative when the store owes the customer (store credit). */
  balance_cents: number;
  status: 'active' | 'suspended' | 'closed';
  opened_at: string;
}

export interface Shift extends Tenanted {
  /** The till whose drawer it is (migration 0011): the hub's till id, 'local' before enrollment, null for another till's shift a hub did not name. */
  till_id: string | null;
  opened_by: string;
  opened_at: string;
  float_cents: number;
  status: 'open' | 'closed';
  closed_by: string | null;
  closed_at: string | null;
  expected_cents: number | null;
  counted_cents: number | null;
  over_short_cents: number | null;
}

export type SaleKind = 'sale' | 'return' | 'deposit';
export type SaleStatus = 'completed' | 'layaway' | 'voided';

export interface Sale extends Tenanted {
  number: string;
  kind: SaleKind;
  status: SaleStatus;
  original_sale_id: string | null;
  customer_id: string | null;
  work_order_id: string | null;
  layaway_id: string | null;
  shift_id: string | null;
  user_id: string;
  approved_by: string | null;
  price_level_id: string | null;
  promotion_id: string | null;
  subtotal_cents: number;
  line_discount_cents: number;
  promotion_discount_cents: number;
  order_discount_cents: number;
  tax_cents: number;
  total_cents: number;
  paid_cents: number;
  change_cents: number;
  note: string | null;
  created_at: string;
  completed_at: string | null;
  voided_at: string | null;
}

/** A row of the sales history: the sale with who it was for and who rang it up. */
export interface SaleListItem extends Sale {
  customer_name: string | null;
  cashier_name: string;
}

export interface SaleLine extends Tenanted {
  sale_id: string;
  line_no: number;
  kind: WorkOrderLineKind;
  product_id: string | null;
  original_line_id: string | null;
  sku: string | null;
  description: string;
  quantity: number;
  list_unit_cents: number;
  unit_price_cents: number;
  gross_cents: number;
  line_discount_cents: number;
  promotion_discount_cents: number;
  order_discount_cents: number;
  net_cents: number;
  tax_rate_ppm: number;
  tax_cents: number;
  total_cents: number;
  technician_id: string | null;
}

export type PaymentMethod = 'cash' | 'card' | 'gift_card' | 'store_credit' | 'deposit';

export interface SalePayment extends Tenanted {
  sale_id: string;
  shift_id: string | null;
  method: PaymentMethod;
  direction: 'in' | 'out';
  amount_cents: number;
  tendered_cents: number;
  change_cents: number;
  gift_card_id: string | null;
  credit_account_id: string | null;
  original_payment_id: string | null;
  reference: string | null;
  user_id: string | null;
  created_at: string;
}

/** A payment as a receipt shows it: with the gift card's code (never more of it than the last four characters). */
export interface SalePaymentDetail extends SalePayment {
  gift_card_code: string | null;
}
