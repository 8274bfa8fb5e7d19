/**
 * FROZEN: the 32 tables as migration 0002 knew them when it shipped. 0002 reads
 * only this list, never the live catalogue (electron/db/catalogue.ts), so a
 * later migration that adds a table or an index cannot change what 0002 does
 * on a store still at v1. Never edit it; a new schema change is a new migration.
 */

export interface FrozenIndex {
  readonly name: string;
  readonly columns: readonly string[];
}

export interface FrozenTable {
  readonly name: string;
  /** Inline UNIQUE business keys of v1; 0002 rebuilds the table to make each UNIQUE (tenant_id, key). */
  readonly businessKeys: readonly string[];
  /** Inline UNIQUE columns that stay globally unique (UUID-valued). */
  readonly globalUniques: readonly string[];
  /** Secondary indexes of v1, which 0002 drops. */
  readonly legacyIndexes: readonly FrozenIndex[];
  /** The tenant-led indexes 0002 builds; the first is always idx_<table>_tenant_id. */
  readonly tenantIndexes: readonly FrozenIndex[];
}

/** The tenant every v1 row is given. */
export const V1_OWNER = 'caps-automotive';

const table = (t: Partial<FrozenTable> & Pick<FrozenTable, 'name' | 'tenantIndexes'>): FrozenTable => ({
  businessKeys: [],
  globalUniques: [],
  legacyIndexes: [],
  ...t,
});

