import type { LoyaltyAccount, LoyaltyTransaction } from '../models';
import type { RepoDeps } from './deps';
import { scoped } from './scoped';

export const SQL = {
  forCustomer: `SELECT * FROM loyalty_accounts WHERE tenant_id = @tenantId AND customer_id = @customerId`,
  transactions: `SELECT * FROM loyalty_transactions WHERE tenant_id = @tenantId AND account_id = @accountId
    ORDER BY created_at DESC LIMIT +@limit`,
} as const;

export function loyaltyRepository(deps: RepoDeps) {
  return {
    forCustomer(customerId: string): LoyaltyAccount | undefined {
      return scoped(deps.db).get<LoyaltyAccount>(SQL.forCustomer, { customerId });
    },
    transactions(accountId: string, limit = 50): LoyaltyTransaction[] {
      return scoped(deps.db).all<LoyaltyTransaction>(SQL.transactions, { accountId, limit });
    },
  };
}
