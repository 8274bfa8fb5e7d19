/**
 * FROZEN: the schema migration 0005 adds, spelled out as it shipped. Never
 * edit it; a later change is a later migration. It carries its own copy of
 * every fact it needs (the tenant id CHECK, the tables and columns it points
 * at) and reads neither the live catalogue nor another migration's lists.
 */

/** The tenant id rule as an inline CHECK (the same words as 0002's frozen copy; a test compares them). */
const TENANT = `tenant_id TEXT NOT NULL CHECK (typeof(tenant_id) = 'text' AND length(tenant_id) BETWEEN 1 AND 255 AND tenant_id NOT GLOB '*[^a-z0-9-]*' AND tenant_id NOT GLOB '-*' AND tenant_id NOT GLOB '*-')`;

/**
 * Four new tables, each created with tenant_id and no default (there are no
 * legacy rows to own; every writer names its tenant). The money columns repeat
 * the arithmetic of the lines as CHECKs, so the database itself refuses a
 * total that is not computed from its parts.
 */
export const CREATE_TABLES: readonly string[] = [
  `CREATE TABLE shifts (
  id TEXT PRIMARY KEY NOT NULL,
  ${TENANT},
  opened_by TEXT NOT NULL REFERENCES users (id),
  opened_at TEXT NOT NULL,
  float_cents INTEGER NOT NULL CHECK (float_cents >= 0),
  status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
  closed_by TEXT REFERENCES users (id),
  closed_at TEXT,
  expected_cents INTEGER,
  counted_cents INTEGER CHECK (counted_cents >= 0),
  over_short_cents INTEGER,
  CHECK ((status = 'open') = (closed_at IS NULL)),
  CHECK (status = 'open' OR (expected_cents IS NOT NULL AND counted_cents IS NOT NULL AND over_short_cents = counted_cents - expected_cents))
)`,
  `CREATE TABLE sales (
  id TEXT PRIMARY KEY NOT NULL,
  ${TENANT},
  number TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('sale', 'return', 'deposit')),
  status TEXT NOT NULL CHECK (status IN ('completed', 'layaway', 'voided')),
  original_sale_id TEXT REFERENCES sales (id),
  customer_id TEXT REFERENCES customers (id) ON DELETE SET NULL,
  work_order_id TEXT REFERENCES work_orders (id) ON DELETE SET NULL,
  layaway_id TEXT REFERENCES layaways (id) ON DELETE SET NULL,
  shift_id TEXT REFERENCES shifts (id),
  user_id TEXT NOT NULL REFERENCES users (id),
  approved_by TEXT REFERENCES users (id),
  price_level_id TEXT REFERENCES price_levels (id) ON DELETE SET NULL,
  promotion_id TEXT REFERENCES promotions (id) ON DELETE SET NULL,
  subtotal_cents INTEGER NOT NULL CHECK (subtotal_cents >= 0),
  line_discount_cents INTEGER NOT NULL CHECK (line_discount_cents >= 0),
  promotion_discount_cents INTEGER NOT NULL CHECK (promotion_discount_cents >= 0),
  order_discount_cents INTEGER NOT NULL CHECK (order_discount_cents >= 0),
  tax_cents INTEGER NOT NULL CHECK (tax_cents >= 0),
  total_cents INTEGER NOT NULL CHECK (total_cents >= 0),
  paid_cents INTEGER NOT NULL CHECK (paid_cents >= 0),
  change_cents INTEGER NOT NULL CHECK (change_cents >= 0),
  note TEXT,
  created_at TEXT NOT NULL,
  completed_at TEXT,
  voided_at TEXT,
  UNIQUE (tenant_id, number),
  CHECK (total_cents = subtotal_cents - line_discount_cents - promotion_discount_cents - order_discount_cents + tax_cents),
  CHECK (paid_cents <= total_cents),
  CHECK (status <> 'completed' OR (paid_cents = total_cents AND completed_at IS NOT NULL)),
  CHECK ((kind = 'return') = (original_sale_id IS NOT NULL)),
  CHECK ((status = 'voided') = (voided_at IS NOT NULL))
)`,
  `CREATE TABLE sale_lines (
  id TEXT PRIMARY KEY NOT NULL,
  ${TENANT},
  sale_id TEXT NOT NULL REFERENCES sales (id),
  line_no INTEGER NOT NULL CHECK (line_no > 0),
  kind TEXT NOT NULL CHECK (kind IN ('part', 'labor', 'fee')),
  product_id TEXT REFERENCES products (id),
  original_line_id TEXT REFERENCES sale_lines (id),
  sku TEXT,
  description TEXT NOT NULL,
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  list_unit_cents INTEGER NOT NULL CHECK (list_unit_cents >= 0),
  unit_price_cents INTEGER NOT NULL CHECK (unit_price_cents >= 0),
  gross_cents INTEGER NOT NULL CHECK (gross_cents >= 0),
  line_discount_cents INTEGER NOT NULL CHECK (line_discount_cents >= 0),
  promotion_discount_cents INTEGER NOT NULL CHECK (promotion_discount_cents >= 0),
  order_discount_cents INTEGER NOT NULL CHECK (order_discount_cents >= 0),
  net_cents INTEGER NOT NULL CHECK (net_cents >= 0),
  tax_rate_ppm INTEGER NOT NULL CHECK (tax_rate_ppm BETWEEN 0 AND 1000000),
  tax_cents INTEGER NOT NULL CHECK (tax_cents >= 0),
  total_cents INTEGER NOT NULL,
  technician_id TEXT REFERENCES users (id) ON DELETE SET NULL,
  CHECK (net_cents = gross_cents - line_discount_cents - promotion_discount_cents - order_discount_cents),
  CHECK (total_cents = net_cents + tax_cents),
  CHECK (original_line_id IS NOT NULL OR gross_cents = quantity * unit_price_cents)
)`,
  `CREATE TABLE sale_payments (
  id TEXT PRIMARY KEY NOT NULL,
  ${TENANT},
  sale_id TEXT NOT NULL REFERENCES sales (id),
  shift_id TEXT REFERENCES shifts (id),
  method TEXT NOT NULL CHECK (method IN ('cash', 'card', 'gift_card', 'store_credit', 'deposit')),
  direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
  amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
  tendered_cents INTEGER NOT NULL,
  change_cents INTEGER NOT NULL CHECK (change_cents >= 0),
  gift_card_id TEXT REFERENCES gift_cards (id),
  credit_account_id TEXT REFERENCES credit_accounts (id),
  original_payment_id TEXT REFERENCES sale_payments (id),
  reference TEXT CHECK (reference IS NULL OR length(reference) <= 32),
  user_id TEXT REFERENCES users (id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  CHECK (change_cents = tendered_cents - amount_cents),
  CHECK (method = 'cash' OR change_cents = 0),
  CHECK ((method = 'gift_card') = (gift_card_id IS NOT NULL)),
  CHECK ((method = 'store_credit') = (credit_account_id IS NOT NULL))
)`,
];

