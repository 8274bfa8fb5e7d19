/**
 * The one description of the 32 POS tables. The tenant migration, its
 * verification, the demo data, the benchmarks and the tests are all driven from
 * this list; a schema guard test keeps it equal to what migration 0001 creates.
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
  /** Inline UNIQUE business keys of the legacy schema; after the tenant migration each is UNIQUE (tenant_id, key). */
  businessKeys: string[];
  /** Inline UNIQUE columns that stay globally unique (UUID-valued, so one tenant can never collide with another). */
  globalUniques: string[];
  foreignKeys: ForeignKeySpec[];
  /** Secondary indexes as the legacy app declared them. */
  legacyIndexes: IndexSpec[];
  /** Indexes after the tenant migration; the first is always idx_<table>_tenant_id and every one leads with tenant_id. */
  tenantIndexes: IndexSpec[];
  /** Rows per demo size; `large` is about 2M rows in all. */
  demoRows: { small: number; medium: number; large: number };
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
] as const;

export type TableName = (typeof TABLE_NAMES)[number];

export const DEFAULT_TENANT_ID = 'caps-automotive';

const fk = (column: string, references: TableName, onDelete: ForeignKeySpec['onDelete'], nullable = true): ForeignKeySpec => ({
  column,
  references,
  onDelete,
  nullable,
});
const idx = (name: string, ...columns: string[]): IndexSpec => ({ name, columns });
const rows = (small: number, medium: number, large: number) => ({ small, medium, large });

type Spec = Omit<TableSpec, 'primaryKey' | 'businessKeys' | 'globalUniques' | 'legacyIndexes'> &
  Partial<Pick<TableSpec, 'businessKeys' | 'globalUniques' | 'legacyIndexes'>>;

const spec = (s: Spec): TableSpec => ({
  primaryKey: 'id',
  businessKeys: [],
  globalUniques: [],
  legacyIndexes: [],
  ...s,
});

