import type { Repositories } from '../tenancy/repositories';
import { RecordNotFoundError } from '../tenancy/errors';
import type { WorkOrderDetail, WorkOrderStatus } from '../tenancy/models';
import { currentTenantId } from '../tenancy/context';
import { depositsOf, quote } from './checkout';
import { labourLine } from './domain/labour';
import { unitPrice } from './domain/pricing';
import { SaleRuleError } from './errors';
import { salesRules } from './settings';
import type { WorkOrderSearch, WorkOrderView } from './types';

/** The statuses a clerk moves an order through; 'invoiced' only comes from its checkout. */
export const CLERK_STATUSES = ['open', 'in_progress', 'waiting_parts', 'completed', 'cancelled'] as const satisfies readonly WorkOrderStatus[];

function orderOf(r: Repositories, id: string): WorkOrderDetail {
  const wo = r.workOrders.byId(id);
  if (!wo) throw new RecordNotFoundError('work order', id);
  return wo;
}

export function workOrderView(r: Repositories, wo: WorkOrderDetail): WorkOrderView {
  const deposits = depositsOf(r, wo.order.id);
  const sales = r.sales.forWorkOrder(wo.order.id).filter((s) => s.kind === 'sale');
  const hasLines = wo.lines.length > 0 && wo.order.status !== 'invoiced' && wo.order.status !== 'cancelled';
  const emptyQuote = {
    cart: {
      lines: [],
      subtotalCents: 0,
      lineDiscountCents: 0,
      promotionDiscountCents: 0,
      orderDiscountCents: 0,
      discountCents: 0,
      taxCents: 0,
      totalCents: wo.order.total_cents,
      taxByClass: [],
      promotion: null,
      priceLevel: null,
    },
    depositCents: deposits.cents,
    dueCents: 0,
    needsApproval: [],
    storeCreditCents: null,
    customerName: wo.order.customer_name,
    priceLevelName: null,
  };
  return {
    detail: wo,
    depositCents: deposits.cents,
    deposits: deposits.sales,
    sales,
    quote: hasLines ? quote(r, { customerId: null, workOrderId: wo.order.id, lines: [], orderDiscount: null, promotionCode: null }) : emptyQuote,
  };
}

export function workOrderByNumber(r: Repositories, number: string): WorkOrderView | null {
  const wo = r.workOrders.byNumber(number.trim().toUpperCase());
  return wo ? workOrderView(r, wo) : null;
}

/** Search by work order number, licence plate or customer (last name or phone). */
export function searchWorkOrders(r: Repositories, query: string): WorkOrderSearch {
  const q = query.trim();
  if (!q) return { orders: [], vehicles: [], customers: [] };
  const byNumber = /^WO-?\d+$/i.test(q) ? r.workOrders.byNumber(q.toUpperCase().replace(/^WO-?/, 'WO-')) : undefined;
  const vehicles = r.customers.vehiclesByPlate(q, 10).map((v) => {
    const c = r.customers.byId(v.customer_id);
    return { ...v, customer_name: c ? `${c.first_name} ${c.last_name}` : null };
  });
  const customers = byNumber ? [] : r.customers.search(q, 10);
  const orders = [
    ...(byNumber ? [byNumber.order] : []),
    ...vehicles.flatMap((v) => r.workOrders.forVehicle(v.id, 10)),
    ...customers.flatMap((c) => r.workOrders.forCustomer(c.id, 5)),
  ];
  const seen = new Set<string>();
  return { orders: orders.filter((o) => !seen.has(o.id) && seen.add(o.id)).slice(0, 40), vehicles, customers };
}

export function openWorkOrder(
  r: Repositories,
  input: { customerId: string; vehicleId: string | null; technicianId: string | null; description: string; odometer: number | null },
): WorkOrderView {
  return workOrderView(r, r.workOrders.create({ ...input, lines: [] }));
}

/** A part on the order at the customer's price (their price level applied now, so the order's total is what checkout charges). */
export function addPartToWorkOrder(r: Repositories, input: { workOrderId: string; productId: string; quantity: number }): WorkOrderView {
  return r.transaction(() => {
    const wo = orderOf(r, input.workOrderId);
    const product = r.products.byId(input.productId);
    if (!product) throw new RecordNotFoundError('product', input.productId);
    const customer = r.customers.byId(wo.order.customer_id);
    const level = customer?.price_level_id ? r.selling.priceLevel(customer.price_level_id) : undefined;
    const unit = unitPrice(
      { kind: 'part', listUnitCents: product.price_cents },
      level ? { id: level.id, name: level.name, discountBp: level.discount_bp } : null,
    );
    const after = r.workOrders.addLine(wo.order.id, {
      kind: 'part',
      productId: product.id,
      description: product.name,
      quantity: input.quantity,
      unitPriceCents: unit,
      technicianId: wo.order.technician_id,
    });
    return workOrderView(r, after);
  });
}

export function addLabourToWorkOrder(
  r: Repositories,
  input: { workOrderId: string; rateId: string; tenths: number; description: string; technicianId: string | null },
): WorkOrderView {
  const rate = salesRules(currentTenantId()).labourRates.find((x) => x.id === input.rateId);
  if (!rate) throw new SaleRuleError(`there is no labour rate '${input.rateId}'`, 'Choose one of the store\u2019s labour rates');
  const { description, unitCents } = labourLine(rate, input.tenths, input.description);
  const wo = orderOf(r, input.workOrderId);
  return workOrderView(
    r,
    r.workOrders.addLine(wo.order.id, {
      kind: 'labor',
      description,
      quantity: 1,
      unitPriceCents: unitCents,
      technicianId: input.technicianId ?? wo.order.technician_id,
    }),
  );
}

export function removeWorkOrderLine(r: Repositories, input: { workOrderId: string; lineId: string }): WorkOrderView {
  const wo = orderOf(r, input.workOrderId);
  if (!wo.lines.some((l) => l.id === input.lineId)) throw new RecordNotFoundError('work order line', input.lineId);
  if (wo.order.status === 'invoiced') throw new SaleRuleError(`work order ${wo.order.number} is invoiced`, 'Return the items on its sale instead');
  r.workOrders.removeLine(input.lineId);
  return workOrderView(r, orderOf(r, wo.order.id));
}

export function setWorkOrderStatus(r: Repositories, input: { workOrderId: string; status: (typeof CLERK_STATUSES)[number] }): WorkOrderView {
  const wo = orderOf(r, input.workOrderId);
  if (wo.order.status === 'invoiced') throw new SaleRuleError(`work order ${wo.order.number} is invoiced (paid)`, 'A paid order keeps its status');
  if (input.status === 'cancelled' && depositsOf(r, wo.order.id).cents > 0)
    throw new SaleRuleError(`work order ${wo.order.number} holds a deposit`, 'Refund the deposit first (Returns, by the deposit receipt)');
  return workOrderView(r, r.workOrders.setStatus(wo.order.id, input.status));
}
