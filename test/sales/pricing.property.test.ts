import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { discountsOverLimit } from '../../electron/sales/domain/approvals';
import { PPM } from '../../contracts/money';
import { priceCart, summarise, type CartLine, type PricingContext } from '../../electron/sales/domain/pricing';
import { cart, pricingContext } from './arbitraries';

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const noDiscounts = (ctx: PricingContext): PricingContext => ({ ...ctx, promotion: null, orderDiscount: null });

describe('pricing a cart: every total is the sum of its lines', () => {
  it('total = sum of line totals = subtotal - discounts + tax; each figure is the sum of the lines', () => {
    fc.assert(
      fc.property(cart, pricingContext, (lines, ctx) => {
        const p = priceCart(lines, ctx);
        expect(p.totalCents).toBe(sum(p.lines.map((l) => l.totalCents)));
        expect(p.subtotalCents).toBe(sum(p.lines.map((l) => l.grossCents)));
        expect(p.taxCents).toBe(sum(p.lines.map((l) => l.taxCents)));
        expect(p.discountCents).toBe(p.lineDiscountCents + p.promotionDiscountCents + p.orderDiscountCents);
        expect(p.totalCents).toBe(p.subtotalCents - p.discountCents + p.taxCents);
        expect(sum(p.taxByClass.map((c) => c.taxCents))).toBe(p.taxCents);
        expect(summarise(p.lines)).toMatchObject({ totalCents: p.totalCents, taxCents: p.taxCents, discountCents: p.discountCents });
      }),
    );
  });

  it('per line: gross = unit x quantity, 0 <= net <= gross, net = gross - its discounts, total = net + tax', () => {
    fc.assert(
      fc.property(cart, pricingContext, (lines, ctx) => {
        for (const l of priceCart(lines, ctx).lines) {
          expect(l.grossCents).toBe(l.unitPriceCents * l.quantity);
          expect(l.netCents).toBeGreaterThanOrEqual(0);
          expect(l.netCents).toBeLessThanOrEqual(l.grossCents);
          expect(l.netCents).toBe(l.grossCents - l.lineDiscountCents - l.promotionDiscountCents - l.orderDiscountCents);
          expect(l.discountCents).toBe(l.lineDiscountCents + l.promotionDiscountCents + l.orderDiscountCents);
          expect(l.totalCents).toBe(l.netCents + l.taxCents);
          expect(l.unitPriceCents).toBeLessThanOrEqual(l.listUnitCents);
        }
      }),
    );
  });

  it("tax is the line's class rate of its net amount, rounded once to the nearest cent (halves up); none when exempt or not taxable", () => {
    fc.assert(
      fc.property(cart, pricingContext, (lines, ctx) => {
        for (const l of priceCart(lines, ctx).lines) {
          const expectedRate = ctx.taxExempt || !l.taxable ? 0 : ctx.taxRates[l.taxClass];
          expect(l.taxRatePpm).toBe(expectedRate);
          // |tax - net * rate| <= 1/2 cent, and exactly 1/2 only rounds up.
          const diff = l.taxCents * PPM - l.netCents * expectedRate;
          expect(diff > -PPM / 2 && diff <= PPM / 2).toBe(true);
        }
      }),
    );
  });

  it('an amount off the order takes exactly that amount when the order is at least that much', () => {
    fc.assert(
      fc.property(cart, pricingContext, fc.integer({ min: 0, max: 100_000 }), (lines, ctx, amount) => {
        const before = priceCart(lines, noDiscounts(ctx));
        const base = before.subtotalCents - before.lineDiscountCents;
        const after = priceCart(lines, { ...noDiscounts(ctx), orderDiscount: { amountCents: amount } });
        expect(after.orderDiscountCents).toBe(Math.min(amount, base));
      }),
    );
  });

  it('discounts never raise a total, and 100% off the order leaves nothing to pay', () => {
    fc.assert(
      fc.property(cart, pricingContext, (lines, ctx) => {
        const plain = priceCart(
          lines.map((l) => ({ ...l, discount: null })),
          { ...noDiscounts(ctx), priceLevel: null },
        );
        expect(priceCart(lines, ctx).totalCents).toBeLessThanOrEqual(plain.totalCents);
        expect(priceCart(lines, { ...ctx, orderDiscount: { percentBp: 10_000 } }).totalCents).toBe(0);
      }),
    );
  });

  it('the clerk discounts over the limit are exactly those above the percentage', () => {
    fc.assert(
      fc.property(cart, pricingContext, fc.integer({ min: 0, max: PPM }), (lines, ctx, limit) => {
        const p = priceCart(lines, ctx);
        const over = discountsOverLimit(p, limit);
        const expected = p.lines.filter((l) => l.lineDiscountCents > 0 && l.lineDiscountCents / l.grossCents > limit / PPM + 1e-12).length;
        expect(over.filter((o) => o.startsWith('line')).length).toBe(expected);
      }),
    );
  });
});

