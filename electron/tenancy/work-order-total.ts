import { ppmOfPercent, share } from '../../contracts/money';
import type { WorkOrderLineKind } from './models';
import { tenantConfig } from './tenants';

export interface WorkOrderLineMoney {
  kind: WorkOrderLineKind;
  quantity: number;
  unitPriceCents: number;
  /** The product's taxable flag (labour and fee lines are taxed at their class's rate). */
  taxable: boolean;
}

const CLASS = { part: 'parts', labor: 'labor', fee: 'fees' } as const;

/**
 * A work order's total as it is stored: each line's quantity x price plus
 * that line's tax at its class's rate (none when the customer is exempt or
 * the product is not taxable), by the one rounding rule (contracts/money.ts).
 * It is what the order's checkout charges before any discount: the sales
 * domain prices the same lines with priceCart, and a property test keeps the
 * two equal (test/sales/work-order-total.property.test.ts).
 */
export function workOrderTotalCents(tenantId: string, lines: readonly WorkOrderLineMoney[], taxExempt: boolean): number {
  const rates = tenantConfig(tenantId).sales.taxPercent;
  return lines.reduce((total, l) => {
    const net = l.quantity * l.unitPriceCents;
    const taxed = !taxExempt && (l.kind !== 'part' || l.taxable);
    return total + net + (taxed ? share(net, ppmOfPercent(rates[CLASS[l.kind]])) : 0);
  }, 0);
}
