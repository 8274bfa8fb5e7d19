/**
 * The live catalogue: the POS tables as they are after ALL migrations. It
 * drives verification, demo data, the repositories' column lists, their tests and the leak suite.
 * Shipped migrations never read it (each carries its own frozen copy of the
 * facts it needs), and test/foundation/catalogue-guard.test.ts keeps it equal
 * to the schema that running every migration produces.
 */

export type TableGroup = 'core' | 'sales' | 'sync' | 'product' | 'backup';

export interface ForeignKeySpec {
  column: string;
  references: TableName;
  onDelete: 'CASCADE' | 'SET NULL' | 'NO ACTION';
  nullable: boolean;
}

export interface IndexSpec {
  name: string;
  columns: string[];
}

export interface TableSpec {
  name: TableName;
  group: TableGroup;
  primaryKey: 'id';
  /**
   * Every column, tenant_id included, in the table's own order (pragma table_info). The repositories build
   * their SELECT lists from it (electron/tenancy/repositories/columns.ts), so a column a migration adds is read.
   */
  columns: readonly string[];
  /** Business keys, each UNIQUE (tenant_id, key): one store's SKU never blocks another's. */
  businessKeys: string[];
  /** Columns UNIQUE on their own: UUID-valued, so one tenant can never collide with another. */
  globalUniques: string[];
  foreignKeys: ForeignKeySpec[];
  /** Secondary indexes; the first is always idx_<table>_tenant_id and every one leads with tenant_id. */
  indexes: IndexSpec[];
  /**
   * How an invalid tenant id is refused: an inline CHECK (tables created or rebuilt with tenant_id), or
   * BEFORE INSERT/UPDATE triggers (tables that got tenant_id by ADD COLUMN, where a CHECK would scan every row).
   */
  tenantGuard: 'check' | 'triggers';
  /**
   * The column's DEFAULT: the v1 tables keep 'caps-automotive' (it gave every legacy row its
   * tenant without rewriting it); tables created later have none, so an insert that forgets its tenant fails.
   */
  tenantDefault: string | null;
}

export const TABLE_NAMES = [
  'users',
  'sessions',
  'audit_log',
  'customers',
  'customer_vehicles',
  'layaways',
  'layaway_payments',
  'work_orders',
  'work_order_lines',
  'commissions',
  'commission_rules',
  'loyalty_accounts',
  'loyalty_transactions',
  'price_levels',
  'credit_accounts',
  'credit_transactions',
  'gift_cards',
  'gift_card_transactions',
  'promotions',
  'promotion_usage',
  'sync_log',
  'sync_conflicts',
  'pending_operations',
  'products',
  'product_categories',
  'fitment_data',
  'inventory',
  'inventory_transactions',
  'backups',
  'backup_destinations',
  'backup_settings',
  'restore_jobs',
  'shifts',
  'sales',
  'sale_lines',
  'sale_payments',
  'sync_credentials',
  'sync_state',
] as const;

export type TableName = (typeof TABLE_NAMES)[number];

const fk = (column: string, references: TableName, onDelete: ForeignKeySpec['onDelete'], nullable = true): ForeignKeySpec => ({
  column,
  references,
  onDelete,
  nullable,
});
const idx = (name: string, ...columns: string[]): IndexSpec => ({ name, columns });
/** A table's columns, written as one space-separated list. */
const cols = (names: string): readonly string[] => names.split(' ');

type Spec = Omit<TableSpec, 'primaryKey' | 'businessKeys' | 'globalUniques' | 'tenantGuard' | 'tenantDefault'> &
  Partial<Pick<TableSpec, 'businessKeys' | 'globalUniques' | 'tenantGuard' | 'tenantDefault'>>;

/** The 32 tables of v1 got tenant_id by ADD COLUMN and guard triggers, except those 0002 rebuilt (business keys). */
const spec = (s: Spec): TableSpec => ({
  primaryKey: 'id',
  businessKeys: [],
  globalUniques: [],
  tenantGuard: (s.businessKeys ?? []).length > 0 ? 'check' : 'triggers',
  tenantDefault: 'caps-automotive',
  ...s,
});

