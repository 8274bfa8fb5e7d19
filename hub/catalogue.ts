import type pg from 'pg';
import { operationKind } from '../contracts/sync/operations';
import { withTenant } from './db/tenant-tx';
import { HubAdminError } from './errors';
import { logChanges } from './push/push';
import type { Change } from './push/changes';

type Row = Record<string, unknown>;

/**
 * The tables a store's catalogue, balances and open documents come in, parents
 * first (the till's names). The work orders come too: the store's other tills
 * must see the work in the bays, and a queued status change of an order opened
 * before the store had a hub needs the order there.
 */
export const SEEDED_TABLES = [
  'product_categories',
  'price_levels',
  'promotions',
  'products',
  'fitment_data',
  'inventory',
  'customers',
  'gift_cards',
  'credit_accounts',
  'loyalty_accounts',
  'customer_vehicles',
  'work_orders',
  'work_order_lines',
] as const;
export type SeededTable = (typeof SEEDED_TABLES)[number];

export interface StoreSnapshot {
  rows: Partial<Record<SeededTable, Row[]>>;
  /** The store's operations not yet delivered anywhere (entity_type, operation, payload): their deltas are not the hub's yet. */
  queued: { entity_type: string; operation: string; payload: string }[];
}

/**
 * The balances and stock a store file holds already include what its queue will
 * push: the hub's starting point is the file minus those deltas, so replaying the
 * queue lands on the file's numbers instead of counting every queued sale twice.
 */
function beforeQueue(snapshot: StoreSnapshot): void {
  const index = (t: SeededTable, key = 'id') => new Map((snapshot.rows[t] ?? []).map((r) => [String(r[key]), r]));
  const stock = index('inventory', 'product_id');
  const cards = index('gift_cards');
  const credit = index('credit_accounts');
  const loyalty = index('loyalty_accounts');
  for (const q of snapshot.queued) {
    const kind = operationKind(q.entity_type, q.operation);
    if (!kind) continue;
    let p: Record<string, number | string>;
    try {
      p = JSON.parse(q.payload);
    } catch {
      continue;
    }
    if (!kind.payload.safeParse(p).success) continue;
    const undo = (row: Row | undefined, column: string, by: number) => {
      if (row) row[column] = Number(row[column]) - by;
    };
    if (kind.kind === 'stock.moved') undo(stock.get(String(p.productId)), 'quantity_on_hand', Number(p.quantity));
    if (kind.kind === 'gift_card.redeemed' || kind.kind === 'gift_card.refunded') undo(cards.get(String(p.giftCardId)), 'balance_cents', Number(p.amountCents));
    if (kind.kind === 'store_credit.moved') undo(credit.get(String(p.accountId)), 'balance_cents', Number(p.amountCents));
    if (kind.kind === 'loyalty.moved') undo(loyalty.get(String(p.accountId)), 'points_balance', Number(p.points));
  }
  for (const c of cards.values()) if (Number(c.balance_cents) > 0 && c.status === 'redeemed') c.status = 'active';
}

const strip = (r: Row): Row => {
  const { tenant_id: _t, ...rest } = r;
  return rest;
};

/**
 * Seeds (or refreshes) the hub's copy of a store: catalogue, stock levels,
 * customers, balances, vehicles and work orders, in one transaction with the tenant set; every row is
 * logged so the tenant's tills get it on their next pull. Rows the hub has are
 * replaced by the file's (an import is the operator saying "this is the store").
 */
export async function importCatalogue(pool: pg.Pool, tenantId: string, snapshot: StoreSnapshot): Promise<Record<string, number>> {
  beforeQueue(snapshot);
  return withTenant(pool, tenantId, async (tx) => {
    const t = await tx.query(`SELECT 1 FROM hub.tenants`);
    if (t.rowCount !== 1) throw new HubAdminError(`the hub has no tenant ${tenantId}`, 'Add it first: pos-hub tenant add --tenant ID --name NAME');
    const counts: Record<string, number> = {};
    const changes: Change[] = [];
    for (const table of SEEDED_TABLES) {
      const rows = (snapshot.rows[table] ?? []).map(strip);
      counts[table] = rows.length;
      for (let i = 0; i < rows.length; i += 1000) {
        const chunk = rows.slice(i, i + 1000);
        await upsert(tx, table, chunk);
        for (const r of chunk) changes.push({ table, id: String(r.id), op: 'upsert', row: r, origin: null });
      }
    }
    await logChanges(tx, changes);
    return counts;
  });
}

const T = `current_setting('app.tenant_id')`;

async function upsert(tx: pg.PoolClient, table: SeededTable, rows: Row[]): Promise<void> {
  const json = JSON.stringify(rows);
  const from = `FROM jsonb_array_elements($1::jsonb) r`;
  switch (table) {
    case 'products':
      await tx.query(
        `INSERT INTO hub.products (tenant_id, id, sku, price_cents, row) SELECT ${T}, r->>'id', r->>'sku', (r->>'price_cents')::int, r ${from}
         ON CONFLICT (tenant_id, id) DO UPDATE SET sku = EXCLUDED.sku, price_cents = EXCLUDED.price_cents, row = EXCLUDED.row`,
        [json],
      );
      return;
    case 'inventory':
      await tx.query(
        `INSERT INTO hub.inventory (tenant_id, product_id, id, quantity_on_hand, row) SELECT ${T}, r->>'product_id', r->>'id', (r->>'quantity_on_hand')::int, r ${from}
         ON CONFLICT (tenant_id, product_id) DO UPDATE SET id = EXCLUDED.id, quantity_on_hand = EXCLUDED.quantity_on_hand, row = EXCLUDED.row`,
        [json],
      );
      return;
    case 'gift_cards':
      await tx.query(
        `INSERT INTO hub.gift_cards (tenant_id, id, code, balance_cents, status, expires_at, row)
         SELECT ${T}, r->>'id', r->>'code', (r->>'balance_cents')::int, r->>'status', r->>'expires_at', r ${from}
         ON CONFLICT (tenant_id, id) DO UPDATE SET code = EXCLUDED.code, balance_cents = EXCLUDED.balance_cents, status = EXCLUDED.status,
           expires_at = EXCLUDED.expires_at, row = EXCLUDED.row`,
        [json],
      );
      return;
    case 'credit_accounts':
      await tx.query(
        `INSERT INTO hub.credit_accounts (tenant_id, id, customer_id, balance_cents, credit_limit_cents, status, row)
         SELECT ${T}, r->>'id', r->>'customer_id', (r->>'balance_cents')::int, (r->>'credit_limit_cents')::int, r->>'status', r ${from}
         ON CONFLICT (tenant_id, id) DO UPDATE SET balance_cents = EXCLUDED.balance_cents, credit_limit_cents = EXCLUDED.credit_limit_cents,
           status = EXCLUDED.status, row = EXCLUDED.row`,
        [json],
      );
      return;
    case 'loyalty_accounts':
      await tx.query(
        `INSERT INTO hub.loyalty_accounts (tenant_id, id, points_balance, row) SELECT ${T}, r->>'id', greatest(0, (r->>'points_balance')::int), r ${from}
         ON CONFLICT (tenant_id, id) DO UPDATE SET points_balance = EXCLUDED.points_balance, row = EXCLUDED.row`,
        [json],
      );
      return;
    default:
      await tx.query(
        `INSERT INTO hub.${table} (tenant_id, id, row) SELECT ${T}, r->>'id', r ${from} ON CONFLICT (tenant_id, id) DO UPDATE SET row = EXCLUDED.row`,
        [json],
      );
  }
}
