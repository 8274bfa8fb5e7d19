import { SaleRuleError } from '../errors';
import { dollars, isCents, type Cents } from '../../../contracts/money';

/**
 * Taking payment. Tenders are applied in the order the clerk added them, each
 * to what is still due. Only cash can be more than is due: the difference is
 * the change, handed back from the drawer. A card is taken on the store's own
 * terminal and recorded here by amount (and the terminal's approval code, if
 * typed), never with card data. A gift card or store credit pays at most
 * what is due, and at most its balance (checked where the balance is).
 *
 * Always: sum(applied) = paid; sum(tendered) - change = paid; paid <= due;
 * complete exactly when paid = due.
 */

export type TenderMethod = 'cash' | 'card' | 'gift_card' | 'store_credit' | 'deposit';
export const TENDER_LABELS: Record<TenderMethod, string> = {
  cash: 'Cash',
  card: 'Card',
  gift_card: 'Gift card',
  store_credit: 'Store credit',
  deposit: 'Deposit paid',
};

export type Tender =
  | { method: 'cash'; tenderedCents: Cents }
  | { method: 'card'; amountCents: Cents; reference?: string | null }
  | { method: 'gift_card'; code: string; amountCents: Cents }
  | { method: 'store_credit'; amountCents: Cents }
  /** Deposits already taken on a work order, applied at its checkout (no money moves). */
  | { method: 'deposit'; amountCents: Cents };

export interface AppliedTender {
  method: TenderMethod;
  /** What this tender pays of the sale. */
  amountCents: Cents;
  /** What the customer handed over (cash), otherwise equal to amountCents. */
  tenderedCents: Cents;
  changeCents: Cents;
  code: string | null;
  reference: string | null;
}

export interface Settlement {
  tenders: AppliedTender[];
  dueCents: Cents;
  paidCents: Cents;
  changeCents: Cents;
  remainingCents: Cents;
  complete: boolean;
}

const offered = (t: Tender): Cents => (t.method === 'cash' ? t.tenderedCents : t.amountCents);

/** A reference that looks like a card number is refused: the till stores no card data. */
export function cardReferenceProblem(reference: string | null | undefined): string | null {
  if (!reference) return null;
  if (reference.replace(/[\s-]/g, '').match(/\d{12,}/)) return 'that looks like a card number';
  if (reference.length > 32) return 'it is longer than 32 characters';
  return null;
}

export function settle(dueCents: Cents, tenders: readonly Tender[]): Settlement {
  if (!isCents(dueCents) || dueCents < 0) throw new RangeError(`due ${dueCents}`);
  let remaining = dueCents;
  const applied: AppliedTender[] = [];
  tenders.forEach((t, i) => {
    const amount = offered(t);
    const label = `payment ${i + 1} (${t.method.replace('_', ' ')})`;
    if (!isCents(amount) || amount <= 0) throw new SaleRuleError(`${label}: ${amount} is not an amount above zero`, 'Enter an amount such as 20.00');
    if (remaining === 0) throw new SaleRuleError(`${label}: the sale is already paid in full`, 'Remove this payment');
    if (t.method === 'card') {
      const problem = cardReferenceProblem(t.reference);
      if (problem)
        throw new SaleRuleError(`${label}: the card reference was refused because ${problem}`, 'Type only the approval code the terminal printed, or nothing');
    }
    if (t.method !== 'cash' && amount > remaining)
      throw new SaleRuleError(
        `${label}: ${dollars(amount)} is more than the ${dollars(remaining)} still due`,
        `Take ${dollars(remaining)} this way; only cash can be more than is due`,
      );
    const pays = Math.min(amount, remaining);
    remaining -= pays;
    applied.push({
      method: t.method,
      amountCents: pays,
      tenderedCents: amount,
      changeCents: amount - pays,
      code: t.method === 'gift_card' ? t.code : null,
      reference: t.method === 'card' ? (t.reference ?? null) : null,
    });
  });
  const paid = dueCents - remaining;
  return {
    tenders: applied,
    dueCents,
    paidCents: paid,
    changeCents: applied.reduce((a, t) => a + t.changeCents, 0),
    remainingCents: remaining,
    complete: remaining === 0,
  };
}
