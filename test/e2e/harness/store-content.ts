import { openDatabase } from '../../../electron/db/open';
import type { StartedHub } from '../../hub/support/start-hub';

/**
 * What "the tills and the hub agree" means, table by table, for one store
 * (tenant): the rows the store's tills sync, each reduced to the columns sync
 * promises to bring into step. A till holds a table's rows in its own columns;
 * the hub keeps the till's columns in `row` (jsonb) and, where a rule needs it,
 * a real column beside it (a product's price, a stock level, a card's balance),
 * which is then the hub's truth and is what is compared.
 *
 * Left out on purpose: the till's own bookkeeping (the queue, sync_log,
 * sync_state, credentials, sessions, audit_log, backups), which is never
 * synced, and time stamps a till writes as it applies a row.
 */
export interface ComparedTable {
  /** The till's table and the hub's (hub.<name>). */
  table: string;
  /** The key rows are matched by (and sorted on). */
  key: string;
  columns: readonly string[];
  /** Columns the hub holds as real columns (its authority), read from them rather than from `row`. */
  hubColumns?: readonly string[];
  /**
   * 'all' (the default): the hub holds every row of the store (imported, then synced). 'synced': a
   * ledger whose past stays on the tills (the v1 till's history is never imported, docs/sync.md): the
   * hub holds the rows pushed since, each as every till holds it.
   */
  hubHolds?: 'all' | 'synced';
}

export const COMPARED: readonly ComparedTable[] = [
  // The catalogue the hub owns: a price set on the hub reaches every till.
  { table: 'products', key: 'id', columns: ['id', 'sku', 'name', 'price_cents', 'active'], hubColumns: ['sku', 'price_cents'] },
  // Stock: deltas from every till summed on the hub; every till takes the hub's level.
  { table: 'inventory', key: 'product_id', columns: ['product_id', 'quantity_on_hand'], hubColumns: ['quantity_on_hand'] },
  // Balances the hub owns.
  { table: 'gift_cards', key: 'id', columns: ['id', 'code', 'balance_cents', 'status'], hubColumns: ['code', 'balance_cents', 'status'] },
  { table: 'loyalty_accounts', key: 'id', columns: ['id', 'customer_id', 'points_balance'], hubColumns: ['points_balance'] },
  // Contacts, last writer wins.
  { table: 'customers', key: 'id', columns: ['id', 'first_name', 'last_name', 'phone', 'email'] },
  // Documents, insert-only by id; a work order's status and total follow its operations.
  { table: 'work_orders', key: 'id', columns: ['id', 'number', 'customer_id', 'status', 'description', 'total_cents'] },
  { table: 'work_order_lines', key: 'id', columns: ['id', 'work_order_id', 'line_no', 'kind', 'product_id', 'description', 'quantity', 'unit_price_cents'] },
  { table: 'shifts', key: 'id', columns: ['id', 'opened_by', 'float_cents', 'status', 'counted_cents'] },
  { table: 'sales', key: 'id', columns: ['id', 'number', 'kind', 'status', 'shift_id', 'customer_id', 'work_order_id', 'total_cents'] },
  { table: 'sale_lines', key: 'id', columns: ['id', 'sale_id', 'line_no', 'product_id', 'quantity', 'unit_price_cents', 'net_cents'] },
  { table: 'sale_payments', key: 'id', columns: ['id', 'sale_id', 'method', 'direction', 'amount_cents', 'gift_card_id'] },
  { table: 'inventory_transactions', key: 'id', columns: ['id', 'product_id', 'quantity'], hubHolds: 'synced' },
];

export type StoreContent = Record<string, Record<string, unknown>[]>;

const byKey = (key: string) => (a: Record<string, unknown>, b: Record<string, unknown>) => String(a[key]).localeCompare(String(b[key]));

/** The compared content of the store in a till's database file (read-only: the till may be running). */
export function tillContent(file: string, tenantId: string): StoreContent {
  const db = openDatabase(file, { readonly: true });
  try {
    const out: StoreContent = {};
    for (const t of COMPARED) {
      const rows = db.prepare(`SELECT ${t.columns.map((c) => `"${c}"`).join(', ')} FROM "${t.table}" WHERE tenant_id = ?`).all(tenantId) as Record<
        string,
        unknown
      >[];
      out[t.table] = rows.sort(byKey(t.key));
    }
    return out;
  } finally {
    db.close();
  }
}

/** The same content as the hub holds it for the store (as the app role, the tenant set: row-level security applies). */
export async function hubContent(hub: StartedHub, tenantId: string): Promise<StoreContent> {
  const out: StoreContent = {};
  for (const t of COMPARED) {
    const real = t.hubColumns ?? [];
    const select = ['row', ...real.map((c) => `"${c}"`)].join(', ');
    const rows = await hub.queryAs<Record<string, unknown> & { row: Record<string, unknown> }>(tenantId, `SELECT ${select} FROM hub."${t.table}"`);
    out[t.table] = rows.map((r) => Object.fromEntries(t.columns.map((c) => [c, real.includes(c) ? r[c] : (r.row[c] ?? null)]))).sort(byKey(t.key));
  }
  return out;
}

/** Row counts per table, for a failure message that says at a glance where two contents part. */
export const counts = (content: StoreContent) => Object.fromEntries(Object.entries(content).map(([t, rows]) => [t, rows.length]));

/**
 * The differences between the hub's content and a till's, table by table (empty: they agree): every
 * table the hub holds whole must be equal; a 'synced' ledger must hold each of the hub's rows as the hub does.
 */
export function disagreements(hub: StoreContent, till: StoreContent): string[] {
  const out: string[] = [];
  for (const t of COMPARED) {
    const ours = till[t.table] ?? [];
    const theirs = hub[t.table] ?? [];
    const tillRows = new Map(ours.map((r) => [String(r[t.key]), JSON.stringify(r)]));
    const hubRows = new Map(theirs.map((r) => [String(r[t.key]), JSON.stringify(r)]));
    const missing = [...hubRows.keys()].filter((k) => !tillRows.has(k));
    const differ = [...hubRows].filter(([k, v]) => tillRows.has(k) && tillRows.get(k) !== v).map(([k]) => k);
    const extra = t.hubHolds === 'synced' ? [] : [...tillRows.keys()].filter((k) => !hubRows.has(k));
    if (missing.length) out.push(`${t.table}: ${missing.length} rows of the hub missing, e.g. ${missing[0]}`);
    if (extra.length) out.push(`${t.table}: ${extra.length} rows the hub does not hold, e.g. ${extra[0]}`);
    for (const k of differ.slice(0, 3)) out.push(`${t.table} ${k}: hub ${hubRows.get(k)}, till ${tillRows.get(k)}`);
  }
  return out;
}
