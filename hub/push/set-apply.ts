/* eslint-disable @typescript-eslint/no-explicit-any -- each applier receives payloads their kind's zod schema has just validated (contracts/sync/operations) */
import { OpenHolds } from '../holds/open-holds';
import { creditRow, insufficientBalance, insufficientCredit, moneyRemote, type ApplyContext } from './apply';
import { snake } from './changes';
import { OperationRejected } from './rejection';

/**
 * The set-based apply of a run of operations of one family, with the same rules
 * as the one-by-one handlers in apply.ts (which stay the reference and the
 * fallback): references checked with one query per referenced table, each
 * table's rows written with one multi-row statement, balances locked in id order
 * and moved in sequence order in JS. An appliant answers, per operation in order,
 * null (applied) or the rejection; a database error aborts the whole run, which
 * push.ts then rolls back and redoes one by one.
 */
export interface SetItem {
  kind: string;
  data: Record<string, any>;
  createdAt: string;
}

export type SetApplier = (ctx: ApplyContext, items: readonly SetItem[]) => Promise<(OperationRejected | null)[]>;

const TENANT = `current_setting('app.tenant_id')`;

const unknownRef = (what: string, id: string) => new OperationRejected('unknown_reference', `${what} ${id} is not one of this store's on the hub`);

/** The ids of `table` the tenant holds among `ids` (RLS filters other tenants' rows): one query for the whole run. */
async function present(ctx: ApplyContext, table: string, ids: Iterable<string | null | undefined>): Promise<Set<string>> {
  const list = [...new Set([...ids].filter((x): x is string => typeof x === 'string'))];
  if (list.length === 0) return new Set();
  const r = await ctx.tx.query<{ id: string }>(`SELECT id FROM hub.${table} WHERE id = ANY($1::text[])`, [list]);
  return new Set(r.rows.map((x) => x.id));
}

/** Insert-only by UUID, many rows in one statement: the ids this statement wrote (the others the hub already had). */
async function insertDocs(ctx: ApplyContext, table: string, rows: readonly Record<string, unknown>[], origin = true): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const sql = origin
    ? `INSERT INTO hub.${table} (tenant_id, id, origin_till_id, row) SELECT ${TENANT}, r->>'id', $2::uuid, r FROM jsonb_array_elements($1::jsonb) r
       ON CONFLICT (tenant_id, id) DO NOTHING RETURNING id`
    : `INSERT INTO hub.${table} (tenant_id, id, row) SELECT ${TENANT}, r->>'id', r FROM jsonb_array_elements($1::jsonb) r
       ON CONFLICT (tenant_id, id) DO NOTHING RETURNING id`;
  const r = await ctx.tx.query<{ id: string }>(sql, origin ? [JSON.stringify(rows), ctx.tillId] : [JSON.stringify(rows)]);
  const wrote = new Set(r.rows.map((x) => x.id));
  for (const row of rows) if (wrote.has(String(row.id))) ctx.changes.push({ table, id: String(row.id), op: 'upsert', row, origin: ctx.tillId });
  return wrote;
}

interface InsertRule {
  table: string;
  /** The rows the till holds elsewhere in this store's hub data that the operation names: [table, id, what]. */
  refs: (p: Record<string, any>) => [string, string | null | undefined, string][];
  /** The row as the tills hold it; ctx for what only the push knows (the pushing till). */
  row: (p: Record<string, any>, ctx: ApplyContext) => Record<string, unknown>;
  /** False for a table without origin_till_id (customers). */
  origin?: boolean;
  /** What an operation whose row this push wrote does besides (a stock delta). */
  wrote?: (ctx: ApplyContext, p: Record<string, any>) => void;
}

/** Kinds that are one insert-only row behind reference checks. */
function insertOnly(rule: InsertRule): SetApplier {
  return async (ctx, items) => {
    const byTable = new Map<string, Set<string>>();
    for (const it of items) for (const [t, id] of rule.refs(it.data)) if (typeof id === 'string') (byTable.get(t) ?? byTable.set(t, new Set()).get(t)!).add(id);
    const held = new Map<string, Set<string>>();
    for (const [t, ids] of byTable) held.set(t, await present(ctx, t, ids));
    const out: (OperationRejected | null)[] = [];
    const rows: Record<string, unknown>[] = [];
    const first = new Map<string, number>(); // the first operation of the run carrying an id writes it; a later one changes nothing
    items.forEach((it, i) => {
      const missing = rule.refs(it.data).find(([t, id]) => typeof id === 'string' && !held.get(t)!.has(id));
      if (missing) return out.push(unknownRef(missing[2], missing[1]!));
      out.push(null);
      const row = rule.row(it.data, ctx);
      if (!first.has(String(row.id))) {
        first.set(String(row.id), i);
        rows.push(row);
      }
    });
    const wrote = await insertDocs(ctx, rule.table, rows, rule.origin ?? true);
    if (rule.wrote) for (const [id, i] of first) if (wrote.has(id)) rule.wrote(ctx, items[i]!.data);
    return out;
  };
}

