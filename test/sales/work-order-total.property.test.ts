import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { workOrderTotals } from '../../electron/sales/domain/work-order';
import { salesRules } from '../../electron/sales/settings';
import { workOrderTotalCents } from '../../electron/tenancy/work-order-total';

const line = fc.record({
  kind: fc.constantFrom('part' as const, 'labor' as const, 'fee' as const),
  quantity: fc.integer({ min: 1, max: 20 }),
  unitPriceCents: fc.integer({ min: 0, max: 200_000 }),
  taxable: fc.boolean(),
});

describe("a work order's stored total is what its checkout charges", () => {
  it.each(['caps-automotive', 'northside-tires'])('%s: the repository total equals the priced cart total, for any lines and exemption', (tenant) => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 15 }), fc.boolean(), (lines, exempt) => {
        const cart = lines.length ? workOrderTotals(lines, salesRules(tenant).taxRates, exempt).totalCents : 0;
        expect(workOrderTotalCents(tenant, lines, exempt)).toBe(cart);
      }),
    );
  });
});
