import { ApprovalRequiredError } from '../errors';
import { dollars, percentText, type Cents } from '../../../contracts/money';
import type { PricedCart } from './pricing';

/** A store's limits: above them a manager approves (the store's configuration). */
export interface SalesLimits {
  /** A clerk's line or order discount above this share of what it discounts (ppm) needs a manager. */
  discountApprovalAbovePpm: number;
  /** A refund above this amount needs a manager. */
  refundApprovalAboveCents: Cents;
  /** Voiding an unfinished sale that has taken more than this needs a manager. */
  voidApprovalAboveCents: Cents;
}

/**
 * The clerk's discounts (line and order; promotions and price levels are the
 * store's own, so never) that go past the limit: one sentence each, empty when
 * none. Compared exactly: discount / base > limit, in integers.
 */
export function discountsOverLimit(cart: PricedCart, limitPpm: number): string[] {
  const over = (discount: Cents, base: Cents) => discount > 0 && BigInt(discount) * 1_000_000n > BigInt(base) * BigInt(limitPpm);
  const out: string[] = [];
  for (const l of cart.lines)
    if (over(l.lineDiscountCents, l.grossCents)) out.push(`line ${l.lineNo}: ${dollars(l.lineDiscountCents)} off ${dollars(l.grossCents)}`);
  const orderBase = cart.subtotalCents - cart.lineDiscountCents - cart.promotionDiscountCents;
  if (over(cart.orderDiscountCents, orderBase)) out.push(`the order: ${dollars(cart.orderDiscountCents)} off ${dollars(orderBase)}`);
  return out;
}

export function requireDiscountApproval(cart: PricedCart, limits: SalesLimits, approved: boolean): void {
  const over = discountsOverLimit(cart, limits.discountApprovalAbovePpm);
  if (over.length > 0 && !approved)
    throw new ApprovalRequiredError('discount', `Discounts above ${percentText(limits.discountApprovalAbovePpm)} need a manager (${over.join('; ')})`);
}

export function requireRefundApproval(refundCents: Cents, limits: SalesLimits, approved: boolean): void {
  if (refundCents > limits.refundApprovalAboveCents && !approved)
    throw new ApprovalRequiredError('refund', `A refund of ${dollars(refundCents)} is above the ${dollars(limits.refundApprovalAboveCents)} a clerk may give`);
}

export function requireVoidApproval(paidCents: Cents, limits: SalesLimits, approved: boolean): void {
  if (paidCents > limits.voidApprovalAboveCents && !approved)
    throw new ApprovalRequiredError('void', `Voiding a sale that has taken ${dollars(paidCents)} needs a manager`);
}
