import type { CommissionRuleRow, CreditAccount, PriceLevelRow, PromotionRow } from '../models';
import type { RepoDeps } from './deps';
import { scoped } from './scoped';
import { rowColumns } from './columns';

/** Rows as the caller reads them: every column but tenant_id (columns.ts). */
const PRICE_LEVEL_COLUMNS = rowColumns('price_levels');
const PROMOTION_COLUMNS = rowColumns('promotions');
const RULE_COLUMNS = rowColumns('commission_rules');
const CREDIT_COLUMNS = rowColumns('credit_accounts');

/** What pricing a cart reads besides products: price levels, promotions, commission rules and store credit accounts, all of the signed-in store. */
export const SQL = {
  priceLevel: `SELECT ${PRICE_LEVEL_COLUMNS} FROM price_levels WHERE tenant_id = @tenantId AND id = @id`,
  promotionByCode: `SELECT ${PROMOTION_COLUMNS} FROM promotions WHERE tenant_id = @tenantId AND code = @code`,
  promotionById: `SELECT ${PROMOTION_COLUMNS} FROM promotions WHERE +tenant_id = @tenantId AND id = @id`,
  /** A store has tens of promotions (50 on the large store): read by code, stopped at LIMIT. */
  activePromotions: `SELECT ${PROMOTION_COLUMNS} FROM promotions WHERE tenant_id = @tenantId AND active = 1 ORDER BY code LIMIT +@limit`,
  /**
   * Kept by migration 0013's triggers on promotion_usage: one row read instead of counting the promotion's uses.
   * No row means never used; the aggregate still returns one row (0), as count(*) did.
   */
  promotionUses: `SELECT coalesce(sum(uses), 0) AS n FROM promotion_use_counts WHERE tenant_id = @tenantId AND promotion_id = @promotionId`,
  commissionRules: `SELECT ${RULE_COLUMNS} FROM commission_rules WHERE tenant_id = @tenantId AND active = 1 ORDER BY id`,
  creditAccountOf: `SELECT ${CREDIT_COLUMNS} FROM credit_accounts WHERE tenant_id = @tenantId AND customer_id = @customerId ORDER BY opened_at LIMIT 1`,
  creditAccount: `SELECT ${CREDIT_COLUMNS} FROM credit_accounts WHERE +tenant_id = @tenantId AND id = @id`,
} as const;

export function sellingRepository(deps: RepoDeps) {
  return {
    priceLevel(id: string): PriceLevelRow | undefined {
      return scoped(deps.db).get<PriceLevelRow>(SQL.priceLevel, { id });
    },
    promotionByCode(code: string): PromotionRow | undefined {
      return scoped(deps.db).get<PromotionRow>(SQL.promotionByCode, { code });
    },
    promotionById(id: string): PromotionRow | undefined {
      return scoped(deps.db).get<PromotionRow>(SQL.promotionById, { id });
    },
    /** Promotions switched on (whether each is running today is the sales domain's call: dates and uses). */
    activePromotions(limit = 50): PromotionRow[] {
      return scoped(deps.db).all<PromotionRow>(SQL.activePromotions, { limit });
    },
    promotionUses(promotionId: string): number {
      return scoped(deps.db).get<{ n: number }>(SQL.promotionUses, { promotionId })?.n ?? 0;
    },
    commissionRules(): CommissionRuleRow[] {
      return scoped(deps.db).all<CommissionRuleRow>(SQL.commissionRules);
    },
    /** The customer's store credit account (their oldest, if the v1 data holds several). */
    creditAccountOf(customerId: string): CreditAccount | undefined {
      return scoped(deps.db).get<CreditAccount>(SQL.creditAccountOf, { customerId });
    },
    creditAccount(id: string): CreditAccount | undefined {
      return scoped(deps.db).get<CreditAccount>(SQL.creditAccount, { id });
    },
  };
}