export const V1_TABLES: readonly FrozenTable[] = [
  table({ name: 'users', businessKeys: ['username'], tenantIndexes: [{ name: 'idx_users_tenant_id', columns: ['tenant_id', 'role'] }] }),
  table({
    name: 'sessions',
    globalUniques: ['token'],
    legacyIndexes: [{ name: 'idx_sessions_user', columns: ['user_id'] }],
    tenantIndexes: [{ name: 'idx_sessions_tenant_id', columns: ['tenant_id', 'user_id'] }],
  }),
  table({
    name: 'audit_log',
    legacyIndexes: [{ name: 'idx_audit_log_created_at', columns: ['created_at'] }],
    tenantIndexes: [{ name: 'idx_audit_log_tenant_id', columns: ['tenant_id', 'created_at'] }],
  }),
  table({
    name: 'customers',
    legacyIndexes: [
      { name: 'idx_customers_name', columns: ['last_name', 'first_name'] },
      { name: 'idx_customers_phone', columns: ['phone'] },
    ],
    tenantIndexes: [
      { name: 'idx_customers_tenant_id', columns: ['tenant_id', 'last_name', 'first_name'] },
      { name: 'idx_customers_tenant_phone', columns: ['tenant_id', 'phone'] },
    ],
  }),
  table({
    name: 'customer_vehicles',
    legacyIndexes: [{ name: 'idx_customer_vehicles_customer', columns: ['customer_id'] }],
    tenantIndexes: [{ name: 'idx_customer_vehicles_tenant_id', columns: ['tenant_id', 'customer_id'] }],
  }),
  table({
    name: 'layaways',
    businessKeys: ['number'],
    legacyIndexes: [{ name: 'idx_layaways_customer', columns: ['customer_id'] }],
    tenantIndexes: [{ name: 'idx_layaways_tenant_id', columns: ['tenant_id', 'customer_id'] }],
  }),
  table({
    name: 'layaway_payments',
    legacyIndexes: [{ name: 'idx_layaway_payments_layaway', columns: ['layaway_id'] }],
    tenantIndexes: [{ name: 'idx_layaway_payments_tenant_id', columns: ['tenant_id', 'layaway_id'] }],
  }),
  table({
    name: 'work_orders',
    businessKeys: ['number'],
    legacyIndexes: [
      { name: 'idx_work_orders_status_opened', columns: ['status', 'opened_at'] },
      { name: 'idx_work_orders_customer', columns: ['customer_id'] },
    ],
    tenantIndexes: [
      { name: 'idx_work_orders_tenant_id', columns: ['tenant_id', 'status', 'opened_at'] },
      { name: 'idx_work_orders_tenant_customer', columns: ['tenant_id', 'customer_id'] },
    ],
  }),
  table({
    name: 'work_order_lines',
    legacyIndexes: [
      { name: 'idx_work_order_lines_order', columns: ['work_order_id', 'line_no'] },
      { name: 'idx_work_order_lines_product', columns: ['product_id'] },
    ],
    tenantIndexes: [
      { name: 'idx_work_order_lines_tenant_id', columns: ['tenant_id', 'work_order_id', 'line_no'] },
      { name: 'idx_work_order_lines_tenant_product', columns: ['tenant_id', 'product_id'] },
    ],
  }),
  table({
    name: 'commissions',
    legacyIndexes: [{ name: 'idx_commissions_user_earned', columns: ['user_id', 'earned_at'] }],
    tenantIndexes: [{ name: 'idx_commissions_tenant_id', columns: ['tenant_id', 'user_id', 'earned_at'] }],
  }),
  table({ name: 'commission_rules', tenantIndexes: [{ name: 'idx_commission_rules_tenant_id', columns: ['tenant_id'] }] }),
  table({
    name: 'loyalty_accounts',
    globalUniques: ['customer_id'],
    tenantIndexes: [{ name: 'idx_loyalty_accounts_tenant_id', columns: ['tenant_id', 'customer_id'] }],
  }),
  table({
    name: 'loyalty_transactions',
    legacyIndexes: [{ name: 'idx_loyalty_transactions_account', columns: ['account_id', 'created_at'] }],
    tenantIndexes: [{ name: 'idx_loyalty_transactions_tenant_id', columns: ['tenant_id', 'account_id', 'created_at'] }],
  }),
  table({ name: 'price_levels', businessKeys: ['name'], tenantIndexes: [{ name: 'idx_price_levels_tenant_id', columns: ['tenant_id'] }] }),
  table({
    name: 'credit_accounts',
    legacyIndexes: [{ name: 'idx_credit_accounts_customer', columns: ['customer_id'] }],
    tenantIndexes: [{ name: 'idx_credit_accounts_tenant_id', columns: ['tenant_id', 'customer_id'] }],
  }),
  table({
    name: 'credit_transactions',
    legacyIndexes: [{ name: 'idx_credit_transactions_account', columns: ['account_id', 'created_at'] }],
    tenantIndexes: [{ name: 'idx_credit_transactions_tenant_id', columns: ['tenant_id', 'account_id', 'created_at'] }],
  }),
  table({ name: 'gift_cards', businessKeys: ['code'], tenantIndexes: [{ name: 'idx_gift_cards_tenant_id', columns: ['tenant_id', 'status'] }] }),
  table({
    name: 'gift_card_transactions',
    legacyIndexes: [{ name: 'idx_gift_card_transactions_card', columns: ['gift_card_id', 'created_at'] }],
    tenantIndexes: [{ name: 'idx_gift_card_transactions_tenant_id', columns: ['tenant_id', 'gift_card_id', 'created_at'] }],
  }),
  table({ name: 'promotions', businessKeys: ['code'], tenantIndexes: [{ name: 'idx_promotions_tenant_id', columns: ['tenant_id', 'active'] }] }),
  table({
    name: 'promotion_usage',
    legacyIndexes: [{ name: 'idx_promotion_usage_promotion', columns: ['promotion_id'] }],
    tenantIndexes: [{ name: 'idx_promotion_usage_tenant_id', columns: ['tenant_id', 'promotion_id'] }],
  }),
  table({
    name: 'sync_log',
    legacyIndexes: [{ name: 'idx_sync_log_synced_at', columns: ['synced_at'] }],
    tenantIndexes: [{ name: 'idx_sync_log_tenant_id', columns: ['tenant_id', 'synced_at'] }],
  }),
  table({ name: 'sync_conflicts', tenantIndexes: [{ name: 'idx_sync_conflicts_tenant_id', columns: ['tenant_id', 'detected_at'] }] }),
  table({
    name: 'pending_operations',
    legacyIndexes: [{ name: 'idx_pending_operations_status', columns: ['status', 'created_at'] }],
    tenantIndexes: [{ name: 'idx_pending_operations_tenant_id', columns: ['tenant_id', 'status', 'created_at'] }],
  }),
  table({
    name: 'products',
    businessKeys: ['sku', 'barcode'],
    legacyIndexes: [{ name: 'idx_products_category', columns: ['category_id'] }],
    tenantIndexes: [{ name: 'idx_products_tenant_id', columns: ['tenant_id', 'category_id'] }],
  }),
  table({
    name: 'product_categories',
    businessKeys: ['name'],
    tenantIndexes: [{ name: 'idx_product_categories_tenant_id', columns: ['tenant_id', 'sort_order'] }],
  }),
  table({
    name: 'fitment_data',
    legacyIndexes: [
      { name: 'idx_fitment_vehicle', columns: ['make', 'model', 'year_from'] },
      { name: 'idx_fitment_product', columns: ['product_id'] },
    ],
    tenantIndexes: [
      { name: 'idx_fitment_data_tenant_id', columns: ['tenant_id', 'make', 'model', 'year_from'] },
      { name: 'idx_fitment_data_tenant_product', columns: ['tenant_id', 'product_id'] },
    ],
  }),
  table({ name: 'inventory', globalUniques: ['product_id'], tenantIndexes: [{ name: 'idx_inventory_tenant_id', columns: ['tenant_id', 'product_id'] }] }),
  table({
    name: 'inventory_transactions',
    legacyIndexes: [{ name: 'idx_inventory_transactions_product', columns: ['product_id', 'created_at'] }],
    tenantIndexes: [{ name: 'idx_inventory_transactions_tenant_id', columns: ['tenant_id', 'product_id', 'created_at'] }],
  }),
  table({ name: 'backups', tenantIndexes: [{ name: 'idx_backups_tenant_id', columns: ['tenant_id', 'created_at'] }] }),
  table({ name: 'backup_destinations', tenantIndexes: [{ name: 'idx_backup_destinations_tenant_id', columns: ['tenant_id'] }] }),
  table({ name: 'backup_settings', tenantIndexes: [{ name: 'idx_backup_settings_tenant_id', columns: ['tenant_id'] }] }),
  table({ name: 'restore_jobs', tenantIndexes: [{ name: 'idx_restore_jobs_tenant_id', columns: ['tenant_id', 'started_at'] }] }),
];

/** The tables 0002 rebuilds: those whose inline UNIQUE business keys cannot be altered in place. */
export const V1_TABLES_TO_REBUILD: readonly FrozenTable[] = V1_TABLES.filter((t) => t.businessKeys.length > 0);

export function v1Table(name: string): FrozenTable {
  const t = V1_TABLES.find((x) => x.name === name);
  if (!t) throw new Error(`migration 0002 knows no table ${name}`);
  return t;
}
