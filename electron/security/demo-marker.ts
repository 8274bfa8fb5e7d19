import type { Database } from 'better-sqlite3';

/**
 * How a store's data says it was generated as a demo: one audit_log row of
 * the tenant, action DEMO_MARKER_ACTION, written by generateDemoData with a
 * time before every generated row. So it is the tenant's OLDEST audit row,
 * found through idx_audit_log_tenant_id (tenant_id, created_at) in one index
 * step whatever the store's size; a real store's oldest row is something else.
 * The sign-in screen shows the demo PIN only for such a store.
 */
export const DEMO_MARKER_ACTION = 'store.demo_generated';

export function isDemoStore(db: Database, tenantId: string): boolean {
  try {
    const row = db.prepare(`SELECT action FROM audit_log WHERE tenant_id = ? ORDER BY created_at LIMIT 1`).get(tenantId) as { action: string } | undefined;
    return row?.action === DEMO_MARKER_ACTION;
  } catch {
    // A store before migration 0002 (no tenant_id yet) or a damaged one: no hint.
    return false;
  }
}