export const CATALOGUE: readonly TableSpec[] = [
  // core
  spec({
    name: 'users',
    group: 'core',
    columns: cols('id username display_name role pin_hash email active created_at updated_at tenant_id'),
    businessKeys: ['username'],
    foreignKeys: [],
    indexes: [idx('idx_users_tenant_id', 'tenant_id', 'role')],
  }),
  spec({
    name: 'sessions',
    group: 'core',
    columns: cols('id user_id token terminal_id created_at expires_at revoked_at tenant_id'),
    globalUniques: ['token'],
    foreignKeys: [fk('user_id', 'users', 'CASCADE', false)],
    indexes: [idx('idx_sessions_tenant_id', 'tenant_id', 'user_id')],
  }),
  spec({
    name: 'audit_log',
    group: 'core',
    columns: cols('id user_id action entity_type entity_id details created_at tenant_id'),
    foreignKeys: [fk('user_id', 'users', 'SET NULL')],
    indexes: [idx('idx_audit_log_tenant_id', 'tenant_id', 'created_at')],
  }),
  // sales & customers
  spec({
    name: 'customers',
    group: 'sales',
    columns: cols('id first_name last_name company phone email address notes tax_exempt price_level_id created_at updated_at tenant_id'),
    foreignKeys: [fk('price_level_id', 'price_levels', 'SET NULL')],
    indexes: [idx('idx_customers_tenant_id', 'tenant_id', 'last_name', 'first_name'), idx('idx_customers_tenant_phone', 'tenant_id', 'phone')],
  }),
  spec({
    name: 'customer_vehicles',
    group: 'sales',
    columns: cols('id customer_id vin make model year engine license_plate mileage created_at tenant_id'),
    foreignKeys: [fk('customer_id', 'customers', 'CASCADE', false)],
    indexes: [idx('idx_customer_vehicles_tenant_id', 'tenant_id', 'customer_id'), idx('idx_customer_vehicles_tenant_plate', 'tenant_id', 'license_plate')],
  }),
  spec({
    name: 'layaways',
    group: 'sales',
    columns: cols('id number customer_id status total_cents paid_cents due_date created_at updated_at tenant_id'),
    businessKeys: ['number'],
    foreignKeys: [fk('customer_id', 'customers', 'NO ACTION', false)],
    indexes: [idx('idx_layaways_tenant_id', 'tenant_id', 'customer_id')],
  }),
  spec({
    name: 'layaway_payments',
    group: 'sales',
    columns: cols('id layaway_id amount_cents method user_id paid_at tenant_id'),
    foreignKeys: [fk('layaway_id', 'layaways', 'CASCADE', false), fk('user_id', 'users', 'SET NULL')],
    indexes: [idx('idx_layaway_payments_tenant_id', 'tenant_id', 'layaway_id')],
  }),
  spec({
    name: 'work_orders',
    group: 'sales',
    columns: cols('id number customer_id vehicle_id technician_id status description odometer total_cents opened_at promised_at completed_at tenant_id'),
    businessKeys: ['number'],
    foreignKeys: [
      fk('customer_id', 'customers', 'NO ACTION', false),
      fk('vehicle_id', 'customer_vehicles', 'SET NULL'),
      fk('technician_id', 'users', 'SET NULL'),
    ],
    indexes: [
      idx('idx_work_orders_tenant_id', 'tenant_id', 'status', 'opened_at'),
      idx('idx_work_orders_tenant_customer', 'tenant_id', 'customer_id'),
      idx('idx_work_orders_tenant_vehicle', 'tenant_id', 'vehicle_id'),
    ],
  }),
  spec({
    name: 'work_order_lines',
    group: 'sales',
    columns: cols('id work_order_id line_no kind product_id description quantity unit_price_cents technician_id tenant_id'),
    foreignKeys: [fk('work_order_id', 'work_orders', 'CASCADE', false), fk('product_id', 'products', 'NO ACTION'), fk('technician_id', 'users', 'SET NULL')],
    indexes: [
      idx('idx_work_order_lines_tenant_id', 'tenant_id', 'work_order_id', 'line_no'),
      idx('idx_work_order_lines_tenant_product', 'tenant_id', 'product_id'),
    ],
  }),
  spec({
    name: 'commissions',
    group: 'sales',
    columns: cols('id user_id work_order_id rule_id amount_cents paid earned_at tenant_id sale_id'),
    foreignKeys: [
      fk('user_id', 'users', 'NO ACTION', false),
      fk('work_order_id', 'work_orders', 'SET NULL'),
      fk('rule_id', 'commission_rules', 'SET NULL'),
      fk('sale_id', 'sales', 'SET NULL'),
    ],
    indexes: [idx('idx_commissions_tenant_id', 'tenant_id', 'user_id', 'earned_at')],
  }),
  spec({
    name: 'commission_rules',
    group: 'sales',
    columns: cols('id name applies_to rate_bp active created_at tenant_id'),
    foreignKeys: [],
    indexes: [idx('idx_commission_rules_tenant_id', 'tenant_id')],
  }),
  spec({
    name: 'loyalty_accounts',
    group: 'sales',
    columns: cols('id customer_id points_balance tier enrolled_at tenant_id'),
    globalUniques: ['customer_id'],
    foreignKeys: [fk('customer_id', 'customers', 'CASCADE', false)],
    indexes: [idx('idx_loyalty_accounts_tenant_id', 'tenant_id', 'customer_id')],
  }),
  spec({
    name: 'loyalty_transactions',
    group: 'sales',
    columns: cols('id account_id points reason work_order_id created_at tenant_id sale_id'),
    foreignKeys: [fk('account_id', 'loyalty_accounts', 'CASCADE', false), fk('work_order_id', 'work_orders', 'SET NULL'), fk('sale_id', 'sales', 'SET NULL')],
    indexes: [idx('idx_loyalty_transactions_tenant_id', 'tenant_id', 'account_id', 'created_at')],
  }),
  spec({
    name: 'price_levels',
    group: 'sales',
    columns: cols('id name discount_bp created_at tenant_id'),
    businessKeys: ['name'],
    foreignKeys: [],
    indexes: [idx('idx_price_levels_tenant_id', 'tenant_id')],
  }),
  spec({
    name: 'credit_accounts',
    group: 'sales',
    columns: cols('id customer_id credit_limit_cents balance_cents status opened_at tenant_id'),
    foreignKeys: [fk('customer_id', 'customers', 'NO ACTION', false)],
    indexes: [idx('idx_credit_accounts_tenant_id', 'tenant_id', 'customer_id')],
  }),
  spec({
    name: 'credit_transactions',
    group: 'sales',
    columns: cols('id account_id kind amount_cents reference created_at tenant_id sale_id'),
    foreignKeys: [fk('account_id', 'credit_accounts', 'CASCADE', false), fk('sale_id', 'sales', 'SET NULL')],
    indexes: [idx('idx_credit_transactions_tenant_id', 'tenant_id', 'account_id', 'created_at')],
  }),
  spec({
    name: 'gift_cards',
    group: 'sales',
    columns: cols('id code initial_cents balance_cents status customer_id issued_at expires_at tenant_id'),
    businessKeys: ['code'],
    foreignKeys: [fk('customer_id', 'customers', 'SET NULL')],
    indexes: [idx('idx_gift_cards_tenant_id', 'tenant_id', 'status')],
  }),
  spec({
    name: 'gift_card_transactions',
    group: 'sales',
    columns: cols('id gift_card_id kind amount_cents work_order_id created_at tenant_id sale_id'),
    foreignKeys: [fk('gift_card_id', 'gift_cards', 'CASCADE', false), fk('work_order_id', 'work_orders', 'SET NULL'), fk('sale_id', 'sales', 'SET NULL')],
    indexes: [idx('idx_gift_card_transactions_tenant_id', 'tenant_id', 'gift_card_id', 'created_at')],
  }),
  spec({
    name: 'promotions',
    group: 'sales',
    columns: cols('id code name kind value starts_at ends_at max_uses active tenant_id'),
    businessKeys: ['code'],
    foreignKeys: [],
    indexes: [idx('idx_promotions_tenant_id', 'tenant_id', 'active')],
  }),
  spec({
    name: 'promotion_usage',
    group: 'sales',
    columns: cols('id promotion_id customer_id work_order_id discount_cents used_at tenant_id sale_id'),
    foreignKeys: [
      fk('promotion_id', 'promotions', 'CASCADE', false),
      fk('customer_id', 'customers', 'SET NULL'),
      fk('work_order_id', 'work_orders', 'SET NULL'),
      fk('sale_id', 'sales', 'SET NULL'),
    ],
    indexes: [idx('idx_promotion_usage_tenant_id', 'tenant_id', 'promotion_id')],
  }),
  // sync
  spec({
    name: 'sync_log',
    group: 'sync',
    columns: cols('id entity_type entity_id operation direction status terminal_id synced_at tenant_id detail'),
    foreignKeys: [],
    indexes: [idx('idx_sync_log_tenant_id', 'tenant_id', 'synced_at')],
  }),
  spec({
    name: 'sync_conflicts',
    group: 'sync',
    columns: cols('id sync_log_id entity_type entity_id local_data remote_data resolution detected_at resolved_at tenant_id operation_id code reason'),
    foreignKeys: [fk('sync_log_id', 'sync_log', 'SET NULL'), fk('operation_id', 'pending_operations', 'SET NULL')],
    indexes: [idx('idx_sync_conflicts_tenant_id', 'tenant_id', 'detected_at'), idx('idx_sync_conflicts_tenant_operation', 'tenant_id', 'operation_id')],
  }),
  spec({
    name: 'pending_operations',
    group: 'sync',
    columns: cols('id entity_type entity_id operation payload status attempts last_error created_at updated_at tenant_id seq'),
    // seq (migration 0004): the operation's number in its tenant's queue, unique per tenant (a UNIQUE INDEX on a v1 table: still the guard triggers).
    businessKeys: ['seq'],
    tenantGuard: 'triggers',
    foreignKeys: [],
    indexes: [idx('idx_pending_operations_tenant_id', 'tenant_id', 'status', 'created_at'), idx('idx_pending_operations_tenant_seq', 'tenant_id', 'seq')],
  }),
  // products
  spec({
    name: 'products',
    group: 'product',
    columns: cols('id sku barcode name description brand category_id cost_cents price_cents taxable active created_at updated_at tenant_id'),
    businessKeys: ['sku', 'barcode'],
    foreignKeys: [fk('category_id', 'product_categories', 'SET NULL')],
    indexes: [idx('idx_products_tenant_id', 'tenant_id', 'category_id')],
  }),
  spec({
    name: 'product_categories',
    group: 'product',
    columns: cols('id name parent_id sort_order tenant_id'),
    businessKeys: ['name'],
    foreignKeys: [fk('parent_id', 'product_categories', 'SET NULL')],
    indexes: [idx('idx_product_categories_tenant_id', 'tenant_id', 'sort_order')],
  }),
  spec({
    name: 'fitment_data',
    group: 'product',
    columns: cols('id product_id make model year_from year_to engine notes tenant_id'),
    foreignKeys: [fk('product_id', 'products', 'CASCADE', false)],
    indexes: [idx('idx_fitment_data_tenant_id', 'tenant_id', 'make', 'model', 'year_from'), idx('idx_fitment_data_tenant_product', 'tenant_id', 'product_id')],
  }),
  spec({
    name: 'inventory',
    group: 'product',
    columns: cols('id product_id quantity_on_hand reorder_point bin_location updated_at tenant_id'),
    globalUniques: ['product_id'],
    foreignKeys: [fk('product_id', 'products', 'CASCADE', false)],
    indexes: [idx('idx_inventory_tenant_id', 'tenant_id', 'product_id')],
  }),
  spec({
    name: 'inventory_transactions',
    group: 'product',
    columns: cols('id product_id kind quantity unit_cost_cents work_order_id user_id created_at tenant_id sale_id'),
    foreignKeys: [
      fk('product_id', 'products', 'NO ACTION', false),
      fk('work_order_id', 'work_orders', 'SET NULL'),
      fk('user_id', 'users', 'SET NULL'),
      fk('sale_id', 'sales', 'SET NULL'),
    ],
    indexes: [idx('idx_inventory_transactions_tenant_id', 'tenant_id', 'product_id', 'created_at')],
  }),
  // backups
  spec({
    name: 'backups',
    group: 'backup',
    columns: cols('id file_name reason size_bytes sha256 schema_version verified destination_id created_at tenant_id'),
    foreignKeys: [fk('destination_id', 'backup_destinations', 'SET NULL')],
    indexes: [idx('idx_backups_tenant_id', 'tenant_id', 'created_at')],
  }),
  spec({
    name: 'backup_destinations',
    group: 'backup',
    columns: cols('id name kind path enabled created_at tenant_id'),
    foreignKeys: [],
    indexes: [idx('idx_backup_destinations_tenant_id', 'tenant_id')],
  }),
  spec({
    name: 'backup_settings',
    group: 'backup',
    columns: cols('id retention_count destination_id schedule updated_at tenant_id'),
    foreignKeys: [fk('destination_id', 'backup_destinations', 'SET NULL')],
    indexes: [idx('idx_backup_settings_tenant_id', 'tenant_id')],
  }),
  spec({
    name: 'restore_jobs',
    group: 'backup',
    columns: cols('id backup_id pre_restore_backup_id status requested_by error started_at finished_at tenant_id'),
    foreignKeys: [fk('backup_id', 'backups', 'NO ACTION', false), fk('pre_restore_backup_id', 'backups', 'NO ACTION')],
    indexes: [idx('idx_restore_jobs_tenant_id', 'tenant_id', 'started_at')],
  }),
  // the selling day (migration 0005): created with tenant_id, an inline CHECK and no default
  spec({
    name: 'shifts',
    group: 'sales',
    columns: cols('id tenant_id opened_by opened_at float_cents status closed_by closed_at expected_cents counted_cents over_short_cents till_id'),
    tenantGuard: 'check',
    tenantDefault: null,
    foreignKeys: [fk('opened_by', 'users', 'NO ACTION', false), fk('closed_by', 'users', 'NO ACTION')],
    indexes: [idx('idx_shifts_tenant_id', 'tenant_id', 'status', 'opened_at')],
  }),
  spec({
    name: 'sales',
    group: 'sales',
    columns: cols(
      'id tenant_id number kind status original_sale_id customer_id work_order_id layaway_id shift_id user_id approved_by price_level_id promotion_id subtotal_cents line_discount_cents promotion_discount_cents order_discount_cents tax_cents total_cents paid_cents change_cents note created_at completed_at voided_at',
    ),
    businessKeys: ['number'],
    tenantDefault: null,
    foreignKeys: [
      fk('original_sale_id', 'sales', 'NO ACTION'),
      fk('customer_id', 'customers', 'SET NULL'),
      fk('work_order_id', 'work_orders', 'SET NULL'),
      fk('layaway_id', 'layaways', 'SET NULL'),
      fk('shift_id', 'shifts', 'NO ACTION'),
      fk('user_id', 'users', 'NO ACTION', false),
      fk('approved_by', 'users', 'NO ACTION'),
      fk('price_level_id', 'price_levels', 'SET NULL'),
      fk('promotion_id', 'promotions', 'SET NULL'),
    ],
    indexes: [
      idx('idx_sales_tenant_id', 'tenant_id', 'created_at'),
      idx('idx_sales_tenant_customer', 'tenant_id', 'customer_id', 'created_at'),
      idx('idx_sales_tenant_work_order', 'tenant_id', 'work_order_id', 'created_at'),
      idx('idx_sales_tenant_original', 'tenant_id', 'original_sale_id', 'created_at'),
      idx('idx_sales_tenant_status', 'tenant_id', 'status', 'created_at'),
    ],
  }),
  spec({
    name: 'sale_lines',
    group: 'sales',
    columns: cols(
      'id tenant_id sale_id line_no kind product_id original_line_id sku description quantity list_unit_cents unit_price_cents gross_cents line_discount_cents promotion_discount_cents order_discount_cents net_cents tax_rate_ppm tax_cents total_cents technician_id',
    ),
    tenantGuard: 'check',
    tenantDefault: null,
    foreignKeys: [
      fk('sale_id', 'sales', 'NO ACTION', false),
      fk('product_id', 'products', 'NO ACTION'),
      fk('original_line_id', 'sale_lines', 'NO ACTION'),
      fk('technician_id', 'users', 'SET NULL'),
    ],
    indexes: [idx('idx_sale_lines_tenant_id', 'tenant_id', 'sale_id', 'line_no'), idx('idx_sale_lines_tenant_original', 'tenant_id', 'original_line_id')],
  }),
  spec({
    name: 'sale_payments',
    group: 'sales',
    columns: cols(
      'id tenant_id sale_id shift_id method direction amount_cents tendered_cents change_cents gift_card_id credit_account_id original_payment_id reference user_id created_at',
    ),
    tenantGuard: 'check',
    tenantDefault: null,
    foreignKeys: [
      fk('sale_id', 'sales', 'NO ACTION', false),
      fk('shift_id', 'shifts', 'NO ACTION'),
      fk('gift_card_id', 'gift_cards', 'NO ACTION'),
      fk('credit_account_id', 'credit_accounts', 'NO ACTION'),
      fk('original_payment_id', 'sale_payments', 'NO ACTION'),
      fk('user_id', 'users', 'SET NULL'),
    ],
    indexes: [
      idx('idx_sale_payments_tenant_id', 'tenant_id', 'sale_id'),
      idx('idx_sale_payments_tenant_shift', 'tenant_id', 'shift_id', 'method'),
      idx('idx_sale_payments_tenant_original', 'tenant_id', 'original_payment_id'),
    ],
  }),
  // the till's side of sync (migration 0004): one row per enrolled tenant, hence UNIQUE (tenant_id) on its own
  spec({
    name: 'sync_credentials',
    group: 'sync',
    columns: cols('id tenant_id hub_url hub_id till_name token seq_base enrolled_at'),
    globalUniques: ['tenant_id'],
    tenantGuard: 'check',
    tenantDefault: null,
    foreignKeys: [],
    indexes: [idx('idx_sync_credentials_tenant_id', 'tenant_id')],
  }),
  spec({
    name: 'sync_state',
    group: 'sync',
    columns: cols('id tenant_id cursor acked_seq last_push_at last_pull_at last_error last_error_at failures next_attempt_at'),
    globalUniques: ['tenant_id'],
    tenantGuard: 'check',
    tenantDefault: null,
    foreignKeys: [],
    indexes: [idx('idx_sync_state_tenant_id', 'tenant_id')],
  }),
];