const stockMoved = insertOnly({
  table: 'inventory_transactions',
  refs: (p) => [['products', p.productId, 'product']],
  row: (p) => snake({ workOrderId: null, saleId: null, ...p }),
  // A delta, summed per product and applied once before COMMIT (applyStock in apply.ts).
  wrote: (ctx, p) => {
    ctx.stock.set(p.productId, (ctx.stock.get(p.productId) ?? 0) + p.quantity);
    ctx.stockAt = p.createdAt;
  },
});

const commissionEarned = insertOnly({ table: 'commissions', refs: () => [], row: (p) => ({ ...snake(p), paid: 0 }) });

const shiftOpened = insertOnly({
  table: 'shifts',
  refs: () => [],
  // The till whose drawer it is: the pushing till (its credential), never the payload. Other tills pull it as not theirs.
  row: (p, ctx) => ({
    id: p.id,
    till_id: ctx.tillId,
    opened_by: p.userId,
    opened_at: p.openedAt,
    float_cents: p.floatCents,
    status: 'open',
    closed_by: null,
    closed_at: null,
    expected_cents: null,
    counted_cents: null,
    over_short_cents: null,
  }),
});

const vehicleAdded = insertOnly({ table: 'customer_vehicles', refs: (p) => [['customers', p.customerId, 'customer']], row: (p) => snake(p) });

const customerCreated = insertOnly({ table: 'customers', refs: () => [], row: (p) => snake(p), origin: false });

/** Rows of a balance table locked in id order (two batches never wait on each other in opposite orders). */
async function lockRows<T>(ctx: ApplyContext, sql: string, ids: Iterable<string>): Promise<Map<string, T & { id: string }>> {
  const list = [...new Set(ids)].sort();
  const r = await ctx.tx.query<T & { id: string }>(sql, [list]);
  return new Map(r.rows.map((x) => [x.id, x]));
}

/** The moved balances in one statement; each account's row (as the tills hold it) goes to every till. */
async function writeBalances(ctx: ApplyContext, table: string, set: string, fields: Record<string, (id: string) => unknown>, ids: readonly string[]) {
  if (ids.length === 0) return;
  const names = Object.keys(fields);
  const values = ids.map((id) => Object.fromEntries([['id', id], ...names.map((n) => [n, fields[n]!(id)])]));
  const r = await ctx.tx.query<{ id: string; row: Record<string, unknown> }>(
    `UPDATE hub.${table} t SET ${set}, row = t.row || jsonb_build_object(${names.map((n) => `'${n}', (v->>'${n}')${n === 'status' ? '' : '::int'}`).join(', ')})
     FROM jsonb_array_elements($1::jsonb) v WHERE t.id = v->>'id' RETURNING t.id, t.row`,
    [JSON.stringify(values)],
  );
  for (const x of r.rows) ctx.changes.push({ table, id: x.id, op: 'upsert', row: x.row, origin: null });
}

interface Card {
  id: string;
  code: string;
  balance_cents: number;
  status: string;
  expires_at: string | null;
}

const giftCardRow = (p: Record<string, any>) => snake({ workOrderId: null, saleId: null, ...p }, ['code', 'holdId', 'offline', 'saleNumber']);

