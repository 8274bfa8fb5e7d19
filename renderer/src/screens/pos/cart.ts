import { basisPointsOf, centsOf } from './money';
import type { CartInput, CartLineInput, Discount } from './types';

/** The cart as the page keeps it: what was scanned, never a price (the worker prices every quote and the checkout). */
export interface CartState {
  customer: { id: string; name: string } | null;
  lines: CartLineInput[];
  orderDiscount: Discount | null;
  promotionCode: string | null;
}

export const EMPTY_CART: CartState = { customer: null, lines: [], orderDiscount: null, promotionCode: null };

export const cartInput = (c: CartState): CartInput => ({
  customerId: c.customer?.id ?? null,
  lines: c.lines,
  orderDiscount: c.orderDiscount,
  promotionCode: c.promotionCode,
});

/** One more of a product: a line it already has gains a unit, else a new line. */
export function addProduct(c: CartState, productId: string, quantity = 1): CartState {
  const i = c.lines.findIndex((l) => l.kind === 'part' && l.productId === productId);
  if (i === -1) return { ...c, lines: [...c.lines, { kind: 'part', productId, quantity }] };
  return { ...c, lines: c.lines.map((l, k) => (k === i && l.kind !== 'labor' ? { ...l, quantity: l.quantity + quantity } : l)) };
}

/** "10%" is a percentage, "2.50" an amount; '' is no discount; null when it is neither. */
export function discountOf(text: string): Discount | null | undefined {
  const t = text.trim();
  if (t === '') return null;
  if (t.endsWith('%')) {
    const bp = basisPointsOf(t);
    return bp === null ? undefined : { percentBp: bp };
  }
  const cents = centsOf(t);
  return cents === null ? undefined : { amountCents: cents };
}

export function discountText(d: Discount | null | undefined): string {
  if (!d) return '';
  return 'percentBp' in d ? `${d.percentBp / 100}%` : (d.amountCents / 100).toFixed(2);
}
