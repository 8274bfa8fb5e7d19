import { PosRuleError, RecordNotFoundError } from '../errors';
import type { GiftCard, GiftCardTransaction } from '../models';
import { recordChange } from './activity';
import type { RepoDeps } from './deps';
import { requireParent } from './references';
import { scoped } from './scoped';
import { rowColumns } from './columns';

/** Rows as the caller reads them: every column but tenant_id (columns.ts). */
const CARD_COLUMNS = rowColumns('gift_cards');
const MOVE_COLUMNS = rowColumns('gift_card_transactions');

export const SQL = {
  byCode: `SELECT ${CARD_COLUMNS} FROM gift_cards WHERE tenant_id = @tenantId AND code = @code`,
  transactions: `SELECT ${MOVE_COLUMNS} FROM gift_card_transactions WHERE tenant_id = @tenantId AND gift_card_id = @giftCardId
    ORDER BY created_at DESC LIMIT +@limit`,
  insertTransaction: `INSERT INTO gift_card_transactions (id, tenant_id, gift_card_id, kind, amount_cents, work_order_id, created_at)
    VALUES (@id, @tenantId, @giftCardId, @kind, @amountCents, @workOrderId, @createdAt)`,
} as const;

export function giftCardsRepository(deps: RepoDeps) {
  return {
    byCode(code: string): GiftCard | undefined {
      return scoped(deps.db).get<GiftCard>(SQL.byCode, { code });
    },
    transactions(giftCardId: string, limit = 50): GiftCardTransaction[] {
      return scoped(deps.db).all<GiftCardTransaction>(SQL.transactions, { giftCardId, limit });
    },
    /**
     * Takes amountCents off a card. The balance follows the ledger (the legacy
     * trigger trg_gift_card_transactions_apply), which also marks an emptied card redeemed.
     */
    redeem(input: { code: string; amountCents: number; workOrderId?: string | null }): GiftCard {
      const s = scoped(deps.db);
      if (!Number.isInteger(input.amountCents) || input.amountCents <= 0)
        throw new PosRuleError(`cannot redeem ${input.amountCents} cents`, 'Enter an amount above zero');
      return s.transaction(() => {
        const card = s.get<GiftCard>(SQL.byCode, { code: input.code });
        if (!card) throw new RecordNotFoundError('gift card', input.code);
        if (card.status !== 'active') throw new PosRuleError(`gift card ${card.code} is ${card.status}`, 'Take another form of payment');
        const now = deps.now().toISOString();
        if (card.expires_at && card.expires_at < now)
          throw new PosRuleError(`gift card ${card.code} expired on ${card.expires_at.slice(0, 10)}`, 'Take another form of payment');
        if (card.balance_cents < input.amountCents) {
          throw new PosRuleError(`gift card ${card.code} has only ${card.balance_cents} cents`, 'Redeem at most the balance and take the rest another way');
        }
        if (input.workOrderId) requireParent(s, 'gift_card_transactions', 'work_order_id', 'work_orders', input.workOrderId);
        const id = deps.newId();
        const row = { id, giftCardId: card.id, kind: 'redeem', amountCents: -input.amountCents, workOrderId: input.workOrderId ?? null, createdAt: now };
        // On a store enrolled with a hub, the hub's confirmation (money-gate.ts); a redemption at the gift card screen names no sale.
        const confirmed = deps.money?.spend({
          kind: 'gift_card',
          accountId: card.id,
          code: card.code,
          amountCents: input.amountCents,
          saleId: null,
          saleNumber: null,
        });
        s.run(SQL.insertTransaction, row);
        recordChange(s, deps, {
          action: 'gift_card.redeem',
          entityType: 'gift_card_transaction',
          entityId: id,
          operation: 'insert',
          payload: { ...row, code: card.code, ...confirmed },
        });
        return s.get<GiftCard>(SQL.byCode, { code: input.code })!;
      });
    },
  };
}
