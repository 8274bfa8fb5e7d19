import { ppmOfBp, share, type Cents } from '../../../contracts/money';
import type { LineKind, PricedLine } from './pricing';

/**
 * What a completed sale earns besides the money: loyalty points for the
 * customer and commissions for the technicians.
 */

/** Points for a sale: whole points per whole dollar of net (pre-tax) amount, rounded down (a point is earned, never rounded up). */
export function loyaltyPoints(netCents: Cents, pointsPerDollar: number): number {
  if (netCents <= 0 || pointsPerDollar <= 0) return 0;
  return Math.floor(netCents / 100) * pointsPerDollar;
}

/** Points a return takes back: the same rule on the returned net, never more than the account holds. */
export function loyaltyPointsBack(returnedNetCents: Cents, pointsPerDollar: number, balance: number): number {
  return Math.min(balance, loyaltyPoints(returnedNetCents, pointsPerDollar));
}

export interface CommissionRule {
  id: string;
  name: string;
  applies_to: 'parts' | 'labor' | 'all';
  rate_bp: number;
  active: 0 | 1;
}

export interface Commission {
  technicianId: string;
  ruleId: string;
  amountCents: Cents;
}

const ruleKind: Record<LineKind, CommissionRule['applies_to'] | null> = { part: 'parts', labor: 'labor', fee: null };

/**
 * The rule for a line: among the active rules, one for the line's kind beats
 * one for 'all'; among equals the highest rate, then the lowest id. Fees earn
 * no commission.
 */
export function ruleFor(kind: LineKind, rules: readonly CommissionRule[]): CommissionRule | null {
  const k = ruleKind[kind];
  if (!k) return null;
  const candidates = rules.filter((r) => r.active === 1 && (r.applies_to === k || r.applies_to === 'all'));
  candidates.sort((a, b) => (a.applies_to === 'all' ? 1 : 0) - (b.applies_to === 'all' ? 1 : 0) || b.rate_bp - a.rate_bp || (a.id < b.id ? -1 : 1));
  return candidates[0] ?? null;
}

/**
 * Commissions of a sale: for each technician and rule, the rule's rate of the
 * net amount of the lines it covers, by the rounding rule (once per
 * technician and rule, on the sum).
 */
export function commissions(lines: readonly Pick<PricedLine, 'kind' | 'netCents' | 'technicianId'>[], rules: readonly CommissionRule[]): Commission[] {
  const base = new Map<string, { technicianId: string; rule: CommissionRule; net: Cents }>();
  for (const l of lines) {
    if (!l.technicianId) continue;
    const rule = ruleFor(l.kind, rules);
    if (!rule) continue;
    const key = `${l.technicianId}|${rule.id}`;
    const entry = base.get(key) ?? { technicianId: l.technicianId, rule, net: 0 };
    entry.net += l.netCents;
    base.set(key, entry);
  }
  return [...base.values()]
    .map((e) => ({ technicianId: e.technicianId, ruleId: e.rule.id, amountCents: share(e.net, ppmOfBp(e.rule.rate_bp)) }))
    .filter((c) => c.amountCents > 0);
}
