/* eslint-disable @typescript-eslint/no-explicit-any -- each handler receives a payload its kind's zod schema has just validated (contracts/sync/operations) */
import crypto from 'node:crypto';
import type { Tx } from '../db/tenant-tx';
import { OpenHolds } from '../holds/open-holds';
import { snake, type Change } from './changes';
import { OperationRejected } from './rejection';

/** What one operation's apply can see: its transaction (tenant set), the pushing till, the batch's change list. */
export interface ApplyContext {
  tx: Tx;
  tillId: string;
  /** The tenant version this till last pulled: a contact written by another till after it was overwritten unseen. */
  pulledVersion: number;
  createdAt: string;
  changes: Change[];
  /** Contacts this batch wrote: their contact_version is set once the batch has its version numbers. */
  contacts: Set<string>;
  /** Stock deltas of the batch by product, applied by applyStock before COMMIT. */
  stock: Map<string, number>;
  stockAt: string;
}

/** The batch's stock deltas in one statement, in product order (no two batches lock the same rows in opposite orders). */
export async function applyStock(ctx: ApplyContext): Promise<void> {
  if (ctx.stock.size === 0) return;
  const ids = [...ctx.stock.keys()].sort();
  const r = await ctx.tx.query<{ id: string; row: Record<string, unknown> }>(
    `INSERT INTO hub.inventory (tenant_id, product_id, id, quantity_on_hand, row)
     SELECT ${TENANT}, d.product_id, d.id, d.delta,
       jsonb_build_object('id', d.id, 'product_id', d.product_id, 'quantity_on_hand', d.delta, 'reorder_point', 0, 'bin_location', NULL, 'updated_at', $4::text)
     FROM unnest($1::text[], $2::int[], $3::text[]) AS d(product_id, delta, id)
     ON CONFLICT (tenant_id, product_id) DO UPDATE SET quantity_on_hand = inventory.quantity_on_hand + EXCLUDED.quantity_on_hand,
       row = inventory.row || jsonb_build_object('quantity_on_hand', inventory.quantity_on_hand + EXCLUDED.quantity_on_hand, 'updated_at', $4::text)
     RETURNING id, row`,
    [ids, ids.map((id) => ctx.stock.get(id)!), ids.map(() => crypto.randomUUID()), ctx.stockAt],
  );
  for (const x of r.rows) ctx.changes.push({ table: 'inventory', id: x.id, op: 'upsert', row: x.row, origin: null });
}

type Payload = Record<string, any>;
type Handler = (ctx: ApplyContext, p: Payload) => Promise<void>;

// Every insert takes tenant_id from the transaction's setting, never from the payload.
const TENANT = `current_setting('app.tenant_id')`;

async function exists(ctx: ApplyContext, table: string, id: string | null | undefined): Promise<boolean> {
  if (id === null || id === undefined) return true;
  const r = await ctx.tx.query(`SELECT 1 FROM hub.${table} WHERE id = $1`, [id]);
  return r.rowCount === 1;
}

/** A reference to something the hub holds: missing here means it is not this tenant's (or never reached the hub). */
async function requireRef(ctx: ApplyContext, table: string, id: string | null | undefined, what: string): Promise<void> {
  if (!(await exists(ctx, table, id))) {
    throw new OperationRejected('unknown_reference', `${what} ${id} is not one of this store's on the hub`);
  }
}

/** Insert-only by UUID: true when this push wrote the row, false when the hub already had it (nothing changes). */
async function insertDoc(ctx: ApplyContext, table: string, row: Record<string, unknown>): Promise<boolean> {
  const r = await ctx.tx.query(
    `INSERT INTO hub.${table} (tenant_id, id, origin_till_id, row) VALUES (${TENANT}, $1, $2, $3) ON CONFLICT (tenant_id, id) DO NOTHING`,
    [row.id, ctx.tillId, row],
  );
  if (r.rowCount === 1) ctx.changes.push({ table, id: String(row.id), op: 'upsert', row, origin: ctx.tillId });
  return r.rowCount === 1;
}

async function updateDoc(ctx: ApplyContext, table: string, row: Record<string, unknown>): Promise<void> {
  await ctx.tx.query(`UPDATE hub.${table} SET row = $2 WHERE id = $1`, [row.id, row]);
  ctx.changes.push({ table, id: String(row.id), op: 'upsert', row, origin: ctx.tillId });
}

