import type { Migration } from '../electron/db/migration';

/**
 * The schema exactly as the shipped single-tenant app (v1.x) created it.
 * Frozen: stores in the field have this on disk, so it never changes. The
 * inline UNIQUE business keys are deliberate: that is what v1 declared, and
 * the tenant migration has to cope with them.
 */
export const LEGACY_SCHEMA_SQL = `
CREATE TABLE users (
  id TEXT PRIMARY KEY NOT NULL,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'cashier', 'technician')),
  pin_hash TEXT NOT NULL,
  email TEXT,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE sessions (
  id TEXT PRIMARY KEY NOT NULL,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token TEXT NOT NULL UNIQUE,
  terminal_id TEXT,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE INDEX idx_sessions_user ON sessions (user_id);

CREATE TABLE audit_log (
  id TEXT PRIMARY KEY NOT NULL,
  user_id TEXT REFERENCES users (id) ON DELETE SET NULL,
  action TEXT NOT NULL,
  entity_type TEXT NOT NULL,
  entity_id TEXT,
  details TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX idx_audit_log_created_at ON audit_log (created_at);

CREATE TABLE price_levels (
  id TEXT PRIMARY KEY NOT NULL,
  name TEXT NOT NULL UNIQUE,
  discount_bp INTEGER NOT NULL DEFAULT 0 CHECK (discount_bp BETWEEN 0 AND 10000),
  created_at TEXT NOT NULL
);

CREATE TABLE customers (
  id TEXT PRIMARY KEY NOT NULL,
  first_name TEXT NOT NULL,
  last_name TEXT NOT NULL,
  company TEXT,
  phone TEXT,
  email TEXT,
  address TEXT,
  notes TEXT,
  tax_exempt INTEGER NOT NULL DEFAULT 0 CHECK (tax_exempt IN (0, 1)),
  price_level_id TEXT REFERENCES price_levels (id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX idx_customers_name ON customers (last_name, first_name);
CREATE INDEX idx_customers_phone ON customers (phone);

CREATE TABLE customer_vehicles (
  id TEXT PRIMARY KEY NOT NULL,
  customer_id TEXT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  vin TEXT,
  make TEXT NOT NULL,
  model TEXT NOT NULL,
  year INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2100),
  engine TEXT,
  license_plate TEXT,
  mileage INTEGER CHECK (mileage >= 0),
  created_at TEXT NOT NULL
);
CREATE INDEX idx_customer_vehicles_customer ON customer_vehicles (customer_id);

CREATE TABLE layaways (
  id TEXT PRIMARY KEY NOT NULL,
  number TEXT NOT NULL UNIQUE,
  customer_id TEXT NOT NULL REFERENCES customers (id),
  status TEXT NOT NULL CHECK (status IN ('open', 'completed', 'cancelled', 'forfeited')),
  total_cents INTEGER NOT NULL CHECK (total_cents >= 0),
  paid_cents INTEGER NOT NULL DEFAULT 0 CHECK (paid_cents >= 0),
  due_date TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX idx_layaways_customer ON layaways (customer_id);

CREATE TABLE layaway_payments (
  id TEXT PRIMARY KEY NOT NULL,
  layaway_id TEXT NOT NULL REFERENCES layaways (id) ON DELETE CASCADE,
  amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
  method TEXT NOT NULL CHECK (method IN ('cash', 'card', 'check', 'gift_card', 'store_credit')),
  user_id TEXT REFERENCES users (id) ON DELETE SET NULL,
  paid_at TEXT NOT NULL
);
CREATE INDEX idx_layaway_payments_layaway ON layaway_payments (layaway_id);

CREATE TABLE product_categories (
  id TEXT PRIMARY KEY NOT NULL,
  name TEXT NOT NULL UNIQUE,
  parent_id TEXT REFERENCES product_categories (id) ON DELETE SET NULL,
  sort_order INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE products (
  id TEXT PRIMARY KEY NOT NULL,
  sku TEXT NOT NULL UNIQUE,
  barcode TEXT UNIQUE,
  name TEXT NOT NULL,
  description TEXT,
  brand TEXT,
  category_id TEXT REFERENCES product_categories (id) ON DELETE SET NULL,
  cost_cents INTEGER NOT NULL CHECK (cost_cents >= 0),
  price_cents INTEGER NOT NULL CHECK (price_cents >= 0),
  taxable INTEGER NOT NULL DEFAULT 1 CHECK (taxable IN (0, 1)),
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX idx_products_category ON products (category_id);

CREATE TABLE fitment_data (
  id TEXT PRIMARY KEY NOT NULL,
  product_id TEXT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  make TEXT NOT NULL,
  model TEXT NOT NULL,
  year_from INTEGER NOT NULL CHECK (year_from BETWEEN 1900 AND 2100),
  year_to INTEGER NOT NULL CHECK (year_to BETWEEN 1900 AND 2100),
  engine TEXT,
  notes TEXT,
  CHECK (year_to >= year_from)
);
CREATE INDEX idx_fitment_vehicle ON fitment_data (make, model, year_from);
CREATE INDEX idx_fitment_product ON fitment_data (product_id);

CREATE TABLE inventory (
  id TEXT PRIMARY KEY NOT NULL,
  product_id TEXT NOT NULL UNIQUE REFERENCES products (id) ON DELETE CASCADE,
  quantity_on_hand INTEGER NOT NULL DEFAULT 0 CHECK (quantity_on_hand >= 0),
  reorder_point INTEGER NOT NULL DEFAULT 0 CHECK (reorder_point >= 0),
  bin_location TEXT,
  updated_at TEXT NOT NULL
);

CREATE TABLE work_orders (
  id TEXT PRIMARY KEY NOT NULL,
  number TEXT NOT NULL UNIQUE,
  customer_id TEXT NOT NULL REFERENCES customers (id),
  vehicle_id TEXT REFERENCES customer_vehicles (id) ON DELETE SET NULL,
  technician_id TEXT REFERENCES users (id) ON DELETE SET NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'waiting_parts', 'completed', 'invoiced', 'cancelled')),
  description TEXT NOT NULL,
  odometer INTEGER CHECK (odometer >= 0),
  total_cents INTEGER NOT NULL DEFAULT 0 CHECK (total_cents >= 0),
  opened_at TEXT NOT NULL,
  promised_at TEXT,
  completed_at TEXT
);
CREATE INDEX idx_work_orders_status_opened ON work_orders (status, opened_at);
CREATE INDEX idx_work_orders_customer ON work_orders (customer_id);

CREATE TABLE work_order_lines (
  id TEXT PRIMARY KEY NOT NULL,
  work_order_id TEXT NOT NULL REFERENCES work_orders (id) ON DELETE CASCADE,
  line_no INTEGER NOT NULL CHECK (line_no > 0),
  kind TEXT NOT NULL CHECK (kind IN ('part', 'labor', 'fee')),
  product_id TEXT REFERENCES products (id),
  description TEXT NOT NULL,
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  unit_price_cents INTEGER NOT NULL CHECK (unit_price_cents >= 0),
  technician_id TEXT REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX idx_work_order_lines_order ON work_order_lines (work_order_id, line_no);
CREATE INDEX idx_work_order_lines_product ON work_order_lines (product_id);

CREATE TABLE inventory_transactions (
  id TEXT PRIMARY KEY NOT NULL,
  product_id TEXT NOT NULL REFERENCES products (id),
  kind TEXT NOT NULL CHECK (kind IN ('receive', 'sale', 'adjust', 'return', 'transfer')),
  quantity INTEGER NOT NULL CHECK (quantity <> 0),
  unit_cost_cents INTEGER CHECK (unit_cost_cents >= 0),
  work_order_id TEXT REFERENCES work_orders (id) ON DELETE SET NULL,
  user_id TEXT REFERENCES users (id) ON DELETE SET NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX idx_inventory_transactions_product ON inventory_transactions (product_id, created_at);

CREATE TABLE commission_rules (
  id TEXT PRIMARY KEY NOT NULL,
  name TEXT NOT NULL,
  applies_to TEXT NOT NULL CHECK (applies_to IN ('parts', 'labor', 'all')),
  rate_bp INTEGER NOT NULL CHECK (rate_bp BETWEEN 0 AND 10000),
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL
);

CREATE TABLE commissions (
  id TEXT PRIMARY KEY NOT NULL,
  user_id TEXT NOT NULL REFERENCES users (id),
  work_order_id TEXT REFERENCES work_orders (id) ON DELETE SET NULL,
  rule_id TEXT REFERENCES commission_rules (id) ON DELETE SET NULL,
  amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),
  paid INTEGER NOT NULL DEFAULT 0 CHECK (paid IN (0, 1)),
  earned_at TEXT NOT NULL
);
CREATE INDEX idx_commissions_user_earned ON commissions (user_id, earned_at);

CREATE TABLE loyalty_accounts (
  id TEXT PRIMARY KEY NOT NULL,
  customer_id TEXT NOT NULL UNIQUE REFERENCES customers (id) ON DELETE CASCADE,
  points_balance INTEGER NOT NULL DEFAULT 0 CHECK (points_balance >= 0),
  tier TEXT NOT NULL DEFAULT 'bronze' CHECK (tier IN ('bronze', 'silver', 'gold')),
  enrolled_at TEXT NOT NULL
);

CREATE TABLE loyalty_transactions (
  id TEXT PRIMARY KEY NOT NULL,
  account_id TEXT NOT NULL REFERENCES loyalty_accounts (id) ON DELETE CASCADE,
  points INTEGER NOT NULL CHECK (points <> 0),
  reason TEXT NOT NULL CHECK (reason IN ('earn', 'redeem', 'adjust', 'expire')),
  work_order_id TEXT REFERENCES work_orders (id) ON DELETE SET NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX idx_loyalty_transactions_account ON loyalty_transactions (account_id, created_at);

CREATE TABLE credit_accounts (
  id TEXT PRIMARY KEY NOT NULL,
  customer_id TEXT NOT NULL REFERENCES customers (id),
  credit_limit_cents INTEGER NOT NULL CHECK (credit_limit_cents >= 0),
  balance_cents INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'closed')),
  opened_at TEXT NOT NULL
);
CREATE INDEX idx_credit_accounts_customer ON credit_accounts (customer_id);

CREATE TABLE credit_transactions (
  id TEXT PRIMARY KEY NOT NULL,
  account_id TEXT NOT NULL REFERENCES credit_accounts (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('charge', 'payment', 'adjustment')),
  amount_cents INTEGER NOT NULL,
  reference TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX idx_credit_transactions_account ON credit_transactions (account_id, created_at);

CREATE TABLE gift_cards (
  id TEXT PRIMARY KEY NOT NULL,
  code TEXT NOT NULL UNIQUE,
  initial_cents INTEGER NOT NULL CHECK (initial_cents > 0),
  balance_cents INTEGER NOT NULL CHECK (balance_cents >= 0),
  status TEXT NOT NULL CHECK (status IN ('active', 'redeemed', 'void')),
  customer_id TEXT REFERENCES customers (id) ON DELETE SET NULL,
  issued_at TEXT NOT NULL,
  expires_at TEXT
);

CREATE TABLE gift_card_transactions (
  id TEXT PRIMARY KEY NOT NULL,
  gift_card_id TEXT NOT NULL REFERENCES gift_cards (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('issue', 'redeem', 'reload', 'void')),
  amount_cents INTEGER NOT NULL,
  work_order_id TEXT REFERENCES work_orders (id) ON DELETE SET NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX idx_gift_card_transactions_card ON gift_card_transactions (gift_card_id, created_at);

CREATE TABLE promotions (
  id TEXT PRIMARY KEY NOT NULL,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('percent', 'amount', 'bogo')),
  value INTEGER NOT NULL CHECK (value >= 0),
  starts_at TEXT NOT NULL,
  ends_at TEXT,
  max_uses INTEGER CHECK (max_uses > 0),
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);

CREATE TABLE promotion_usage (
  id TEXT PRIMARY KEY NOT NULL,
  promotion_id TEXT NOT NULL REFERENCES promotions (id) ON DELETE CASCADE,
  customer_id TEXT REFERENCES customers (id) ON DELETE SET NULL,
  work_order_id TEXT REFERENCES work_orders (id) ON DELETE SET NULL,
  discount_cents INTEGER NOT NULL CHECK (discount_cents >= 0),
  used_at TEXT NOT NULL
);
CREATE INDEX idx_promotion_usage_promotion ON promotion_usage (promotion_id);

CREATE TABLE sync_log (
  id TEXT PRIMARY KEY NOT NULL,
  entity_type TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  operation TEXT NOT NULL CHECK (operation IN ('insert', 'update', 'delete')),
  direction TEXT NOT NULL CHECK (direction IN ('push', 'pull')),
  status TEXT NOT NULL CHECK (status IN ('ok', 'failed', 'conflict')),
  terminal_id TEXT,
  synced_at TEXT NOT NULL
);
CREATE INDEX idx_sync_log_synced_at ON sync_log (synced_at);

CREATE TABLE sync_conflicts (
  id TEXT PRIMARY KEY NOT NULL,
  sync_log_id TEXT REFERENCES sync_log (id) ON DELETE SET NULL,
  entity_type TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  local_data TEXT NOT NULL,
  remote_data TEXT NOT NULL,
  resolution TEXT CHECK (resolution IN ('local', 'remote', 'merged')),
  detected_at TEXT NOT NULL,
  resolved_at TEXT
);

CREATE TABLE pending_operations (
  id TEXT PRIMARY KEY NOT NULL,
  entity_type TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  operation TEXT NOT NULL CHECK (operation IN ('insert', 'update', 'delete')),
  payload TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'in_flight', 'failed', 'done')),
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX idx_pending_operations_status ON pending_operations (status, created_at);

CREATE TABLE backup_destinations (
  id TEXT PRIMARY KEY NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('local', 'usb', 'network')),
  path TEXT NOT NULL,
  enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  created_at TEXT NOT NULL
);

CREATE TABLE backup_settings (
  id TEXT PRIMARY KEY NOT NULL,
  retention_count INTEGER NOT NULL DEFAULT 10 CHECK (retention_count >= 1),
  destination_id TEXT REFERENCES backup_destinations (id) ON DELETE SET NULL,
  schedule TEXT NOT NULL DEFAULT 'daily' CHECK (schedule IN ('off', 'daily', 'weekly')),
  updated_at TEXT NOT NULL
);

CREATE TABLE backups (
  id TEXT PRIMARY KEY NOT NULL,
  file_name TEXT NOT NULL,
  reason TEXT NOT NULL CHECK (reason IN ('pre-upgrade', 'manual', 'pre-restore', 'scheduled')),
  size_bytes INTEGER NOT NULL CHECK (size_bytes >= 0),
  sha256 TEXT NOT NULL,
  schema_version TEXT NOT NULL,
  verified INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1)),
  destination_id TEXT REFERENCES backup_destinations (id) ON DELETE SET NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE restore_jobs (
  id TEXT PRIMARY KEY NOT NULL,
  backup_id TEXT NOT NULL REFERENCES backups (id),
  pre_restore_backup_id TEXT REFERENCES backups (id),
  status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
  requested_by TEXT,
  error TEXT,
  started_at TEXT NOT NULL,
  finished_at TEXT
);

-- On-hand stock follows the movement ledger.
CREATE TRIGGER trg_inventory_transactions_apply
AFTER INSERT ON inventory_transactions
BEGIN
  UPDATE inventory
     SET quantity_on_hand = quantity_on_hand + NEW.quantity,
         updated_at = NEW.created_at
   WHERE product_id = NEW.product_id;
END;

-- A gift card's balance follows its transactions.
CREATE TRIGGER trg_gift_card_transactions_apply
AFTER INSERT ON gift_card_transactions
WHEN NEW.kind <> 'issue'
BEGIN
  UPDATE gift_cards
     SET balance_cents = balance_cents + NEW.amount_cents,
         status = CASE WHEN balance_cents + NEW.amount_cents = 0 THEN 'redeemed' ELSE status END
   WHERE id = NEW.gift_card_id;
END;

CREATE VIEW inventory_valuation AS
SELECT p.id AS product_id,
       p.sku,
       p.name,
       i.quantity_on_hand,
       p.cost_cents,
       i.quantity_on_hand * p.cost_cents AS value_cents
  FROM inventory i
  JOIN products p ON p.id = i.product_id;
`;

export const legacySchema: Migration = {
  name: '0001-legacy-schema',
  up({ db }) {
    db.exec(LEGACY_SCHEMA_SQL);
  },
};
