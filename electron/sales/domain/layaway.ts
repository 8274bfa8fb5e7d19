import { SaleRuleError } from '../errors';
import { dollars, share, type Cents } from '../../../contracts/money';

/** A layaway holds the goods until paid in full; it starts with a deposit of at least the store's minimum share of the total. */
export function minimumDeposit(totalCents: Cents, minDepositPpm: number): Cents {
  return Math.max(1, share(totalCents, minDepositPpm));
}

export function requireDeposit(paidCents: Cents, totalCents: Cents, minDepositPpm: number): void {
  const min = minimumDeposit(totalCents, minDepositPpm);
  if (paidCents < min)
    throw new SaleRuleError(`a layaway of ${dollars(totalCents)} needs a deposit of at least ${dollars(min)}`, `Take at least ${dollars(min)} now`);
}