describe('pricing, by example (a till a person can check with a calculator)', () => {
  const rates = { parts: 62_500, labor: 0, fees: 62_500 };
  const line = (over: Partial<CartLine>): CartLine => ({
    kind: 'part',
    productId: null,
    sku: null,
    description: 'x',
    quantity: 1,
    listUnitCents: 1000,
    taxable: true,
    ...over,
  });
  const ctx = (over: Partial<PricingContext> = {}): PricingContext => ({
    taxRates: rates,
    taxExempt: false,
    priceLevel: null,
    promotion: null,
    orderDiscount: null,
    ...over,
  });

  it('two brake pads at $19.99 and an hour of labour at $120: parts taxed at 6.25%, labour not', () => {
    const p = priceCart([line({ quantity: 2, listUnitCents: 1999 }), line({ kind: 'labor', listUnitCents: 12_000 })], ctx());
    expect(p.subtotalCents).toBe(3998 + 12_000);
    expect(p.lines[0]!.taxCents).toBe(250); // 6.25% of 39.98 = 2.49875 -> 2.50
    expect(p.lines[1]!.taxCents).toBe(0);
    expect(p.totalCents).toBe(16_248);
  });

  it('a Fleet price level of 10% prices each part from its list price; labour keeps its rate', () => {
    const p = priceCart(
      [line({ listUnitCents: 1999 }), line({ kind: 'labor', listUnitCents: 12_000 })],
      ctx({ priceLevel: { id: 'f', name: 'Fleet', discountBp: 1000 } }),
    );
    expect(p.lines[0]!.unitPriceCents).toBe(1799); // 19.99 - 2.00 (1.999 -> 2.00)
    expect(p.lines[1]!.unitPriceCents).toBe(12_000);
  });

  it('$10 off an order of $30 + $10 spreads as $7.50 and $2.50', () => {
    const p = priceCart([line({ listUnitCents: 3000 }), line({ listUnitCents: 1000 })], ctx({ orderDiscount: { amountCents: 1000 } }));
    expect(p.lines.map((l) => l.orderDiscountCents)).toEqual([750, 250]);
  });

  it('buy one, get one 50% off: 3 units at $10 take $5 off (one second unit)', () => {
    const promotion = {
      id: 'p',
      code: 'BOGO',
      name: 'B',
      kind: 'bogo' as const,
      value: 50,
      starts_at: '2020-01-01',
      ends_at: null,
      max_uses: null,
      active: 1 as const,
    };
    const p = priceCart([line({ quantity: 3 })], ctx({ promotion }));
    expect(p.promotionDiscountCents).toBe(500);
  });

  it('refuses a sale above $10,000,000.00 (every amount then stays exact in integer arithmetic)', () => {
    expect(() => priceCart([line({ quantity: 10_000, listUnitCents: 100_001 })], ctx())).toThrow(/\$10,000,100.00 is more than one sale can hold/);
    expect(() => priceCart([line({ quantity: 10_000, listUnitCents: 99_999 })], ctx({ taxRates: { parts: 100_000, labor: 0, fees: 0 } }))).toThrow(
      /more than one sale/,
    );
  });

  it('refuses a quantity of zero, a negative price and a discount over 100%, each naming its line', () => {
    expect(() => priceCart([line({ quantity: 0 })], ctx())).toThrow(/line 1: a quantity of 0/);
    expect(() => priceCart([line({}), line({ listUnitCents: -1 })], ctx())).toThrow(/line 2: a price/);
    expect(() => priceCart([line({ discount: { percentBp: 10_001 } })], ctx())).toThrow(/100.01%/);
  });
});
