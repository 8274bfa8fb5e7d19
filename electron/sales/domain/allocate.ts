import type { Cents } from '../../../contracts/money';

/**
 * Splits `total` cents over `weights` in proportion, so that the parts add up
 * to `total` exactly (largest remainder: each part is rounded down, then the
 * cents left over go one each to the largest remainders, earliest first on a
 * tie). With 0 <= total <= sum(weights), no part exceeds its weight and a zero
 * weight gets nothing: an order discount spread over lines never makes a line
 * negative.
 */
export function allocate(total: Cents, weights: readonly number[]): Cents[] {
  if (total < 0) throw new RangeError('allocate a negative amount');
  const sum = weights.reduce((a, b) => a + b, 0);
  if (total === 0 || weights.length === 0) return weights.map(() => 0);
  if (sum <= 0) throw new RangeError(`cannot spread ${total} over nothing`);
  const T = BigInt(total);
  const S = BigInt(sum);
  const parts = weights.map((w) => (T * BigInt(w)) / S);
  const remainders = weights.map((w, i) => ({ i, r: (T * BigInt(w)) % S }));
  let left = Number(T - parts.reduce((a, b) => a + b, 0n));
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i, r } of remainders) {
    if (left === 0) break;
    if (r === 0n) continue;
    parts[i]! += 1n;
    left--;
  }
  return parts.map(Number);
}
