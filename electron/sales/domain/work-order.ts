import { priceCart, type LineKind, type PricedCart, type TaxRates } from './pricing';

/** A work order line's money as work_order_lines holds it: the price per unit is already the customer's (price level applied when the line was added). */
export interface WorkOrderLineMoney {
  kind: LineKind;
  quantity: number;
  unitPriceCents: number;
  /** The product's taxable flag; labour and fee lines are taxed at their class's rate. */
  taxable: boolean;
}

/**
 * A work order priced as its checkout will price it (no discounts yet): its
 * stored total_cents is this cart's total, the sum of its lines plus their
 * tax. The repository, the demo generator and the checkout all call this.
 */
export function workOrderTotals(lines: readonly WorkOrderLineMoney[], taxRates: TaxRates, taxExempt: boolean): PricedCart {
  return priceCart(
    lines.map((l) => ({
      kind: l.kind,
      productId: null,
      sku: null,
      description: '',
      quantity: l.quantity,
      listUnitCents: l.unitPriceCents,
      taxable: l.kind !== 'part' || l.taxable,
    })),
    { taxRates, taxExempt, priceLevel: null, promotion: null, orderDiscount: null },
  );
}