async function lockDoc(ctx: ApplyContext, table: string, id: string, what: string): Promise<Record<string, any>> {
  const r = await ctx.tx.query(`SELECT row FROM hub.${table} WHERE id = $1 FOR UPDATE`, [id]);
  if (r.rowCount !== 1) throw new OperationRejected('unknown_reference', `${what} ${id} is not one of this store's on the hub`);
  return r.rows[0].row;
}

const stockMoved: Handler = async (ctx, p) => {
  await requireRef(ctx, 'products', p.productId, 'product');
  const row = snake({ workOrderId: null, saleId: null, ...p });
  if (!(await insertDoc(ctx, 'inventory_transactions', row))) return;
  // A delta, so two tills' sales add up instead of overwriting each other's count; summed per product and
  // applied once at the end of the batch in product order (applyStock), so tills never queue on each other's rows.
  ctx.stock.set(p.productId, (ctx.stock.get(p.productId) ?? 0) + p.quantity);
  ctx.stockAt = p.createdAt;
};

async function lockCard(ctx: ApplyContext, id: string) {
  const r = await ctx.tx.query(`SELECT code, balance_cents, status, expires_at FROM hub.gift_cards WHERE id = $1 FOR UPDATE`, [id]);
  if (r.rowCount !== 1) throw new OperationRejected('unknown_reference', `gift card ${id} is not one of this store's on the hub`);
  return r.rows[0] as { code: string; balance_cents: number; status: string; expires_at: string | null };
}

async function moveCard(ctx: ApplyContext, id: string, amount: number): Promise<void> {
  const r = await ctx.tx.query(
    `UPDATE hub.gift_cards SET balance_cents = balance_cents + $2,
       status = CASE WHEN balance_cents + $2 = 0 THEN 'redeemed' WHEN $2 > 0 AND status = 'redeemed' THEN 'active' ELSE status END
     WHERE id = $1 RETURNING row || jsonb_build_object('balance_cents', balance_cents, 'status', status) AS out`,
    [id, amount],
  );
  await ctx.tx.query(`UPDATE hub.gift_cards SET row = $2 WHERE id = $1`, [id, r.rows[0].out]);
  ctx.changes.push({ table: 'gift_cards', id, op: 'upsert', row: r.rows[0].out, origin: null });
}

// The hold, the offline mark and the receipt number are the till's confirmation, not columns of the ledger row the tills pull.
const giftCardRow = (p: Payload) => snake({ workOrderId: null, saleId: null, ...p }, ['code', 'holdId', 'offline', 'saleNumber']);

/**
 * What a rejected redemption or charge tells the store: the sale to collect from (id and receipt number)
 * and the amount, beside what the hub holds. The set-based run (set-apply.ts) sends the same.
 */
export function moneyRemote(p: Payload, held: Record<string, unknown>, reservedCents: number): Record<string, unknown> {
  return {
    ...held,
    reserved_cents: reservedCents,
    saleId: p.saleId ?? null,
    saleNumber: p.saleNumber ?? null,
    amountCents: Math.abs(p.amountCents),
    offline: p.offline ?? false,
  };
}

/** The rejection of a redemption the card cannot cover, in the hub's words. */
export function insufficientBalance(p: Payload, card: { code: string; balance_cents: number }, reserved: number, remote: Record<string, unknown>) {
  const sale = p.saleNumber ? ` by sale ${p.saleNumber}` : '';
  const held = reserved > 0 ? ` (${reserved} of them held by other sales in progress)` : '';
  return new OperationRejected(
    'insufficient_balance',
    `gift card ${card.code} holds ${card.balance_cents} cents on the hub${held}, less than the ${-p.amountCents} redeemed${sale}: collect the difference`,
    remote,
  );
}

export function insufficientCredit(
  p: Payload,
  account: { balance_cents: number; credit_limit_cents: number },
  reserved: number,
  remote: Record<string, unknown>,
) {
  const sale = p.saleNumber ? ` by sale ${p.saleNumber}` : '';
  const held = reserved > 0 ? ` (${reserved} cents held by other sales in progress)` : '';
  return new OperationRejected(
    'insufficient_credit',
    `the customer has ${account.credit_limit_cents - account.balance_cents} cents of store credit on the hub${held}, less than the ${p.amountCents} charged${sale}: collect the difference`,
    remote,
  );
}

