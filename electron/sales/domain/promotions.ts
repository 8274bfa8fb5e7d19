import { SaleRuleError } from '../errors';
import { dollars, ppmOfPercent, share, type Cents } from '../../../contracts/money';
import type { CartLine } from './pricing';

/**
 * A promotion as the legacy `promotions` table holds it. What `value` means
 * by kind (the v1 app left it unwritten; this is the rule from now on):
 *  - percent: `value` percent off the order;
 *  - amount:  `value` whole dollars off the order (never more than the order);
 *  - bogo:    buy one, get one `value` percent off: every second unit of each part line.
 */
export interface Promotion {
  id: string;
  code: string;
  name: string;
  kind: 'percent' | 'amount' | 'bogo';
  value: number;
  starts_at: string;
  ends_at: string | null;
  max_uses: number | null;
  active: 0 | 1;
}

/** Why a promotion cannot be used now, or null when it can. */
export function promotionProblem(p: Promotion, nowIso: string, usesSoFar: number): string | null {
  if (p.active !== 1) return `promotion ${p.code} is switched off`;
  if (p.starts_at > nowIso) return `promotion ${p.code} starts on ${p.starts_at.slice(0, 10)}`;
  if (p.ends_at !== null && p.ends_at <= nowIso) return `promotion ${p.code} ended on ${p.ends_at.slice(0, 10)}`;
  if (p.max_uses !== null && usesSoFar >= p.max_uses) return `promotion ${p.code} has been used all ${p.max_uses} times`;
  if (p.kind !== 'amount' && (p.value < 0 || p.value > 100)) return `promotion ${p.code} is set to ${p.value}% off`;
  return null;
}

export function requireUsable(p: Promotion, nowIso: string, usesSoFar: number): void {
  const problem = promotionProblem(p, nowIso, usesSoFar);
  if (problem) throw new SaleRuleError(problem, 'Remove the promotion code, or use one that is running now');
}

/** Buy one, get one: the discount on each part line's every second unit; nothing for other kinds. */
export function promotionLineDiscounts(p: Promotion, lines: readonly CartLine[], units: readonly Cents[], available: readonly Cents[]): Cents[] {
  if (p.kind !== 'bogo') return lines.map(() => 0);
  const rate = ppmOfPercent(p.value);
  return lines.map((l, i) => (l.kind === 'part' ? Math.min(available[i]!, share(units[i]! * Math.floor(l.quantity / 2), rate)) : 0));
}

/** A percent or amount promotion's discount of the order (what is left after line discounts). */
export function promotionOrderDiscount(p: Promotion, base: Cents): Cents {
  if (p.kind === 'percent') return share(base, ppmOfPercent(p.value));
  if (p.kind === 'amount') return Math.min(p.value * 100, base);
  return 0;
}

/** "10% off", "$5.00 off", "buy one, get one 50% off": how the receipt names it. */
export function promotionTerms(p: Pick<Promotion, 'kind' | 'value'>): string {
  if (p.kind === 'percent') return `${p.value}% off`;
  if (p.kind === 'amount') return `${dollars(p.value * 100)} off`;
  return p.value === 100 ? 'buy one, get one free' : `buy one, get one ${p.value}% off`;
}
