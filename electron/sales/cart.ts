import type { Repositories } from '../tenancy/repositories';
import type { Customer, ProductSummary, WorkOrderDetail } from '../tenancy/models';
import { currentTenantId } from '../tenancy/context';
import { RecordNotFoundError } from '../tenancy/errors';
import { SaleRuleError } from './errors';
import { labourLine } from './domain/labour';
import { priceCart, type CartLine, type PriceLevel, type PricedCart } from './domain/pricing';
import { requireUsable, type Promotion } from './domain/promotions';
import { salesRules, type StoreSalesRules } from './settings';
import type { CartInput } from './types';

/**
 * A cart as the page describes it (product ids, quantities, labour hours,
 * discounts, a promotion code), priced from the store's own data: the
 * product's price and taxable flag, the customer's price level and
 * exemption, the promotion as stored, the store's tax rates and labour
 * rates. The page never sends a price it could have changed.
 */
export interface BuiltCart {
  priced: PricedCart;
  rules: StoreSalesRules;
  customer: Customer | null;
  workOrder: WorkOrderDetail | null;
  products: Map<string, ProductSummary>;
}

export function buildCart(r: Repositories, input: CartInput): BuiltCart {
  const customer = input.customerId ? (r.customers.byId(input.customerId) ?? null) : null;
  if (input.customerId && !customer) throw new RecordNotFoundError('customer', input.customerId);
  const workOrder = input.workOrderId ? (r.workOrders.byId(input.workOrderId) ?? null) : null;
  if (input.workOrderId && !workOrder) throw new RecordNotFoundError('work order', input.workOrderId);
  if (workOrder && customer && workOrder.order.customer_id !== customer.id)
    throw new SaleRuleError(`work order ${workOrder.order.number} is for another customer`, 'Check out the order for its own customer');
  const buyer = customer ?? (workOrder ? (r.customers.byId(workOrder.order.customer_id) ?? null) : null);
  const rules = salesRules(currentTenantId());

  const products = new Map<string, ProductSummary>();
  const lines: CartLine[] = [];
  if (workOrder) {
    if (input.lines.length > 0)
      throw new SaleRuleError('a work order is checked out with its own lines', 'Add parts and labour to the work order, then check it out');
    if (workOrder.order.status === 'invoiced' || workOrder.order.status === 'cancelled')
      throw new SaleRuleError(`work order ${workOrder.order.number} is ${workOrder.order.status}`, 'Only an open or completed order can be checked out');
    if (workOrder.lines.length === 0) throw new SaleRuleError(`work order ${workOrder.order.number} has no lines`, 'Add parts or labour first');
    for (const l of workOrder.lines) {
      const product = l.product_id ? r.products.byId(l.product_id) : undefined;
      if (product) products.set(product.id, product);
      lines.push({
        kind: l.kind,
        productId: l.product_id,
        sku: l.sku,
        description: l.description,
        quantity: l.quantity,
        // The order's prices already carry the customer's level: checkout charges what the order says.
        listUnitCents: l.unit_price_cents,
        taxable: l.kind !== 'part' || (product?.taxable ?? 1) === 1,
        technicianId: l.technician_id ?? workOrder.order.technician_id,
      });
    }
  } else {
    for (const [i, l] of input.lines.entries()) {
      if (l.kind === 'part') {
        const product = products.get(l.productId) ?? r.products.byId(l.productId);
        if (!product) throw new RecordNotFoundError('product', l.productId);
        if (product.active !== 1) throw new SaleRuleError(`${product.sku} (${product.name}) is no longer sold`, 'Remove it from the sale');
        products.set(product.id, product);
        lines.push({
          kind: 'part',
          productId: product.id,
          sku: product.sku,
          description: product.name,
          quantity: l.quantity,
          listUnitCents: product.price_cents,
          taxable: product.taxable === 1,
          discount: l.discount ?? null,
        });
      } else if (l.kind === 'labor') {
        const rate = rules.labourRates.find((x) => x.id === l.rateId);
        if (!rate)
          throw new SaleRuleError(`line ${i + 1}: there is no labour rate '${l.rateId}'`, `Use one of: ${rules.labourRates.map((x) => x.name).join(', ')}`);
        const { description, unitCents } = labourLine(rate, l.tenths, l.description);
        lines.push({
          kind: 'labor',
          productId: null,
          sku: null,
          description,
          quantity: 1,
          listUnitCents: unitCents,
          taxable: true,
          discount: l.discount ?? null,
          technicianId: l.technicianId ?? null,
        });
      } else {
        lines.push({
          kind: 'fee',
          productId: null,
          sku: null,
          description: l.description,
          quantity: l.quantity,
          listUnitCents: l.unitCents,
          taxable: true,
          discount: l.discount ?? null,
        });
      }
    }
  }
  if (lines.length === 0) throw new SaleRuleError('the sale has no items', 'Scan or look up an item first');

  const level = buyer?.price_level_id && !workOrder ? r.selling.priceLevel(buyer.price_level_id) : undefined;
  const priceLevel: PriceLevel | null = level ? { id: level.id, name: level.name, discountBp: level.discount_bp } : null;
  let promotion: Promotion | null = null;
  if (input.promotionCode) {
    const row = r.selling.promotionByCode(input.promotionCode.trim().toUpperCase());
    if (!row) throw new SaleRuleError(`there is no promotion ${input.promotionCode.trim().toUpperCase()} in this store`, 'Check the code, or remove it');
    requireUsable(row, r.now().toISOString(), r.selling.promotionUses(row.id));
    promotion = row;
  }
  const priced = priceCart(lines, { taxRates: rules.taxRates, taxExempt: buyer?.tax_exempt === 1, priceLevel, promotion, orderDiscount: input.orderDiscount });
  return { priced, rules, customer: buyer, workOrder, products };
}