const giftCardRedeemed: Handler = async (ctx, p) => {
  const card = await lockCard(ctx, p.giftCardId);
  const holds = await OpenHolds.load(ctx.tx, 'gift_card', [p.giftCardId]);
  const reserved = holds.reserved(p.giftCardId, p.holdId);
  const remote = moneyRemote(p, { giftCardId: p.giftCardId, code: card.code, balance_cents: card.balance_cents, status: card.status }, reserved);
  if (card.code !== p.code) throw new OperationRejected('unknown_reference', `gift card ${p.giftCardId} is not the card ${p.code}`, remote);
  if (await exists(ctx, 'gift_card_transactions', p.id)) return;
  if (card.status !== 'active') throw new OperationRejected('card_not_active', `gift card ${card.code} is ${card.status} on the hub`, remote);
  if (card.expires_at && card.expires_at < p.createdAt)
    throw new OperationRejected('card_expired', `gift card ${card.code} expired on ${card.expires_at}`, remote);
  // Other sales' open holds count against the balance; this operation's own hold is what it consumes.
  if (card.balance_cents - reserved + p.amountCents < 0) throw insufficientBalance(p, card, reserved, remote);
  await insertDoc(ctx, 'gift_card_transactions', giftCardRow(p));
  await moveCard(ctx, p.giftCardId, p.amountCents);
  holds.consume(p.giftCardId, p.holdId, p.id);
  await holds.flush(ctx.tx);
};

const giftCardRefunded: Handler = async (ctx, p) => {
  await lockCard(ctx, p.giftCardId);
  if (await insertDoc(ctx, 'gift_card_transactions', giftCardRow(p))) await moveCard(ctx, p.giftCardId, p.amountCents);
};

const creditAccountOpened: Handler = async (ctx, p) => {
  await requireRef(ctx, 'customers', p.customerId, 'customer');
  const row = { id: p.id, customer_id: p.customerId, credit_limit_cents: 0, balance_cents: 0, status: 'active', opened_at: p.openedAt };
  const r = await ctx.tx.query(
    `INSERT INTO hub.credit_accounts (tenant_id, id, customer_id, balance_cents, credit_limit_cents, status, row)
     VALUES (${TENANT}, $1, $2, 0, 0, 'active', $3) ON CONFLICT (tenant_id, id) DO NOTHING`,
    [p.id, p.customerId, row],
  );
  if (r.rowCount === 1) ctx.changes.push({ table: 'credit_accounts', id: p.id, op: 'upsert', row, origin: null });
};

export const creditRow = (p: Payload) => snake(p, ['customerId', 'holdId', 'offline', 'saleNumber']);

const storeCreditMoved: Handler = async (ctx, p) => {
  const r = await ctx.tx.query(`SELECT balance_cents, credit_limit_cents, status FROM hub.credit_accounts WHERE id = $1 FOR UPDATE`, [p.accountId]);
  if (r.rowCount !== 1) throw new OperationRejected('unknown_reference', `store credit account ${p.accountId} is not one of this store's on the hub`);
  const account = r.rows[0] as { balance_cents: number; credit_limit_cents: number; status: string };
  if (await exists(ctx, 'credit_transactions', p.id)) return;
  const holds = await OpenHolds.load(ctx.tx, 'store_credit', [p.accountId]);
  const reserved = holds.reserved(p.accountId, p.holdId);
  const remote = moneyRemote(
    p,
    { accountId: p.accountId, balance_cents: account.balance_cents, credit_limit_cents: account.credit_limit_cents, status: account.status },
    reserved,
  );
  if (p.amountCents > 0) {
    if (account.status !== 'active') throw new OperationRejected('account_not_active', `the store credit account is ${account.status} on the hub`, remote);
    if (account.balance_cents + reserved + p.amountCents > account.credit_limit_cents) throw insufficientCredit(p, account, reserved, remote);
  }
  await insertDoc(ctx, 'credit_transactions', creditRow(p));
  holds.consume(p.accountId, p.holdId, p.id);
  await holds.flush(ctx.tx);
  const u = await ctx.tx.query(
    `UPDATE hub.credit_accounts SET balance_cents = balance_cents + $2 WHERE id = $1
     RETURNING row || jsonb_build_object('balance_cents', balance_cents) AS out`,
    [p.accountId, p.amountCents],
  );
  await ctx.tx.query(`UPDATE hub.credit_accounts SET row = $2 WHERE id = $1`, [p.accountId, u.rows[0].out]);
  ctx.changes.push({ table: 'credit_accounts', id: p.accountId, op: 'upsert', row: u.rows[0].out, origin: null });
};

