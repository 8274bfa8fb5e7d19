import fc from 'fast-check';
import type { CartLine, Discount, PricingContext } from '../../electron/sales/domain/pricing';
import type { Promotion } from '../../electron/sales/domain/promotions';

/** Generators for the money properties: carts as a till meets them, and the edges (zero prices, 100% off, huge quantities). */

export const discount: fc.Arbitrary<Discount> = fc.oneof(
  fc.record({ percentBp: fc.integer({ min: 0, max: 10_000 }) }),
  fc.record({ amountCents: fc.integer({ min: 0, max: 200_000 }) }),
);

export const cartLine: fc.Arbitrary<CartLine> = fc.record({
  kind: fc.constantFrom('part', 'part', 'labor', 'fee'),
  productId: fc.constant(null),
  sku: fc.constant(null),
  description: fc.constant('item'),
  quantity: fc.oneof(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 400 })),
  listUnitCents: fc.oneof(fc.integer({ min: 0, max: 5_000 }), fc.integer({ min: 0, max: 90_000 })),
  taxable: fc.boolean(),
  discount: fc.option(discount, { nil: null }),
  technicianId: fc.option(fc.constantFrom('tech-a', 'tech-b'), { nil: null }),
}) as fc.Arbitrary<CartLine>;

export const promotion: fc.Arbitrary<Promotion> = fc.record({
  id: fc.constant('promo'),
  code: fc.constant('PROMO'),
  name: fc.constant('Promo'),
  kind: fc.constantFrom('percent', 'amount', 'bogo'),
  value: fc.integer({ min: 0, max: 100 }),
  starts_at: fc.constant('2020-01-01T00:00:00.000Z'),
  ends_at: fc.constant(null),
  max_uses: fc.constant(null),
  active: fc.constant(1),
}) as fc.Arbitrary<Promotion>;

/** Tax rates up to 15%, with 4 decimals of a percent (e.g. 8.875%). */
const rate = fc.integer({ min: 0, max: 150_000 });

export const pricingContext: fc.Arbitrary<PricingContext> = fc.record({
  taxRates: fc.record({ parts: rate, labor: rate, fees: rate }),
  taxExempt: fc.boolean(),
  priceLevel: fc.option(fc.record({ id: fc.constant('lvl'), name: fc.constant('Fleet'), discountBp: fc.integer({ min: 0, max: 10_000 }) }), { nil: null }),
  promotion: fc.option(promotion, { nil: null }),
  orderDiscount: fc.option(discount, { nil: null }),
});

export const cart = fc.array(cartLine, { minLength: 1, maxLength: 12 });
