/**
 * FROZEN: the foreign keys of the 32 tables as migration 0003 knew them when it
 * shipped (child table -> [column, parent table]). 0003 builds its same-tenant
 * triggers from this list only, never from the live catalogue, so a later
 * migration cannot change what 0003 does. Never edit it.
 */
export const V2_FOREIGN_KEYS: Readonly<Record<string, readonly (readonly [column: string, parent: string])[]>> = {
  users: [],
  sessions: [['user_id', 'users']],
  audit_log: [['user_id', 'users']],
  customers: [['price_level_id', 'price_levels']],
  customer_vehicles: [['customer_id', 'customers']],
  layaways: [['customer_id', 'customers']],
  layaway_payments: [
    ['layaway_id', 'layaways'],
    ['user_id', 'users'],
  ],
  work_orders: [
    ['customer_id', 'customers'],
    ['vehicle_id', 'customer_vehicles'],
    ['technician_id', 'users'],
  ],
  work_order_lines: [
    ['work_order_id', 'work_orders'],
    ['product_id', 'products'],
    ['technician_id', 'users'],
  ],
  commissions: [
    ['user_id', 'users'],
    ['work_order_id', 'work_orders'],
    ['rule_id', 'commission_rules'],
  ],
  commission_rules: [],
  loyalty_accounts: [['customer_id', 'customers']],
  loyalty_transactions: [
    ['account_id', 'loyalty_accounts'],
    ['work_order_id', 'work_orders'],
  ],
  price_levels: [],
  credit_accounts: [['customer_id', 'customers']],
  credit_transactions: [['account_id', 'credit_accounts']],
  gift_cards: [['customer_id', 'customers']],
  gift_card_transactions: [
    ['gift_card_id', 'gift_cards'],
    ['work_order_id', 'work_orders'],
  ],
  promotions: [],
  promotion_usage: [
    ['promotion_id', 'promotions'],
    ['customer_id', 'customers'],
    ['work_order_id', 'work_orders'],
  ],
  sync_log: [],
  sync_conflicts: [['sync_log_id', 'sync_log']],
  pending_operations: [],
  products: [['category_id', 'product_categories']],
  product_categories: [['parent_id', 'product_categories']],
  fitment_data: [['product_id', 'products']],
  inventory: [['product_id', 'products']],
  inventory_transactions: [
    ['product_id', 'products'],
    ['work_order_id', 'work_orders'],
    ['user_id', 'users'],
  ],
  backups: [['destination_id', 'backup_destinations']],
  backup_destinations: [],
  backup_settings: [['destination_id', 'backup_destinations']],
  restore_jobs: [
    ['backup_id', 'backups'],
    ['pre_restore_backup_id', 'backups'],
  ],
};
