import type { Db } from '../../electron/db/open';
import { salesOperationKind } from '../../electron/sales/sync-operations';
import { resolveSession, signIn, type ResolvedSession } from '../../electron/tenancy/auth';
import { runAsTenant } from '../../electron/tenancy/context';
import { DEMO_PIN } from '../../electron/tenancy/pin';
import { createRepositories, type Repositories } from '../../electron/tenancy/repositories';

/** A till signed in as one user of one store: runs service calls inside that session's tenant, as the worker does. */
export function till(db: Db, tenantId: string, username = 'admin') {
  const { token } = signIn(db, { tenantId, username, pin: DEMO_PIN });
  const session: ResolvedSession = resolveSession(db, token);
  const repos: Repositories = createRepositories(db);
  return {
    session,
    repos,
    run: <T>(fn: (r: Repositories, s: ResolvedSession) => T): T => runAsTenant(session.scope, () => fn(repos, session)),
  };
}

/** Raw reads with the test's own eyes (not the data layer). */
export const one = <T>(db: Db, sql: string, ...params: unknown[]) => db.prepare(sql).get(...params) as T;
export const all = <T>(db: Db, sql: string, ...params: unknown[]) => db.prepare(sql).all(...params) as T[];

/** A user of the store with a given role (demo users are drawn at random; every store has some of each). */
export function userWithRole(db: Db, tenantId: string, role: string): string {
  return one<{ username: string }>(db, `SELECT username FROM users WHERE tenant_id = ? AND role = ? AND active = 1 ORDER BY username LIMIT 1`, tenantId, role)
    .username;
}

/** Products of a store with stock, a barcode, and a price above $5. */
export function stockedProducts(db: Db, tenantId: string, n: number) {
  return all<{ id: string; sku: string; barcode: string; name: string; price_cents: number; taxable: number; on_hand: number }>(
    db,
    `SELECT p.id, p.sku, p.barcode, p.name, p.price_cents, p.taxable, i.quantity_on_hand AS on_hand FROM products p JOIN inventory i ON i.product_id = p.id
      WHERE p.tenant_id = ? AND p.active = 1 AND p.barcode IS NOT NULL AND p.price_cents > 500 AND i.quantity_on_hand > 5 ORDER BY p.sku LIMIT ?`,
    tenantId,
    n,
  );
}

export function activeGiftCard(db: Db, tenantId: string, minCents: number) {
  return one<{ id: string; code: string; balance_cents: number }>(
    db,
    `SELECT id, code, balance_cents FROM gift_cards WHERE tenant_id = ? AND status = 'active' AND expires_at IS NULL AND balance_cents >= ? ORDER BY code LIMIT 1`,
    tenantId,
    minCents,
  );
}

/** Every operation the services queued (each has its audit row) of a selling kind matches that kind's schema; returns the kinds seen. */
export function queuedSellingKinds(db: Db): string[] {
  const rows = all<{ entity_type: string; operation: string; payload: string }>(
    db,
    `SELECT p.entity_type, p.operation, p.payload FROM pending_operations p
      WHERE EXISTS (SELECT 1 FROM audit_log a WHERE a.tenant_id = p.tenant_id AND a.entity_id = p.entity_id AND a.details = p.payload)`,
  );
  const seen = new Set<string>();
  for (const r of rows) {
    const kind = salesOperationKind(r.entity_type, r.operation);
    if (!kind) continue;
    const parsed = kind.payload.safeParse(JSON.parse(r.payload));
    if (!parsed.success) throw new Error(`${kind.kind}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    seen.add(kind.kind);
  }
  return [...seen].sort();
}
