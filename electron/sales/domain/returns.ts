import { SaleRuleError } from '../errors';
import { prorate, type Cents } from '../../../contracts/money';
import type { TenderMethod } from './tender';

/**
 * Returns against an original sale. A line of q units paid N net and X tax;
 * returning k more units after r were returned refunds
 *   net:  prorate(N, r + k, q) - prorate(N, r, q)
 *   tax:  prorate(X, r + k, q) - prorate(X, r, q)
 * (the rounding rule on the cumulative amount), so however a line is returned,
 * in one go or unit by unit, all of it refunds exactly N + X, and never more.
 */

export interface SoldLine {
  id: string;
  lineNo: number;
  description: string;
  quantity: number;
  netCents: Cents;
  taxCents: Cents;
  /** Units already returned by earlier returns. */
  returnedQuantity: number;
}

export interface ReturnRequestLine {
  lineId: string;
  quantity: number;
}

export interface ReturnedLine {
  line: SoldLine;
  quantity: number;
  netCents: Cents;
  taxCents: Cents;
  totalCents: Cents;
}

export function returnLines(sold: readonly SoldLine[], request: readonly ReturnRequestLine[]): ReturnedLine[] {
  if (request.length === 0) throw new SaleRuleError('nothing to return', 'Choose at least one item and how many units come back');
  const seen = new Set<string>();
  return request.map((r) => {
    const line = sold.find((l) => l.id === r.lineId);
    if (!line) throw new SaleRuleError(`line ${r.lineId} is not on this sale`, 'Choose items from the receipt being returned');
    if (seen.has(r.lineId)) throw new SaleRuleError(`line ${line.lineNo} is listed twice`, 'List each item once, with the number of units');
    seen.add(r.lineId);
    const left = line.quantity - line.returnedQuantity;
    if (!Number.isSafeInteger(r.quantity) || r.quantity <= 0)
      throw new SaleRuleError(`line ${line.lineNo}: ${r.quantity} units cannot come back`, 'Enter a whole number of units above zero');
    if (r.quantity > left)
      throw new SaleRuleError(
        `line ${line.lineNo} (${line.description}): only ${left} of ${line.quantity} can still come back`,
        left === 0 ? 'That item was already returned in full' : `Return at most ${left}`,
      );
    const before = line.returnedQuantity;
    const after = before + r.quantity;
    const net = prorate(line.netCents, after, line.quantity) - prorate(line.netCents, before, line.quantity);
    const tax = prorate(line.taxCents, after, line.quantity) - prorate(line.taxCents, before, line.quantity);
    return { line, quantity: r.quantity, netCents: net, taxCents: tax, totalCents: net + tax };
  });
}

/** A payment of the original sale, with what earlier returns already gave back on it. */
export interface OriginalTender {
  id: string;
  method: TenderMethod;
  amountCents: Cents;
  refundedCents: Cents;
  giftCardId: string | null;
  creditAccountId: string | null;
}

export interface RefundPart {
  method: 'cash' | 'card' | 'gift_card' | 'store_credit';
  amountCents: Cents;
  /** The original payment this part goes back to (null for store credit chosen instead). */
  originalPaymentId: string | null;
  giftCardId: string | null;
  creditAccountId: string | null;
}

/**
 * Where a refund goes. To the original payment methods: the latest payment
 * first, each at most what it paid less what was already given back on it; a
 * work order deposit goes back as cash. Or all of it as store credit.
 */
export function refundParts(
  refundCents: Cents,
  original: readonly OriginalTender[],
  to: 'original' | 'store_credit',
  creditAccountId: string | null,
): RefundPart[] {
  if (refundCents === 0) return [];
  if (to === 'store_credit') return [{ method: 'store_credit', amountCents: refundCents, originalPaymentId: null, giftCardId: null, creditAccountId }];
  let left = refundCents;
  const parts: RefundPart[] = [];
  for (const t of [...original].reverse()) {
    if (left === 0) break;
    const room = t.amountCents - t.refundedCents;
    if (room <= 0) continue;
    const amount = Math.min(room, left);
    left -= amount;
    parts.push({
      method: t.method === 'deposit' ? 'cash' : t.method,
      amountCents: amount,
      originalPaymentId: t.id,
      giftCardId: t.giftCardId,
      creditAccountId: t.creditAccountId,
    });
  }
  if (left > 0) throw new SaleRuleError('the refund is more than the sale still has paid', 'Check the items; nothing was refunded');
  return parts;
}
