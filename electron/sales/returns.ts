import type { ResolvedSession } from '../tenancy/auth';
import { RecordNotFoundError } from '../tenancy/errors';
import type { Repositories } from '../tenancy/repositories';
import { NO_EFFECTS, type SaleDetail, type SaleEffects, type SaleLineRow, type SalePaymentRow } from '../tenancy/repositories/sales';
import { requireApproval } from './approval';
import { newSaleIdentity, requireOpenShift, storeCreditOf } from './checkout';
import { dollars } from '../../contracts/money';
import { loyaltyPointsBack } from './domain/rewards';
import { refundParts, returnLines, type OriginalTender, type RefundPart, type SoldLine } from './domain/returns';
import { SaleRuleError } from './errors';
import { receiptView } from './receipt';
import { salesRules } from './settings';
import { saleView } from './views';
import { currentTenantId } from '../tenancy/context';
import type { ApprovalInput, ReturnableSale, SaleView } from './types';

export interface ReturnInput {
  saleNumber: string;
  lines: { lineId: string; quantity: number }[];
  refundTo: 'original' | 'store_credit';
  approval?: ApprovalInput | null;
}

function originalSale(r: Repositories, number: string): SaleDetail {
  const d = r.sales.byNumber(number.trim().toUpperCase());
  if (!d) throw new RecordNotFoundError('receipt', number.trim().toUpperCase());
  if (d.sale.kind === 'return') throw new SaleRuleError(`receipt ${d.sale.number} is a return`, 'Scan the receipt of the sale itself');
  if (d.sale.kind === 'deposit' && d.sale.work_order_id && r.workOrders.byId(d.sale.work_order_id)?.order.status === 'invoiced')
    throw new SaleRuleError(`deposit ${d.sale.number} was applied when its work order was paid`, 'Return the items on the work order\u2019s sale instead');
  if (d.sale.status !== 'completed')
    throw new SaleRuleError(
      `sale ${d.sale.number} is ${d.sale.status === 'layaway' ? 'on layaway' : d.sale.status}`,
      d.sale.status === 'layaway' ? 'Void the layaway instead' : 'Nothing is left to return',
    );
  return d;
}

function soldLines(r: Repositories, d: SaleDetail): SoldLine[] {
  const returned = r.sales.returnedQuantities(d.sale.id);
  return d.lines.map((l) => ({
    id: l.id,
    lineNo: l.line_no,
    description: l.description,
    quantity: l.quantity,
    netCents: l.net_cents,
    taxCents: l.tax_cents,
    returnedQuantity: returned.get(l.id) ?? 0,
  }));
}

/** A sale looked up for a return (by receipt number, typed or scanned): its lines and how many of each can still come back. */
export function returnable(r: Repositories, number: string): ReturnableSale {
  const d = originalSale(r, number);
  const sold = soldLines(r, d);
  const customer = d.sale.customer_id ? r.customers.byId(d.sale.customer_id) : undefined;
  return {
    sale: d.sale,
    receipt: receiptView(d, {
      tenantId: currentTenantId(),
      cashier: r.users.byId(d.sale.user_id)?.display_name ?? 'unknown',
      customer: customer ? `${customer.first_name} ${customer.last_name}` : null,
      reference: null,
      promotion: null,
    }),
    lines: d.lines.map((l, i) => ({
      id: l.id,
      lineNo: l.line_no,
      description: l.description,
      sku: l.sku,
      quantity: l.quantity,
      returned: sold[i]!.returnedQuantity,
      netCents: l.net_cents,
      taxCents: l.tax_cents,
    })),
    canTakeStoreCredit: d.sale.customer_id !== null,
  };
}

/** The payments of a sale as the refund rule sees them: what each paid, and what has been given back on it. */
export function originalTenders(r: Repositories, d: SaleDetail): OriginalTender[] {
  const refunded = r.sales.refundedPayments(d.sale.id);
  return d.payments
    .filter((p) => p.direction === 'in')
    .map((p) => ({
      id: p.id,
      method: p.method,
      amountCents: p.amount_cents,
      refundedCents: refunded.get(p.id) ?? 0,
      giftCardId: p.gift_card_id,
      creditAccountId: p.credit_account_id,
    }));
}

/** Refund parts as payment rows (direction out), and the store credit they give (gift card refunds follow from the rows). */
export function refundRows(r: Repositories, parts: RefundPart[], customerId: string | null): { payments: SalePaymentRow[]; credit: SaleEffects['credit'] } {
  const payments: SalePaymentRow[] = parts.map((p) => ({
    id: r.newId(),
    method: p.method,
    direction: 'out',
    amountCents: p.amountCents,
    tenderedCents: p.amountCents,
    changeCents: 0,
    giftCardId: p.method === 'gift_card' ? p.giftCardId : null,
    creditAccountId: p.method === 'store_credit' ? p.creditAccountId : null,
    originalPaymentId: p.originalPaymentId,
    reference: null,
  }));
  const credit = parts
    .filter((p) => p.method === 'store_credit')
    .map((p) => ({ accountId: p.creditAccountId, customerId: customerId!, amountCents: -p.amountCents }));
  return { payments, credit };
}