const byName = new Map(CATALOGUE.map((t) => [t.name, t]));

export function tableSpec(name: TableName): TableSpec {
  const t = byName.get(name);
  if (!t) throw new Error(`Unknown table ${name}`);
  return t;
}

/** Tables that are not part of the POS data: the migrator's bookkeeping and the store's identity (electron/db/store-identity.ts). */
export const INFRASTRUCTURE_TABLES = ['schema_migrations', 'store_identity'] as const;

/**
 * Store-level security bookkeeping (migration 0006, electron/security/): the sign-in lock-out counters
 * (per tenant and username, per till) and the technician code's hash. Not tenant data, so not in CATALOGUE.
 */
export const SECURITY_TABLES = ['sign_in_failures', 'store_secrets'] as const;

/**
 * Sync bookkeeping that is not tenant data (migration 0010): `sync_pull_applying` holds one row only
 * inside a pull's transaction, so the ledger apply triggers skip rows whose effect the hub already counted.
 */
export const SYNC_BOOKKEEPING_TABLES = ['sync_pull_applying'] as const;

/**
 * Derived per-tenant data (migration 0012): `work_orders_last_number` and `layaways_last_number` hold each
 * store's last work order and layaway number ever held, kept by triggers on those tables (after a delete it
 * stays above the MAX, so no number is handed out twice). Never synced: each till keeps its own from the rows
 * it writes and pulls; a backup carries them.
 */
export const DERIVED_TABLES = ['work_orders_last_number', 'layaways_last_number'] as const;

/**
 * Derived per-tenant lists (migration 0013): `vehicle_models` holds each store's distinct (make, model) pairs
 * of fitment_data (the vehicle pickers), `promotion_use_counts` each used promotion's count of promotion_usage
 * rows (no row: 0). Kept by triggers on those tables; never synced (a till derives them from the rows it
 * writes and pulls); a backup carries them.
 */
export const DERIVED_LIST_TABLES = ['vehicle_models', 'promotion_use_counts'] as const;

/** Tables in an order where every parent comes before its children (self references aside). */
export function parentFirstOrder(): TableSpec[] {
  const done = new Set<TableName>();
  const out: TableSpec[] = [];
  const visit = (t: TableSpec, path: Set<TableName>) => {
    if (done.has(t.name)) return;
    if (path.has(t.name)) throw new Error(`Foreign key cycle through ${t.name}`);
    path.add(t.name);
    for (const f of t.foreignKeys) if (f.references !== t.name) visit(tableSpec(f.references), path);
    path.delete(t.name);
    done.add(t.name);
    out.push(t);
  };
  for (const t of CATALOGUE) visit(t, new Set());
  return out;
}
