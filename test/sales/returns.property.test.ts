import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { priceCart } from '../../electron/sales/domain/pricing';
import { refundParts, returnLines, type OriginalTender, type SoldLine } from '../../electron/sales/domain/returns';
import { settle, type Tender } from '../../electron/sales/domain/tender';
import { cart, pricingContext } from './arbitraries';

describe('returns never refund more than was paid', () => {
  it('a line returned in any number of steps refunds, in all, exactly what it was paid; every step refunds zero or more', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 0, max: 500_000 }),
        fc.integer({ min: 0, max: 50_000 }),
        fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 1, maxLength: 20 }),
        (quantity, net, tax, steps) => {
          const line: SoldLine = { id: 'l', lineNo: 1, description: 'x', quantity, netCents: net, taxCents: tax, returnedQuantity: 0 };
          let refunded = 0;
          for (const step of steps) {
            const k = Math.min(step, line.quantity - line.returnedQuantity);
            if (k === 0) break;
            const [r] = returnLines([line], [{ lineId: 'l', quantity: k }]);
            expect(r!.netCents).toBeGreaterThanOrEqual(0);
            expect(r!.taxCents).toBeGreaterThanOrEqual(0);
            refunded += r!.totalCents;
            line.returnedQuantity += k;
            expect(refunded).toBeLessThanOrEqual(net + tax);
          }
          if (line.returnedQuantity < quantity) {
            refunded += returnLines([line], [{ lineId: 'l', quantity: quantity - line.returnedQuantity }])[0]!.totalCents;
          }
          expect(refunded).toBe(net + tax);
        },
      ),
    );
  });

  it('a whole sale returned line by line refunds its total, split over its payments without any payment getting back more than it paid', () => {
    fc.assert(
      fc.property(cart, pricingContext, fc.array(fc.constantFrom('cash', 'card', 'gift_card'), { minLength: 1, maxLength: 3 }), (lines, ctx, methods) => {
        const priced = priceCart(lines, ctx);
        if (priced.totalCents === 0) return;
        // Pay in equal parts, the last part by cash.
        const each = Math.floor(priced.totalCents / methods.length);
        const tenders: Tender[] = methods.map((m, i) => {
          const amount = i === methods.length - 1 ? priced.totalCents - each * (methods.length - 1) : each;
          return m === 'cash'
            ? { method: 'cash', tenderedCents: amount }
            : m === 'card'
              ? { method: 'card', amountCents: amount }
              : { method: 'gift_card', code: 'G', amountCents: amount };
        });
        const paid = settle(
          priced.totalCents,
          tenders.filter((t) => (t.method === 'cash' ? t.tenderedCents : t.amountCents) > 0),
        );
        const original: OriginalTender[] = paid.tenders.map((t, i) => ({
          id: `p${i}`,
          method: t.method,
          amountCents: t.amountCents,
          refundedCents: 0,
          giftCardId: null,
          creditAccountId: null,
        }));
        const sold: SoldLine[] = priced.lines.map((l) => ({
          id: `l${l.lineNo}`,
          lineNo: l.lineNo,
          description: '',
          quantity: l.quantity,
          netCents: l.netCents,
          taxCents: l.taxCents,
          returnedQuantity: 0,
        }));
        let refunded = 0;
        for (const l of sold) {
          const r = returnLines(sold, [{ lineId: l.id, quantity: l.quantity }]);
          l.returnedQuantity = l.quantity;
          const amount = r.reduce((a, x) => a + x.totalCents, 0);
          const parts = refundParts(amount, original, 'original', null);
          expect(parts.reduce((a, p) => a + p.amountCents, 0)).toBe(amount);
          for (const p of parts) original.find((o) => o.id === p.originalPaymentId)!.refundedCents += p.amountCents;
          refunded += amount;
        }
        expect(refunded).toBe(priced.totalCents);
        for (const o of original) expect(o.refundedCents).toBeLessThanOrEqual(o.amountCents);
      }),
    );
  });

  it('refuses more units than are left, a line not on the sale, and a refund larger than what is left paid', () => {
    const line: SoldLine = { id: 'l', lineNo: 1, description: 'Brake pads', quantity: 2, netCents: 4000, taxCents: 250, returnedQuantity: 1 };
    expect(() => returnLines([line], [{ lineId: 'l', quantity: 2 }])).toThrow(/only 1 of 2 can still come back/);
    expect(() => returnLines([line], [{ lineId: 'other', quantity: 1 }])).toThrow(/not on this sale/);
    expect(() =>
      refundParts(500, [{ id: 'p', method: 'cash', amountCents: 400, refundedCents: 0, giftCardId: null, creditAccountId: null }], 'original', null),
    ).toThrow(/more than the sale still has paid/);
  });
});