export const CATALOGUE: readonly TableSpec[] = [
  // core
  spec({
    name: 'users',
    group: 'core',
    businessKeys: ['username'],
    foreignKeys: [],
    tenantIndexes: [idx('idx_users_tenant_id', 'tenant_id', 'role')],
    demoRows: rows(8, 25, 40),
  }),
  spec({
    name: 'sessions',
    group: 'core',
    globalUniques: ['token'],
    foreignKeys: [fk('user_id', 'users', 'CASCADE', false)],
    legacyIndexes: [idx('idx_sessions_user', 'user_id')],
    tenantIndexes: [idx('idx_sessions_tenant_id', 'tenant_id', 'user_id')],
    demoRows: rows(60, 3000, 20000),
  }),
  spec({
    name: 'audit_log',
    group: 'core',
    foreignKeys: [fk('user_id', 'users', 'SET NULL')],
    legacyIndexes: [idx('idx_audit_log_created_at', 'created_at')],
    tenantIndexes: [idx('idx_audit_log_tenant_id', 'tenant_id', 'created_at')],
    demoRows: rows(1200, 60000, 600000),
  }),
  // sales & customers
  spec({
    name: 'customers',
    group: 'sales',
    foreignKeys: [fk('price_level_id', 'price_levels', 'SET NULL')],
    legacyIndexes: [idx('idx_customers_name', 'last_name', 'first_name'), idx('idx_customers_phone', 'phone')],
    tenantIndexes: [idx('idx_customers_tenant_id', 'tenant_id', 'last_name', 'first_name'), idx('idx_customers_tenant_phone', 'tenant_id', 'phone')],
    demoRows: rows(150, 6000, 40000),
  }),
  spec({
    name: 'customer_vehicles',
    group: 'sales',
    foreignKeys: [fk('customer_id', 'customers', 'CASCADE', false)],
    legacyIndexes: [idx('idx_customer_vehicles_customer', 'customer_id')],
    tenantIndexes: [idx('idx_customer_vehicles_tenant_id', 'tenant_id', 'customer_id')],
    demoRows: rows(200, 9000, 60000),
  }),
  spec({
    name: 'layaways',
    group: 'sales',
    businessKeys: ['number'],
    foreignKeys: [fk('customer_id', 'customers', 'NO ACTION', false)],
    legacyIndexes: [idx('idx_layaways_customer', 'customer_id')],
    tenantIndexes: [idx('idx_layaways_tenant_id', 'tenant_id', 'customer_id')],
    demoRows: rows(20, 600, 4000),
  }),
  spec({
    name: 'layaway_payments',
    group: 'sales',
    foreignKeys: [fk('layaway_id', 'layaways', 'CASCADE', false), fk('user_id', 'users', 'SET NULL')],
    legacyIndexes: [idx('idx_layaway_payments_layaway', 'layaway_id')],
    tenantIndexes: [idx('idx_layaway_payments_tenant_id', 'tenant_id', 'layaway_id')],
    demoRows: rows(50, 1800, 12000),
  }),
  spec({
    name: 'work_orders',
    group: 'sales',
    businessKeys: ['number'],
    foreignKeys: [
      fk('customer_id', 'customers', 'NO ACTION', false),
      fk('vehicle_id', 'customer_vehicles', 'SET NULL'),
      fk('technician_id', 'users', 'SET NULL'),
    ],
    legacyIndexes: [idx('idx_work_orders_status_opened', 'status', 'opened_at'), idx('idx_work_orders_customer', 'customer_id')],
    tenantIndexes: [idx('idx_work_orders_tenant_id', 'tenant_id', 'status', 'opened_at'), idx('idx_work_orders_tenant_customer', 'tenant_id', 'customer_id')],
    demoRows: rows(200, 9000, 60000),
  }),
  spec({
    name: 'work_order_lines',
    group: 'sales',
    foreignKeys: [fk('work_order_id', 'work_orders', 'CASCADE', false), fk('product_id', 'products', 'NO ACTION'), fk('technician_id', 'users', 'SET NULL')],
    legacyIndexes: [idx('idx_work_order_lines_order', 'work_order_id', 'line_no'), idx('idx_work_order_lines_product', 'product_id')],
    tenantIndexes: [
      idx('idx_work_order_lines_tenant_id', 'tenant_id', 'work_order_id', 'line_no'),
      idx('idx_work_order_lines_tenant_product', 'tenant_id', 'product_id'),
    ],
    demoRows: rows(600, 30000, 200000),
  }),
  spec({
    name: 'commissions',
    group: 'sales',
    foreignKeys: [fk('user_id', 'users', 'NO ACTION', false), fk('work_order_id', 'work_orders', 'SET NULL'), fk('rule_id', 'commission_rules', 'SET NULL')],
    legacyIndexes: [idx('idx_commissions_user_earned', 'user_id', 'earned_at')],
    tenantIndexes: [idx('idx_commissions_tenant_id', 'tenant_id', 'user_id', 'earned_at')],
    demoRows: rows(150, 9000, 60000),
  }),
  spec({
    name: 'commission_rules',
    group: 'sales',
    foreignKeys: [],
    tenantIndexes: [idx('idx_commission_rules_tenant_id', 'tenant_id')],
    demoRows: rows(4, 6, 6),
  }),
  spec({
    name: 'loyalty_accounts',
    group: 'sales',
    globalUniques: ['customer_id'],
    foreignKeys: [fk('customer_id', 'customers', 'CASCADE', false)],
    tenantIndexes: [idx('idx_loyalty_accounts_tenant_id', 'tenant_id', 'customer_id')],
    demoRows: rows(80, 3000, 20000),
  }),
  spec({
    name: 'loyalty_transactions',
    group: 'sales',
    foreignKeys: [fk('account_id', 'loyalty_accounts', 'CASCADE', false), fk('work_order_id', 'work_orders', 'SET NULL')],
    legacyIndexes: [idx('idx_loyalty_transactions_account', 'account_id', 'created_at')],
    tenantIndexes: [idx('idx_loyalty_transactions_tenant_id', 'tenant_id', 'account_id', 'created_at')],
    demoRows: rows(250, 12000, 80000),
  }),
  spec({
    name: 'price_levels',
    group: 'sales',
    businessKeys: ['name'],
    foreignKeys: [],
    tenantIndexes: [idx('idx_price_levels_tenant_id', 'tenant_id')],
    demoRows: rows(4, 5, 5),
  }),
  spec({
    name: 'credit_accounts',
    group: 'sales',
    foreignKeys: [fk('customer_id', 'customers', 'NO ACTION', false)],
    legacyIndexes: [idx('idx_credit_accounts_customer', 'customer_id')],
    tenantIndexes: [idx('idx_credit_accounts_tenant_id', 'tenant_id', 'customer_id')],
    demoRows: rows(20, 500, 3000),
  }),
  spec({
    name: 'credit_transactions',
    group: 'sales',
    foreignKeys: [fk('account_id', 'credit_accounts', 'CASCADE', false)],
    legacyIndexes: [idx('idx_credit_transactions_account', 'account_id', 'created_at')],
    tenantIndexes: [idx('idx_credit_transactions_tenant_id', 'tenant_id', 'account_id', 'created_at')],
    demoRows: rows(100, 4500, 30000),
  }),
  spec({
    name: 'gift_cards',
    group: 'sales',
    businessKeys: ['code'],
    foreignKeys: [fk('customer_id', 'customers', 'SET NULL')],
    tenantIndexes: [idx('idx_gift_cards_tenant_id', 'tenant_id', 'status')],
    demoRows: rows(40, 1200, 8000),
  }),
  spec({
    name: 'gift_card_transactions',
    group: 'sales',
    foreignKeys: [fk('gift_card_id', 'gift_cards', 'CASCADE', false), fk('work_order_id', 'work_orders', 'SET NULL')],
    legacyIndexes: [idx('idx_gift_card_transactions_card', 'gift_card_id', 'created_at')],
    tenantIndexes: [idx('idx_gift_card_transactions_tenant_id', 'tenant_id', 'gift_card_id', 'created_at')],
    demoRows: rows(100, 3000, 20000),
  }),
  spec({
    name: 'promotions',
    group: 'sales',
    businessKeys: ['code'],
    foreignKeys: [],
    tenantIndexes: [idx('idx_promotions_tenant_id', 'tenant_id', 'active')],
    demoRows: rows(6, 30, 50),
  }),
  spec({
    name: 'promotion_usage',
    group: 'sales',
    foreignKeys: [
      fk('promotion_id', 'promotions', 'CASCADE', false),
      fk('customer_id', 'customers', 'SET NULL'),
      fk('work_order_id', 'work_orders', 'SET NULL'),
    ],
    legacyIndexes: [idx('idx_promotion_usage_promotion', 'promotion_id')],
    tenantIndexes: [idx('idx_promotion_usage_tenant_id', 'tenant_id', 'promotion_id')],
    demoRows: rows(40, 1500, 10000),
  }),
  // sync
  spec({
    name: 'sync_log',
    group: 'sync',
    foreignKeys: [],
    legacyIndexes: [idx('idx_sync_log_synced_at', 'synced_at')],
    tenantIndexes: [idx('idx_sync_log_tenant_id', 'tenant_id', 'synced_at')],
    demoRows: rows(800, 40000, 400000),
  }),
  spec({
    name: 'sync_conflicts',
    group: 'sync',
    foreignKeys: [fk('sync_log_id', 'sync_log', 'SET NULL')],
    tenantIndexes: [idx('idx_sync_conflicts_tenant_id', 'tenant_id', 'detected_at')],
    demoRows: rows(10, 300, 2000),
  }),
  spec({
    name: 'pending_operations',
    group: 'sync',
    foreignKeys: [],
    legacyIndexes: [idx('idx_pending_operations_status', 'status', 'created_at')],
    tenantIndexes: [idx('idx_pending_operations_tenant_id', 'tenant_id', 'status', 'created_at')],
    demoRows: rows(40, 800, 5000),
  }),
  // products
  spec({
    name: 'products',
    group: 'product',
    businessKeys: ['sku', 'barcode'],
    foreignKeys: [fk('category_id', 'product_categories', 'SET NULL')],
    legacyIndexes: [idx('idx_products_category', 'category_id')],
    tenantIndexes: [idx('idx_products_tenant_id', 'tenant_id', 'category_id')],
    demoRows: rows(250, 6000, 40000),
  }),
  spec({
    name: 'product_categories',
    group: 'product',
    businessKeys: ['name'],
    foreignKeys: [fk('parent_id', 'product_categories', 'SET NULL')],
    tenantIndexes: [idx('idx_product_categories_tenant_id', 'tenant_id', 'sort_order')],
    demoRows: rows(20, 60, 60),
  }),
  spec({
    name: 'fitment_data',
    group: 'product',
    foreignKeys: [fk('product_id', 'products', 'CASCADE', false)],
    legacyIndexes: [idx('idx_fitment_vehicle', 'make', 'model', 'year_from'), idx('idx_fitment_product', 'product_id')],
    tenantIndexes: [
      idx('idx_fitment_data_tenant_id', 'tenant_id', 'make', 'model', 'year_from'),
      idx('idx_fitment_data_tenant_product', 'tenant_id', 'product_id'),
    ],
    demoRows: rows(500, 18000, 120000),
  }),
  spec({
    name: 'inventory',
    group: 'product',
    globalUniques: ['product_id'],
    foreignKeys: [fk('product_id', 'products', 'CASCADE', false)],
    tenantIndexes: [idx('idx_inventory_tenant_id', 'tenant_id', 'product_id')],
    demoRows: rows(250, 6000, 40000),
  }),
  spec({
    name: 'inventory_transactions',
    group: 'product',
    foreignKeys: [fk('product_id', 'products', 'NO ACTION', false), fk('work_order_id', 'work_orders', 'SET NULL'), fk('user_id', 'users', 'SET NULL')],
    legacyIndexes: [idx('idx_inventory_transactions_product', 'product_id', 'created_at')],
    tenantIndexes: [idx('idx_inventory_transactions_tenant_id', 'tenant_id', 'product_id', 'created_at')],
    demoRows: rows(700, 37000, 250000),
  }),
  // backups
  spec({
    name: 'backups',
    group: 'backup',
    foreignKeys: [fk('destination_id', 'backup_destinations', 'SET NULL')],
    tenantIndexes: [idx('idx_backups_tenant_id', 'tenant_id', 'created_at')],
    demoRows: rows(5, 20, 30),
  }),
  spec({
    name: 'backup_destinations',
    group: 'backup',
    foreignKeys: [],
    tenantIndexes: [idx('idx_backup_destinations_tenant_id', 'tenant_id')],
    demoRows: rows(1, 2, 2),
  }),
  spec({
    name: 'backup_settings',
    group: 'backup',
    foreignKeys: [fk('destination_id', 'backup_destinations', 'SET NULL')],
    tenantIndexes: [idx('idx_backup_settings_tenant_id', 'tenant_id')],
    demoRows: rows(1, 1, 1),
  }),
  spec({
    name: 'restore_jobs',
    group: 'backup',
    foreignKeys: [fk('backup_id', 'backups', 'NO ACTION', false), fk('pre_restore_backup_id', 'backups', 'NO ACTION')],
    tenantIndexes: [idx('idx_restore_jobs_tenant_id', 'tenant_id', 'started_at')],
    demoRows: rows(1, 2, 3),
  }),
];

const byName = new Map(CATALOGUE.map((t) => [t.name, t]));

export function tableSpec(name: TableName): TableSpec {
  const t = byName.get(name);
  if (!t) throw new Error(`Unknown table ${name}`);
  return t;
}

/** Tables whose legacy inline UNIQUE business keys force SQLite's 12-step rebuild. */
export const TABLES_TO_REBUILD: readonly TableSpec[] = CATALOGUE.filter((t) => t.businessKeys.length > 0);

/** Tables that are not part of the POS data: the migrator's bookkeeping and the store's identity (electron/db/store-identity.ts). */
export const INFRASTRUCTURE_TABLES = ['schema_migrations', 'store_identity'] as const;

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
