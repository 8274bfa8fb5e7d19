/**
 * Rows as the POS sees them. Every model carries tenant_id: a value that left
 * the data layer always says which store it belongs to, so the leak tests (and
 * anyone debugging) can check it.
 */

export interface Tenanted {
  id: string;
  tenant_id: string;
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
}