const loyaltyMoved: Handler = async (ctx, p) => {
  const r = await ctx.tx.query(`SELECT 1 FROM hub.loyalty_accounts WHERE id = $1 FOR UPDATE`, [p.accountId]);
  if (r.rowCount !== 1) throw new OperationRejected('unknown_reference', `loyalty account ${p.accountId} is not one of this store's on the hub`);
  if (!(await insertDoc(ctx, 'loyalty_transactions', snake({ workOrderId: null, ...p })))) return;
  const u = await ctx.tx.query(
    `UPDATE hub.loyalty_accounts SET points_balance = greatest(0, points_balance + $2) WHERE id = $1
     RETURNING row || jsonb_build_object('points_balance', points_balance) AS out`,
    [p.accountId, p.points],
  );
  await ctx.tx.query(`UPDATE hub.loyalty_accounts SET row = $2 WHERE id = $1`, [p.accountId, u.rows[0].out]);
  ctx.changes.push({ table: 'loyalty_accounts', id: p.accountId, op: 'upsert', row: u.rows[0].out, origin: null });
};

const commissionEarned: Handler = async (ctx, p) => {
  await insertDoc(ctx, 'commissions', { ...snake(p), paid: 0 });
};

const promotionUsed: Handler = async (ctx, p) => {
  await requireRef(ctx, 'promotions', p.promotionId, 'promotion');
  if (!(await insertDoc(ctx, 'promotion_usage', snake(p)))) return;
  // The discount was given at the counter: accepted, and a promotion used past its limit is recorded for a person to look at.
  const r = await ctx.tx.query(
    `SELECT (p.row->>'max_uses')::int AS max_uses, (SELECT count(*)::int FROM hub.promotion_usage u WHERE u.row->>'promotion_id' = p.id) AS used
     FROM hub.promotions p WHERE p.id = $1`,
    [p.promotionId],
  );
  const { max_uses, used } = r.rows[0];
  if (max_uses !== null && used > max_uses) await recordConflict(ctx, 'promotion', p.promotionId, 'promotion_over_limit', snake(p), { max_uses, used });
};

const shiftOpened: Handler = async (ctx, p) => {
  // The till whose drawer it is: the pushing till (its credential), never the payload. Other tills pull it as not theirs.
  await insertDoc(ctx, 'shifts', {
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
  });
};

const shiftClosed: Handler = async (ctx, p) => {
  const row = await lockDoc(ctx, 'shifts', p.id, 'shift');
  if (row.status === 'closed') return; // set once
  await updateDoc(ctx, 'shifts', {
    ...row,
    status: 'closed',
    closed_by: p.closedBy,
    closed_at: p.closedAt,
    expected_cents: p.expectedCents,
    counted_cents: p.countedCents,
    over_short_cents: p.overShortCents,
  });
};

const saleRecorded: Handler = async (ctx, p) => {
  await requireRef(ctx, 'customers', p.sale.customerId, 'customer');
  await requireRef(ctx, 'promotions', p.sale.promotionId, 'promotion');
  for (const l of p.lines) await requireRef(ctx, 'products', l.productId, 'product');
  if (!(await insertDoc(ctx, 'sales', { ...snake(p.sale), voided_at: null }))) return;
  for (const l of p.lines) await insertDoc(ctx, 'sale_lines', snake(l));
  if (p.layaway) await insertDoc(ctx, 'layaways', { ...snake(p.layaway), status: 'open', updated_at: p.layaway.createdAt });
  for (const x of p.payments) await insertDoc(ctx, 'sale_payments', snake(x));
  for (const x of p.layawayPayments) await insertDoc(ctx, 'layaway_payments', snake(x));
};

const SALE_ORDER: Record<string, number> = { layaway: 0, completed: 1, voided: 2 };

const saleSettled: Handler = async (ctx, p) => {
  const sale = await lockDoc(ctx, 'sales', p.saleId, 'sale');
  for (const x of p.payments) await insertDoc(ctx, 'sale_payments', snake(x));
  for (const x of p.layawayPayments) await insertDoc(ctx, 'layaway_payments', snake(x));
  // Only forward: a layaway completes or is voided, a completed sale may be voided, nothing comes back.
  if ((SALE_ORDER[p.status] ?? 0) < (SALE_ORDER[sale.status] ?? 0)) return;
  await updateDoc(ctx, 'sales', {
    ...sale,
    status: p.status,
    paid_cents: p.paidCents,
    approved_by: p.approvedBy ?? sale.approved_by,
    completed_at: p.completedAt,
    voided_at: p.voidedAt,
  });
  if (sale.layaway_id) {
    const layaway = await lockDoc(ctx, 'layaways', sale.layaway_id, 'layaway');
    const status = p.status === 'completed' ? 'completed' : p.status === 'voided' ? 'cancelled' : 'open';
    await updateDoc(ctx, 'layaways', { ...layaway, status, paid_cents: p.paidCents, updated_at: ctx.createdAt });
  }
};

