/**
 * Money is integer cents everywhere; rates are integer parts per million
 * (1% = 10_000 ppm, 8.875% = 88_750 ppm). THE ROUNDING RULE, the only one the
 * till uses: a share of an amount (a percentage discount, a tax, a
 * commission, a prorated refund) is computed exactly, as a fraction, and
 * rounded once to the nearest cent, halves away from zero. Every function
 * here that produces cents from a fraction goes through `roundDiv`.
 *
 * In contracts/ because the till, its screens and the hub all speak it: one
 * rule for every amount, and one way to write an amount in words (`dollars`).
 */

export type Cents = number;

/** The largest amount one sale may reach: $10,000,000.00 keeps every product in safe integer range. */
export const MAX_CENTS = 1_000_000_000;

export const PPM = 1_000_000;

export function isCents(n: unknown): n is Cents {
  return typeof n === 'number' && Number.isSafeInteger(n) && Math.abs(n) <= MAX_CENTS;
}

/** numerator / denominator, rounded to the nearest integer, halves away from zero (exact: BigInt, no float). */
export function roundDiv(numerator: number | bigint, denominator: number | bigint): number {
  const n = BigInt(numerator);
  const d = BigInt(denominator);
  if (d === 0n) throw new RangeError('division by zero');
  const negative = n < 0n !== d < 0n && n !== 0n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  const q = (2n * an + ad) / (2n * ad);
  return Number(negative ? -q : q);
}

/** `rate` (ppm) of `amount`, by the rounding rule. */
export function share(amount: Cents, ratePpm: number): Cents {
  return roundDiv(BigInt(amount) * BigInt(ratePpm), PPM);
}

/** `part / whole` of `amount`, by the rounding rule (prorating a line's money over its units). */
export function prorate(amount: Cents, part: number, whole: number): Cents {
  if (whole <= 0) throw new RangeError('prorate over nothing');
  return roundDiv(BigInt(amount) * BigInt(part), whole);
}

/** Basis points (the legacy tables' unit: price_levels.discount_bp, commission_rules.rate_bp) as ppm. */
export const ppmOfBp = (bp: number): number => bp * 100;

/** A percentage as written in a store's configuration ("8.875") as ppm; at most 4 decimals. */
export function ppmOfPercent(percent: number): number {
  const ppm = Math.round(percent * 10_000);
  if (Math.abs(ppm - percent * 10_000) > 1e-6) throw new RangeError(`${percent}% has more than 4 decimals`);
  return ppm;
}

/** "8.875%" from 88_750 ppm: for receipts and messages. */
export function percentText(ppm: number): string {
  return `${(ppm / 10_000).toFixed(4).replace(/\.?0+$/, '')}%`;
}

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

/** "$292.14", "-$5.00": the one way an amount appears in a message, a receipt or a slip. */
export function dollars(cents: Cents): string {
  return usd.format(cents / 100);
}
