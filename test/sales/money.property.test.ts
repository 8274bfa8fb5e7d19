import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate } from '../../electron/sales/domain/allocate';
import { dollars, percentText, ppmOfPercent, prorate, roundDiv, share } from '../../contracts/money';

describe('the rounding rule: a share is computed exactly and rounded once to the nearest cent, halves away from zero', () => {
  it('is the nearest integer, and a half goes away from zero', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.bigInt({ min: 1n, max: 10n ** 7n }), (n, d) => {
        const q = BigInt(roundDiv(n, d));
        const twice = 2n * (n - q * d); // 2 * (n/d - q) * d
        expect(twice <= d && twice >= -d).toBe(true);
        if (twice === d || twice === -d) expect(q === 0n ? n === 0n : q > 0n === n > 0n && (q < 0n ? -q : q) * 2n * d > (n < 0n ? -n : n) * 2n).toBe(true);
      }),
    );
  });

  it('is symmetric: a refund rounds as the sale did', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 0, max: 1e6 }), (a, r) => {
        expect(share(-a, r) + share(a, r)).toBe(0);
      }),
    );
  });

  it('pins the halves a till meets', () => {
    expect(share(5, 100_000)).toBe(1); // 10% of 5 cents = 0.5 -> 1
    expect(share(4, 125_000)).toBe(1); // 12.5% of 4 = 0.5 -> 1
    expect(share(-5, 100_000)).toBe(-1);
    expect(share(1999, 62_500)).toBe(125); // 6.25% of $19.99 = 124.9375 -> 125
    expect(share(1000, 88_750)).toBe(89); // 8.875% of $10.00 = 88.75 -> 89
    expect(prorate(1001, 1, 2)).toBe(501);
    expect(roundDiv(1, 3)).toBe(0);
    expect(roundDiv(2, 3)).toBe(1);
  });

  it('store percentages become exact ppm, and back', () => {
    expect(ppmOfPercent(8.875)).toBe(88_750);
    expect(ppmOfPercent(6.25)).toBe(62_500);
    expect(() => ppmOfPercent(6.123456)).toThrow(/4 decimals/);
    expect(percentText(88_750)).toBe('8.875%');
    expect(percentText(150_000)).toBe('15%');
    expect(dollars(29214)).toBe('$292.14');
    expect(dollars(-500)).toBe('-$5.00');
  });
});

describe('allocate: spreading an order discount over lines', () => {
  const weights = fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 30 });
  it('the parts add up to the total exactly; none exceeds its weight; a zero weight gets nothing', () => {
    fc.assert(
      fc.property(
        weights.filter((w) => w.some((x) => x > 0)),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (w, f) => {
          const total = Math.floor(w.reduce((a, b) => a + b, 0) * f);
          const parts = allocate(total, w);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
          parts.forEach((p, i) => {
            expect(p).toBeGreaterThanOrEqual(0);
            expect(p).toBeLessThanOrEqual(w[i]!);
            if (w[i] === 0) expect(p).toBe(0);
          });
        },
      ),
    );
  });

  it('is proportional to within a cent', () => {
    fc.assert(
      fc.property(
        weights.filter((w) => w.some((x) => x > 0)),
        fc.integer({ min: 0, max: 1e7 }),
        (w, total) => {
          const sum = w.reduce((a, b) => a + b, 0);
          allocate(total, w).forEach((p, i) => expect(Math.abs(p - (total * w[i]!) / sum)).toBeLessThan(1));
        },
      ),
    );
  });
});
