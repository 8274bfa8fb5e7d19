import type { TableName } from '../db/catalogue';

export const DEMO_SIZES = ['small', 'medium', 'large'] as const;
export type DemoSize = (typeof DEMO_SIZES)[number];

/**
 * Tables filled by the raw row generator: the 32 of v1. The selling day's tables (0005) are filled by real sales (sales-history.ts);
 * the till's sync credential and state (0004) by enrolling with a hub.
 */
export type RawDemoTable = Exclude<TableName, 'shifts' | 'sales' | 'sale_lines' | 'sale_payments' | 'sync_credentials' | 'sync_state'>;

const rows = (small: number, medium: number, large: number) => ({ small, medium, large });

/** Rows per table for each demo size; `large` is about 2M rows in all (603 MB), the store the benchmarks use. */
export const DEMO_ROWS: Readonly<Record<RawDemoTable, Readonly<Record<DemoSize, number>>>> = {
  users: rows(8, 25, 40),
  sessions: rows(60, 3000, 20000),
  audit_log: rows(1200, 60000, 600000),
  customers: rows(150, 6000, 40000),
  customer_vehicles: rows(200, 9000, 60000),
  layaways: rows(20, 600, 4000),
  layaway_payments: rows(50, 1800, 12000),
  work_orders: rows(200, 9000, 60000),
  work_order_lines: rows(600, 30000, 200000),
  commissions: rows(150, 9000, 60000),
  commission_rules: rows(4, 6, 6),
  loyalty_accounts: rows(80, 3000, 20000),
  loyalty_transactions: rows(250, 12000, 80000),
  price_levels: rows(4, 5, 5),
  credit_accounts: rows(20, 500, 3000),
  credit_transactions: rows(100, 4500, 30000),
  gift_cards: rows(40, 1200, 8000),
  gift_card_transactions: rows(100, 3000, 20000),
  promotions: rows(6, 30, 50),
  promotion_usage: rows(40, 1500, 10000),
  sync_log: rows(800, 40000, 400000),
  sync_conflicts: rows(10, 300, 2000),
  pending_operations: rows(40, 800, 5000),
  products: rows(250, 6000, 40000),
  product_categories: rows(20, 60, 60),
  fitment_data: rows(500, 18000, 120000),
  inventory: rows(250, 6000, 40000),
  inventory_transactions: rows(700, 37000, 250000),
  backups: rows(5, 20, 30),
  backup_destinations: rows(1, 2, 2),
  backup_settings: rows(1, 1, 1),
  restore_jobs: rows(1, 2, 3),
};

/** Sales a demo store's history holds, each completed through the real sale service (sales-history.ts). */
export const DEMO_SALES: Readonly<Record<DemoSize, number>> = { small: 40, medium: 400, large: 2000 };
