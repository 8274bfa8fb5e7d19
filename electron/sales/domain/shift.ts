import { SaleRuleError } from '../errors';
import { dollars, isCents, type Cents } from '../../../contracts/money';

/**
 * The cash drawer over a shift: it opens with a float; every cash payment
 * adds what it paid (tendered less change), every cash refund takes its
 * amount out. At close the clerk counts the drawer; over/short = counted -
 * expected (positive: over, negative: short).
 */
export interface CashMovement {
  direction: 'in' | 'out';
  amountCents: Cents;
}

export function expectedCash(floatCents: Cents, movements: readonly CashMovement[]): Cents {
  return movements.reduce((cash, m) => cash + (m.direction === 'in' ? m.amountCents : -m.amountCents), floatCents);
}

export function checkCount(cents: Cents, what: 'float' | 'count'): void {
  if (!isCents(cents) || cents < 0)
    throw new SaleRuleError(
      `a cash ${what} of ${cents} is not an amount`,
      `Enter the ${what === 'float' ? 'float' : 'counted cash'} in dollars, such as 150.00`,
    );
}

export function overShort(countedCents: Cents, expectedCents: Cents): Cents {
  return countedCents - expectedCents;
}

/** "Over by $2.00", "Short by $0.35", "Even". */
export function overShortText(cents: Cents): string {
  return cents === 0 ? 'Even' : cents > 0 ? `Over by ${dollars(cents)}` : `Short by ${dollars(-cents)}`;
}
