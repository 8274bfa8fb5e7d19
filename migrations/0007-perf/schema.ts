/**
 * Migration 0007's own copy of the facts it needs (frozen with it; never the live catalogue).
 *
 * The tenant-led indexes that 0004 and 0005 created on legacy tables, which 0002's planner statistics
 * never covered (they did not exist yet). Without a sqlite_stat1 row SQLite guesses that
 * `tenant_id = ?` on such an index selects about 10 rows, while 0002 told it that the same term on
 * every other tenant-led index of the table selects all of them; so the unknown index looks cheapest
 * for any statement that filters by tenant alone. On the large store `work-orders.lastNumber` read
 * the whole tenant through (tenant_id, vehicle_id) and sorted it instead of reading the
 * (tenant_id, number) key backwards (40,000x the legacy instructions), and `work-orders.countByStatus`
 * sorted every order's row instead of counting from (tenant_id, status, opened_at) (7.9x).
 */
export const UNSEEDED_TENANT_INDEXES: readonly { table: string; index: string }[] = [
  { table: 'pending_operations', index: 'idx_pending_operations_tenant_seq' },
  { table: 'sync_conflicts', index: 'idx_sync_conflicts_tenant_operation' },
  { table: 'customer_vehicles', index: 'idx_customer_vehicles_tenant_plate' },
  { table: 'work_orders', index: 'idx_work_orders_tenant_vehicle' },
];