/** The ledgers a sale writes point back at it (ADD COLUMN: the schema only, no row rewritten). */
export const SALE_LINKED_LEDGERS = [
  'inventory_transactions',
  'gift_card_transactions',
  'loyalty_transactions',
  'commissions',
  'promotion_usage',
  'credit_transactions',
] as const;

export const ADD_COLUMNS: readonly string[] = SALE_LINKED_LEDGERS.map(
  (t) => `ALTER TABLE ${t} ADD COLUMN sale_id TEXT REFERENCES sales (id) ON DELETE SET NULL`,
);

/** Every index leads with tenant_id. The two on legacy tables serve work order search by licence plate. */
export const CREATE_INDEXES: readonly string[] = [
  `CREATE INDEX idx_shifts_tenant_id ON shifts (tenant_id, status, opened_at)`,
  `CREATE INDEX idx_sales_tenant_id ON sales (tenant_id, created_at)`,
  `CREATE INDEX idx_sales_tenant_customer ON sales (tenant_id, customer_id, created_at)`,
  `CREATE INDEX idx_sales_tenant_work_order ON sales (tenant_id, work_order_id, created_at)`,
  `CREATE INDEX idx_sales_tenant_original ON sales (tenant_id, original_sale_id, created_at)`,
  `CREATE INDEX idx_sales_tenant_status ON sales (tenant_id, status, created_at)`,
  `CREATE INDEX idx_sale_lines_tenant_id ON sale_lines (tenant_id, sale_id, line_no)`,
  `CREATE INDEX idx_sale_lines_tenant_original ON sale_lines (tenant_id, original_line_id)`,
  `CREATE INDEX idx_sale_payments_tenant_id ON sale_payments (tenant_id, sale_id)`,
  `CREATE INDEX idx_sale_payments_tenant_shift ON sale_payments (tenant_id, shift_id, method)`,
  `CREATE INDEX idx_sale_payments_tenant_original ON sale_payments (tenant_id, original_payment_id)`,
  `CREATE INDEX idx_customer_vehicles_tenant_plate ON customer_vehicles (tenant_id, license_plate)`,
  `CREATE INDEX idx_work_orders_tenant_vehicle ON work_orders (tenant_id, vehicle_id)`,
];

/** Every reference 0005 creates (child table -> [column, parent]): each gets 0003's same-tenant triggers. */
export const NEW_REFERENCES: Readonly<Record<string, readonly (readonly [column: string, parent: string])[]>> = {
  shifts: [
    ['opened_by', 'users'],
    ['closed_by', 'users'],
  ],
  sales: [
    ['original_sale_id', 'sales'],
    ['customer_id', 'customers'],
    ['work_order_id', 'work_orders'],
    ['layaway_id', 'layaways'],
    ['shift_id', 'shifts'],
    ['user_id', 'users'],
    ['approved_by', 'users'],
    ['price_level_id', 'price_levels'],
    ['promotion_id', 'promotions'],
  ],
  sale_lines: [
    ['sale_id', 'sales'],
    ['product_id', 'products'],
    ['original_line_id', 'sale_lines'],
    ['technician_id', 'users'],
  ],
  sale_payments: [
    ['sale_id', 'sales'],
    ['shift_id', 'shifts'],
    ['gift_card_id', 'gift_cards'],
    ['credit_account_id', 'credit_accounts'],
    ['original_payment_id', 'sale_payments'],
    ['user_id', 'users'],
  ],
  ...Object.fromEntries(SALE_LINKED_LEDGERS.map((t) => [t, [['sale_id', 'sales']] as const])),
};

/** The tables 0005 creates: they also get 0003's immutable-tenant trigger (the legacy tables already have theirs). */
export const NEW_TABLES = ['shifts', 'sales', 'sale_lines', 'sale_payments'] as const;