const workOrderOpened: Handler = async (ctx, p) => {
  await requireRef(ctx, 'customers', p.order.customerId, 'customer');
  for (const l of p.lines) await requireRef(ctx, 'products', l.productId, 'product');
  const order = { ...snake(p.order), status: 'open', promised_at: null, completed_at: null };
  if (!(await insertDoc(ctx, 'work_orders', order))) return;
  for (const l of p.lines) await insertDoc(ctx, 'work_order_lines', snake(l));
};

const workOrderStatusChanged: Handler = async (ctx, p) => {
  const order = await lockDoc(ctx, 'work_orders', p.id, 'work order');
  const done = p.status === 'completed' || p.status === 'invoiced';
  await updateDoc(ctx, 'work_orders', { ...order, status: p.status, completed_at: done ? (order.completed_at ?? ctx.createdAt) : order.completed_at });
};

const workOrderLineAdded: Handler = async (ctx, p) => {
  const order = await lockDoc(ctx, 'work_orders', p.line.workOrderId, 'work order');
  await requireRef(ctx, 'products', p.line.productId, 'product');
  if (!(await insertDoc(ctx, 'work_order_lines', snake(p.line)))) return;
  await updateDoc(ctx, 'work_orders', { ...order, total_cents: p.totalCents });
};

const workOrderLineRemoved: Handler = async (ctx, p) => {
  const r = await ctx.tx.query(`DELETE FROM hub.work_order_lines WHERE id = $1 RETURNING row`, [p.id]);
  if (r.rowCount !== 1) return; // never here, or removed before: nothing to do
  ctx.changes.push({ table: 'work_order_lines', id: p.id, op: 'delete', row: null, origin: ctx.tillId });
  const removed = r.rows[0].row as { line_no: number };
  const later = await ctx.tx.query(
    `UPDATE hub.work_order_lines SET row = jsonb_set(row, '{line_no}', to_jsonb((row->>'line_no')::int - 1))
     WHERE row->>'work_order_id' = $1 AND (row->>'line_no')::int > $2 RETURNING id, row`,
    [p.work_order_id, removed.line_no],
  );
  for (const l of later.rows) ctx.changes.push({ table: 'work_order_lines', id: l.id, op: 'upsert', row: l.row, origin: ctx.tillId });
};

const vehicleAdded: Handler = async (ctx, p) => {
  await requireRef(ctx, 'customers', p.customerId, 'customer');
  await insertDoc(ctx, 'customer_vehicles', snake(p));
};

async function recordConflict(ctx: ApplyContext, entityType: string, entityId: string, kind: string, local: unknown, remote: unknown): Promise<string> {
  const id = crypto.randomUUID();
  await ctx.tx.query(
    `INSERT INTO hub.sync_conflicts (tenant_id, id, till_id, op_id, entity_type, entity_id, kind, local_data, remote_data)
     VALUES (${TENANT}, $1, $2, NULL, $3, $4, $5, $6, $7)`,
    [id, ctx.tillId, entityType, entityId, kind, JSON.stringify(local), JSON.stringify(remote)],
  );
  return id;
}

const contactChanged: Handler = async (ctx, p) => {
  const r = await ctx.tx.query(`SELECT row, contact_till_id, contact_version FROM hub.customers WHERE id = $1 FOR UPDATE`, [p.id]);
  if (r.rowCount !== 1) throw new OperationRejected('unknown_reference', `customer ${p.id} is not one of this store's on the hub`);
  const { row, contact_till_id, contact_version } = r.rows[0];
  const loser = { phone: row.phone ?? null, email: row.email ?? null };
  const winner = { phone: p.phone, email: p.email };
  const differs = loser.phone !== winner.phone || loser.email !== winner.email;
  // Another till wrote this contact after this till last pulled: this write wins (hub order), the other version is kept.
  if (differs && contact_till_id && contact_till_id !== ctx.tillId && Number(contact_version) > ctx.pulledVersion) {
    const conflictId = await recordConflict(ctx, 'customer', p.id, 'contact_overwritten', winner, { ...loser, tillId: contact_till_id });
    const local = JSON.stringify({ id: p.id, ...loser });
    const remote = JSON.stringify({ id: p.id, ...winner });
    ctx.changes.push({
      table: 'sync_conflicts',
      id: conflictId,
      op: 'upsert',
      // In the losing till's words: its local version lost to the hub's.
      row: {
        id: conflictId,
        sync_log_id: null,
        entity_type: 'customer',
        entity_id: p.id,
        local_data: local,
        remote_data: remote,
        resolution: 'remote',
        detected_at: new Date().toISOString(),
        resolved_at: null,
      },
      origin: ctx.tillId,
    });
  }
  const next = { ...row, phone: p.phone, email: p.email, updated_at: ctx.createdAt };
  await ctx.tx.query(`UPDATE hub.customers SET row = $2, contact_till_id = $3 WHERE id = $1`, [p.id, next, ctx.tillId]);
  ctx.changes.push({ table: 'customers', id: p.id, op: 'upsert', row: next, origin: null });
  ctx.contacts.add(p.id);
};

