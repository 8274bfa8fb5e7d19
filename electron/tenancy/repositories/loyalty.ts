import type { LoyaltyAccount, LoyaltyTransaction } from '../models';
import type { RepoDeps } from './deps';
import { scoped } from './scoped';
import { rowColumns } from './columns';

/** Rows as the caller reads them: every column but tenant_id (columns.ts). */
const ACCOUNT_COLUMNS = rowColumns('loyalty_accounts');
const MOVE_COLUMNS = rowColumns('loyalty_transactions');

export const SQL = {
  forCustomer: `SELECT ${ACCOUNT_COLUMNS} FROM loyalty_accounts WHERE tenant_id = @tenantId AND customer_id = @customerId`,
  transactions: `SELECT ${MOVE_COLUMNS} FROM loyalty_transactions WHERE tenant_id = @tenantId AND account_id = @accountId
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