/** gift_card.redeemed and gift_card.refunded, in sequence order over the batch's cards, locked once. */
const giftCards: SetApplier = async (ctx, items) => {
  const cards = await lockRows<Card>(
    ctx,
    `SELECT id, code, balance_cents, status, expires_at FROM hub.gift_cards WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`,
    items.map((i) => i.data.giftCardId as string),
  );
  const done = await present(
    ctx,
    'gift_card_transactions',
    items.map((i) => i.data.id),
  );
  const holds = await OpenHolds.load(
    ctx.tx,
    'gift_card',
    items.filter((i) => i.kind === 'gift_card.redeemed').map((i) => i.data.giftCardId as string),
  );
  const out: (OperationRejected | null)[] = [];
  const rows: Record<string, unknown>[] = [];
  const moved = new Set<string>();
  for (const { kind, data: p } of items) {
    const card = cards.get(p.giftCardId);
    if (!card) {
      out.push(unknownRef('gift card', p.giftCardId));
      continue;
    }
    const refund = kind === 'gift_card.refunded';
    if (!refund) {
      const reserved = holds.reserved(card.id, p.holdId);
      const remote = moneyRemote(p, { giftCardId: p.giftCardId, code: card.code, balance_cents: card.balance_cents, status: card.status }, reserved);
      if (card.code !== p.code) {
        out.push(new OperationRejected('unknown_reference', `gift card ${p.giftCardId} is not the card ${p.code}`, remote));
        continue;
      }
      if (done.has(p.id)) {
        out.push(null);
        continue;
      }
      if (card.status !== 'active') {
        out.push(new OperationRejected('card_not_active', `gift card ${card.code} is ${card.status} on the hub`, remote));
        continue;
      }
      if (card.expires_at && card.expires_at < p.createdAt) {
        out.push(new OperationRejected('card_expired', `gift card ${card.code} expired on ${card.expires_at}`, remote));
        continue;
      }
      // Other sales' open holds count against the balance; this operation's own hold is what it consumes.
      if (card.balance_cents - reserved + p.amountCents < 0) {
        out.push(insufficientBalance(p, card, reserved, remote));
        continue;
      }
    }
    out.push(null);
    if (done.has(p.id)) continue;
    done.add(p.id);
    if (!refund) holds.consume(card.id, p.holdId, p.id);
    rows.push(giftCardRow(p));
    const balance = card.balance_cents + p.amountCents;
    card.status = balance === 0 ? 'redeemed' : p.amountCents > 0 && card.status === 'redeemed' ? 'active' : card.status;
    card.balance_cents = balance;
    moved.add(card.id);
  }
  await insertDocs(ctx, 'gift_card_transactions', rows);
  await holds.flush(ctx.tx);
  const ids = [...moved].sort();
  await writeBalances(
    ctx,
    'gift_cards',
    `balance_cents = (v->>'balance_cents')::int, status = v->>'status'`,
    { balance_cents: (id) => cards.get(id)!.balance_cents, status: (id) => cards.get(id)!.status },
    ids,
  );
  return out;
};

interface CreditAccount {
  id: string;
  balance_cents: number;
  credit_limit_cents: number;
  status: string;
}

const storeCreditMoved: SetApplier = async (ctx, items) => {
  const accounts = await lockRows<CreditAccount>(
    ctx,
    `SELECT id, balance_cents, credit_limit_cents, status FROM hub.credit_accounts WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`,
    items.map((i) => i.data.accountId as string),
  );
  const done = await present(
    ctx,
    'credit_transactions',
    items.map((i) => i.data.id),
  );
  const holds = await OpenHolds.load(
    ctx.tx,
    'store_credit',
    items.map((i) => i.data.accountId as string),
  );
  const out: (OperationRejected | null)[] = [];
  const rows: Record<string, unknown>[] = [];
  const moved = new Set<string>();
  for (const { data: p } of items) {
    const account = accounts.get(p.accountId);
    if (!account) {
      out.push(unknownRef('store credit account', p.accountId));
      continue;
    }
    if (done.has(p.id)) {
      out.push(null);
      continue;
    }
    const reserved = holds.reserved(account.id, p.holdId);
    const remote = moneyRemote(
      p,
      { accountId: p.accountId, balance_cents: account.balance_cents, credit_limit_cents: account.credit_limit_cents, status: account.status },
      reserved,
    );
    if (p.amountCents > 0 && account.status !== 'active') {
      out.push(new OperationRejected('account_not_active', `the store credit account is ${account.status} on the hub`, remote));
      continue;
    }
    if (p.amountCents > 0 && account.balance_cents + reserved + p.amountCents > account.credit_limit_cents) {
      out.push(insufficientCredit(p, account, reserved, remote));
      continue;
    }
    out.push(null);
    done.add(p.id);
    holds.consume(account.id, p.holdId, p.id);
    rows.push(creditRow(p));
    account.balance_cents += p.amountCents;
    moved.add(account.id);
  }
  await insertDocs(ctx, 'credit_transactions', rows);
  await holds.flush(ctx.tx);
  await writeBalances(
    ctx,
    'credit_accounts',
    `balance_cents = (v->>'balance_cents')::int`,
    { balance_cents: (id) => accounts.get(id)!.balance_cents },
    [...moved].sort(),
  );
  return out;
};