const customerCreated: Handler = async (ctx, p) => {
  const row = snake(p);
  const r = await ctx.tx.query(`INSERT INTO hub.customers (tenant_id, id, row) VALUES (${TENANT}, $1, $2) ON CONFLICT (tenant_id, id) DO NOTHING`, [p.id, row]);
  if (r.rowCount === 1) ctx.changes.push({ table: 'customers', id: p.id, op: 'upsert', row, origin: ctx.tillId });
};

const RESOLUTION_OF: Record<string, 'local' | 'remote'> = { keep_mine: 'local', keep_store: 'remote', acknowledged: 'remote' };

/**
 * A clerk's choice about a conflict, recorded once (applied_operations keeps the
 * operation exactly once) as a row of the hub's sync_conflicts: who chose what
 * and when, beside the conflict itself when the hub holds it. A contact conflict
 * the hub sent the tills is marked resolved for the store's other tills too.
 */
const conflictResolved: Handler = async (ctx, p) => {
  const r = await ctx.tx.query(
    `SELECT id::text AS id, entity_type, entity_id, local_data, remote_data, detected_at FROM hub.sync_conflicts
     WHERE id::text = $1 AND kind = 'contact_overwritten'`,
    [p.conflictId],
  );
  const held = r.rows[0] as
    | { id: string; entity_type: string; entity_id: string; local_data: Record<string, unknown>; remote_data: Record<string, unknown>; detected_at: Date }
    | undefined;
  await recordConflict(ctx, 'sync_conflict', p.conflictId, `resolved_${p.choice}`, snake(p), held ? { conflict: held.id, kind: 'contact_overwritten' } : null);
  if (!held) return;
  const { tillId: _winnerTill, ...loser } = held.remote_data;
  ctx.changes.push({
    table: 'sync_conflicts',
    id: held.id,
    op: 'upsert',
    // The same row the tills hold (contactChanged above), now resolved.
    row: {
      id: held.id,
      sync_log_id: null,
      entity_type: held.entity_type,
      entity_id: held.entity_id,
      local_data: JSON.stringify({ id: held.entity_id, ...loser }),
      remote_data: JSON.stringify({ id: held.entity_id, ...held.local_data }),
      resolution: RESOLUTION_OF[p.choice],
      detected_at: new Date(held.detected_at).toISOString(),
      resolved_at: p.resolvedAt,
    },
    origin: ctx.tillId,
  });
};

/** The apply rule of every kind, by wire name (contracts/sync/operations says each in words). */
export const HANDLERS: Record<string, Handler> = {
  'stock.moved': stockMoved,
  'gift_card.redeemed': giftCardRedeemed,
  'gift_card.refunded': giftCardRefunded,
  'store_credit.account_opened': creditAccountOpened,
  'store_credit.moved': storeCreditMoved,
  'loyalty.moved': loyaltyMoved,
  'commission.earned': commissionEarned,
  'promotion.used': promotionUsed,
  'shift.opened': shiftOpened,
  'shift.closed': shiftClosed,
  'sale.recorded': saleRecorded,
  'sale.settled': saleSettled,
  'work_order.opened': workOrderOpened,
  'work_order.status_changed': workOrderStatusChanged,
  'work_order_line.added': workOrderLineAdded,
  'work_order_line.removed': workOrderLineRemoved,
  'vehicle.added': vehicleAdded,
  'contact.changed': contactChanged,
  'customer.created': customerCreated,
  'sync_conflict.resolved': conflictResolved,
};