/**
 * A return against an original sale, in one transaction: a return document
 * (its lines point at the sale's lines, prorated so nothing refunds more than
 * was paid), the refund to the original payments or as store credit, stock
 * back in, loyalty points taken back. Nothing of the original is changed or deleted.
 */
export function returnItems(r: Repositories, session: ResolvedSession, input: ReturnInput): SaleView {
  return r.transaction(() => {
    const shift = requireOpenShift(r);
    const d = originalSale(r, input.saleNumber);
    const rules = salesRules(currentTenantId());
    const back = returnLines(soldLines(r, d), input.lines);
    const refund = back.reduce((a, b) => a + b.totalCents, 0);
    const approvedBy = requireApproval(
      r,
      session,
      input.approval,
      refund > rules.limits.refundApprovalAboveCents
        ? { reason: 'refund', detail: `A refund of ${dollars(refund)} is above the ${dollars(rules.limits.refundApprovalAboveCents)} a clerk may give` }
        : null,
    );
    const customer = d.sale.customer_id ? (r.customers.byId(d.sale.customer_id) ?? null) : null;
    if (input.refundTo === 'store_credit' && !customer)
      throw new SaleRuleError('store credit is kept for a customer, and this sale has none', 'Refund to the original payment instead');
    const credit = input.refundTo === 'store_credit' ? storeCreditOf(r, customer) : null;
    const parts = refundParts(refund, originalTenders(r, d), input.refundTo, credit?.accountId ?? null);
    const { payments, credit: creditMoves } = refundRows(r, parts, customer?.id ?? null);
    const giftCodes = new Map(d.payments.filter((p) => p.gift_card_id).map((p) => [p.gift_card_id!, p.gift_card_code ?? '']));
    const loyalty = customer ? r.loyalty.forCustomer(customer.id) : undefined;
    const points = loyalty
      ? loyaltyPointsBack(
          back.reduce((a, b) => a + b.netCents, 0),
          rules.loyaltyPointsPerDollar,
          loyalty.points_balance,
        )
      : 0;
    const byId = new Map(d.lines.map((l) => [l.id, l]));
    const effects: SaleEffects = {
      ...NO_EFFECTS,
      stock: back
        .map((b) => byId.get(b.line.id)!)
        .filter((l) => l.kind === 'part' && l.product_id)
        .map((l) => ({ productId: l.product_id!, quantity: back.find((b) => b.line.id === l.id)!.quantity, kind: 'return' as const, unitCostCents: null })),
      giftCards: payments
        .filter((p) => p.method === 'gift_card')
        .map((p) => ({ giftCardId: p.giftCardId!, code: giftCodes.get(p.giftCardId!) ?? '', amountCents: p.amountCents })),
      credit: creditMoves,
      loyalty: loyalty && points > 0 ? [{ accountId: loyalty.id, points: -points }] : [],
    };
    const lines: SaleLineRow[] = back.map((b, i) => {
      const o = byId.get(b.line.id)!;
      return {
        id: r.newId(),
        lineNo: i + 1,
        kind: o.kind,
        productId: o.product_id,
        originalLineId: o.id,
        sku: o.sku,
        description: o.description,
        quantity: b.quantity,
        listUnitCents: o.list_unit_cents,
        unitPriceCents: o.unit_price_cents,
        // A returned line is refunded as it was paid: its amount is its share of what the line cost after every discount.
        grossCents: b.netCents,
        lineDiscountCents: 0,
        promotionDiscountCents: 0,
        orderDiscountCents: 0,
        netCents: b.netCents,
        taxRatePpm: o.tax_rate_ppm,
        taxCents: b.taxCents,
        totalCents: b.totalCents,
        technicianId: o.technician_id,
      };
    });
    const at = r.now();
    const { id, number } = newSaleIdentity(r, at);
    const subtotal = lines.reduce((a, l) => a + l.netCents, 0);
    const tax = lines.reduce((a, l) => a + l.taxCents, 0);
    const detail = r.sales.record({
      sale: {
        id,
        number,
        kind: 'return',
        status: 'completed',
        originalSaleId: d.sale.id,
        customerId: customer?.id ?? null,
        workOrderId: d.sale.work_order_id,
        shiftId: shift.id,
        approvedBy,
        priceLevelId: null,
        promotionId: null,
        subtotalCents: subtotal,
        lineDiscountCents: 0,
        promotionDiscountCents: 0,
        orderDiscountCents: 0,
        taxCents: tax,
        totalCents: subtotal + tax,
        paidCents: subtotal + tax,
        changeCents: 0,
        note: null,
        createdAt: at.toISOString(),
        completedAt: at.toISOString(),
      },
      lines,
      payments,
      effects,
      layaway: null,
    });
    const where = parts.map(
      (p) =>
        `${dollars(p.amountCents)} ${p.method === 'store_credit' ? 'as store credit' : p.method === 'gift_card' ? 'back on the gift card' : p.method === 'card' ? 'back to the card (on the terminal)' : 'in cash'}`,
    );
    return saleView(r, detail, `Refunded ${dollars(refund)}: ${where.join(', ')}.${points > 0 ? ` ${points} loyalty points taken back.` : ''}`);
  });
}
