import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { settle, type Tender } from '../../electron/sales/domain/tender';

const tender: fc.Arbitrary<Tender> = fc.oneof(
  fc.record({ method: fc.constant('cash' as const), tenderedCents: fc.integer({ min: 1, max: 100_000 }) }),
  fc.record({ method: fc.constant('card' as const), amountCents: fc.integer({ min: 1, max: 50_000 }) }),
  fc.record({ method: fc.constant('gift_card' as const), code: fc.constant('GC-1'), amountCents: fc.integer({ min: 1, max: 50_000 }) }),
  fc.record({ method: fc.constant('store_credit' as const), amountCents: fc.integer({ min: 1, max: 50_000 }) }),
);

/** Tenders as a clerk would take them: never a second one once the sale is paid, never a card for more than is due. */
function plausible(due: number, offered: Tender[]): Tender[] {
  const out: Tender[] = [];
  let left = due;
  for (const t of offered) {
    if (left === 0) break;
    if (t.method === 'cash') {
      out.push(t);
      left -= Math.min(left, t.tenderedCents);
    } else {
      const amount = Math.min(t.amountCents, left);
      out.push({ ...t, amountCents: amount });
      left -= amount;
    }
  }
  return out;
}

describe('split payments', () => {
  it('payments minus change always equal what was paid; paid never exceeds the total; complete exactly when paid in full', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500_000 }), fc.array(tender, { minLength: 1, maxLength: 6 }), (due, offered) => {
        const s = settle(due, plausible(due, offered));
        const tendered = s.tenders.reduce((a, t) => a + t.tenderedCents, 0);
        expect(tendered - s.changeCents).toBe(s.paidCents);
        expect(s.tenders.reduce((a, t) => a + t.amountCents, 0)).toBe(s.paidCents);
        expect(s.paidCents).toBeLessThanOrEqual(due);
        expect(s.paidCents + s.remainingCents).toBe(due);
        expect(s.complete).toBe(s.paidCents === due);
        for (const t of s.tenders) if (t.method !== 'cash') expect(t.changeCents).toBe(0);
      }),
    );
  });

  it('part cash, part gift card: $25 cash on a $62.40 sale after a $50 gift card gives $12.60 change', () => {
    const s = settle(6240, [
      { method: 'gift_card', code: 'GC', amountCents: 5000 },
      { method: 'cash', tenderedCents: 2500 },
    ]);
    expect(s).toMatchObject({ complete: true, paidCents: 6240, changeCents: 1260 });
  });

  it('refuses a card for more than is due, a payment after the sale is paid, and a card number typed as the reference', () => {
    expect(() => settle(1000, [{ method: 'card', amountCents: 1500 }])).toThrow(/\$15.00 is more than the \$10.00 still due/);
    expect(() =>
      settle(1000, [
        { method: 'cash', tenderedCents: 2000 },
        { method: 'card', amountCents: 1 },
      ]),
    ).toThrow(/already paid in full/);
    expect(() => settle(1000, [{ method: 'card', amountCents: 1000, reference: '4111 1111 1111 1111' }])).toThrow(/card number/);
    expect(settle(1000, [{ method: 'card', amountCents: 1000, reference: 'AUTH 0412Z' }]).complete).toBe(true);
  });
});