const loyaltyMoved: SetApplier = async (ctx, items) => {
  const accounts = await lockRows<{ points_balance: number }>(
    ctx,
    `SELECT id, points_balance FROM hub.loyalty_accounts WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`,
    items.map((i) => i.data.accountId as string),
  );
  const done = await present(
    ctx,
    'loyalty_transactions',
    items.map((i) => i.data.id),
  );
  const out: (OperationRejected | null)[] = [];
  const rows: Record<string, unknown>[] = [];
  const moved = new Set<string>();
  for (const { data: p } of items) {
    const account = accounts.get(p.accountId);
    if (!account) {
      out.push(unknownRef('loyalty account', p.accountId));
      continue;
    }
    out.push(null);
    if (done.has(p.id)) continue;
    done.add(p.id);
    rows.push(snake({ workOrderId: null, ...p }));
    // A return takes back at most what the account holds, one movement after the other, as the one-by-one rule does.
    account.points_balance = Math.max(0, account.points_balance + p.points);
    moved.add(account.id);
  }
  await insertDocs(ctx, 'loyalty_transactions', rows);
  await writeBalances(
    ctx,
    'loyalty_accounts',
    `points_balance = (v->>'points_balance')::int`,
    { points_balance: (id) => accounts.get(id)!.points_balance },
    [...moved].sort(),
  );
  return out;
};

/**
 * sale.recorded: insert-only by UUID, the sale with its lines, payments and the layaway it opens. The
 * sales first (one statement); only the operations whose sale this push wrote add their other rows,
 * one statement per table, in the tables' order of the one-by-one rule.
 */
const saleRecorded: SetApplier = async (ctx, items) => {
  const refs = (p: Record<string, any>): [string, string | null, string][] => [
    ['customers', p.sale.customerId, 'customer'],
    ['promotions', p.sale.promotionId, 'promotion'],
    ...p.lines.map((l: Record<string, any>): [string, string | null, string] => ['products', l.productId, 'product']),
  ];
  const wanted = new Map<string, Set<string>>();
  for (const it of items) for (const [t, id] of refs(it.data)) if (typeof id === 'string') (wanted.get(t) ?? wanted.set(t, new Set()).get(t)!).add(id);
  const held = new Map<string, Set<string>>();
  for (const [t, ids] of wanted) held.set(t, await present(ctx, t, ids));
  const out: (OperationRejected | null)[] = [];
  const first = new Map<string, Record<string, any>>();
  for (const { data: p } of items) {
    const missing = refs(p).find(([t, id]) => typeof id === 'string' && !held.get(t)!.has(id));
    if (missing) {
      out.push(unknownRef(missing[2], missing[1]!));
      continue;
    }
    out.push(null);
    if (!first.has(p.sale.id)) first.set(p.sale.id, p);
  }
  const wrote = await insertDocs(
    ctx,
    'sales',
    [...first.values()].map((p) => ({ ...snake(p.sale), voided_at: null })),
  );
  const written = [...first.values()].filter((p) => wrote.has(p.sale.id));
  await insertDocs(
    ctx,
    'sale_lines',
    written.flatMap((p) => p.lines.map((l: Record<string, unknown>) => snake(l))),
  );
  await insertDocs(
    ctx,
    'layaways',
    written.filter((p) => p.layaway).map((p) => ({ ...snake(p.layaway), status: 'open', updated_at: p.layaway.createdAt })),
  );
  await insertDocs(
    ctx,
    'sale_payments',
    written.flatMap((p) => p.payments.map((x: Record<string, unknown>) => snake(x))),
  );
  await insertDocs(
    ctx,
    'layaway_payments',
    written.flatMap((p) => p.layawayPayments.map((x: Record<string, unknown>) => snake(x))),
  );
  return out;
};

/**
 * The kinds applied set-based, by family: a run of consecutive operations of one
 * family goes in one go. The other kinds (sale.settled, work
 * orders, shift.closed, contact.changed, promotion.used, store credit accounts
 * opened) read and write rows their neighbours in the batch may have just
 * written, and still apply one by one behind a savepoint each.
 */
export const SET_FAMILIES: Record<string, { family: string; apply: SetApplier }> = {
  'stock.moved': { family: 'stock', apply: stockMoved },
  'sale.recorded': { family: 'sale.recorded', apply: saleRecorded },
  'commission.earned': { family: 'commission', apply: commissionEarned },
  'shift.opened': { family: 'shift.opened', apply: shiftOpened },
  'vehicle.added': { family: 'vehicle', apply: vehicleAdded },
  'customer.created': { family: 'customer.created', apply: customerCreated },
  'gift_card.redeemed': { family: 'gift_card', apply: giftCards },
  'gift_card.refunded': { family: 'gift_card', apply: giftCards },
  'store_credit.moved': { family: 'store_credit', apply: storeCreditMoved },
  'loyalty.moved': { family: 'loyalty', apply: loyaltyMoved },
};
