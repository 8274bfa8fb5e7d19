import type { Db } from '../db/open';

/**
 * The demo's v1 sync queue, made of operations a real v1 till wrote: the raw
 * generator gives each pending_operations row its id, status and time; this
 * gives it a change of the store's own rows, in the shapes of
 * contracts/sync/operations (stock.moved from a stock ledger row,
 * gift_card.redeemed from a redemption, work_order.status_changed and
 * contact.changed from the order and customer as they stand), so the queue
 * replays onto a hub seeded from the same file. No random draw is taken: every
 * other table stays exactly as the seed made it. `scoped`: rows carry tenant_id.
 */
export function queueV1Operations(db: Db, tenantId: string, scoped: boolean): void {
  const where = (alias = '') => (scoped ? `WHERE ${alias}tenant_id = @tenantId` : '');
  const and = (alias = '') => (scoped ? `AND ${alias}tenant_id = @tenantId` : '');
  const p = scoped ? { tenantId } : {};
  const queue = db.prepare(`SELECT rowid AS r FROM pending_operations ${where()} ORDER BY rowid`).all(p) as { r: number }[];
  const stock = db
    .prepare(`SELECT id, product_id, kind, quantity, unit_cost_cents, work_order_id, user_id, created_at FROM inventory_transactions ${where()} ORDER BY rowid`)
    .all(p) as Record<string, string | number | null>[];
  const redemptions = db
    .prepare(
      `SELECT t.id, t.gift_card_id, t.amount_cents, t.work_order_id, t.created_at, g.code FROM gift_card_transactions t
        JOIN gift_cards g ON g.id = t.gift_card_id ${and('g.')} WHERE t.kind = 'redeem' AND t.amount_cents < 0 ${and('t.')} ORDER BY t.rowid`,
    )
    .all(p) as Record<string, string | number | null>[];
  const orders = db.prepare(`SELECT id, status FROM work_orders ${where()} ORDER BY rowid`).all(p) as { id: string; status: string }[];
  const customers = db.prepare(`SELECT id, phone, email FROM customers ${where()} ORDER BY rowid`).all(p) as {
    id: string;
    phone: string | null;
    email: string | null;
  }[];
  const update = db.prepare(
    `UPDATE pending_operations SET entity_type = @entityType, entity_id = @entityId, operation = @operation, payload = @payload WHERE rowid = @r`,
  );
  queue.forEach(({ r }, i) => {
    const n = Math.floor(i / 4);
    const pick = <T>(list: T[]): T | undefined => (list.length ? list[n % list.length] : undefined);
    const s = pick(stock);
    const g = pick(redemptions);
    const w = pick(orders);
    const c = pick(customers);
    const choices = [
      s && {
        entityType: 'inventory_transaction',
        entityId: s.id,
        operation: 'insert',
        payload: {
          v: 1,
          id: s.id,
          productId: s.product_id,
          kind: s.kind,
          quantity: s.quantity,
          unitCostCents: s.unit_cost_cents,
          workOrderId: s.work_order_id,
          userId: s.user_id,
          createdAt: s.created_at,
        },
      },
      g && {
        entityType: 'gift_card_transaction',
        entityId: g.id,
        operation: 'insert',
        payload: {
          v: 1,
          id: g.id,
          giftCardId: g.gift_card_id,
          kind: 'redeem',
          amountCents: g.amount_cents,
          workOrderId: g.work_order_id,
          createdAt: g.created_at,
          code: g.code,
        },
      },
      w && { entityType: 'work_order', entityId: w.id, operation: 'update', payload: { v: 1, id: w.id, status: w.status } },
      c && { entityType: 'customer', entityId: c.id, operation: 'update', payload: { v: 1, id: c.id, phone: c.phone, email: c.email } },
    ];
    const change = choices[i % 4] ?? choices.find(Boolean);
    if (change) update.run({ ...change, payload: JSON.stringify(change.payload), r });
  });
}
