import type { ResolvedSession } from '../tenancy/auth';
import { RecordNotFoundError } from '../tenancy/errors';
import type { Customer, Sale, Shift } from '../tenancy/models';
import type { Repositories } from '../tenancy/repositories';
import { NO_EFFECTS, type SaleDetail, type SaleEffects, type SaleLineRow, type SalePaymentRow, type SaleRow } from '../tenancy/repositories/sales';
import { requireApproval } from './approval';
import { buildCart, type BuiltCart } from './cart';
import { discountsOverLimit } from './domain/approvals';
import { requireDeposit } from './domain/layaway';
import { dollars, percentText } from '../../contracts/money';
import type { PricedCart, PricedLine } from './domain/pricing';
import { commissions, loyaltyPoints } from './domain/rewards';
import { settle, type Settlement, type Tender } from './domain/tender';
import { SaleRuleError } from './errors';
import { saleNumber } from './numbers';
import { saleView } from './views';
import type { ApprovalInput, CartInput, Quote, SaleView, TenderInput } from './types';

export interface CheckoutInput {
  cart: CartInput;
  tenders: TenderInput[];
  approval?: ApprovalInput | null;
  /** Put the sale on a layaway with the tenders as its deposit (a customer's sale only, not a work order). */
  layaway?: { dueDate: string | null } | null;
  note?: string | null;
}

export function requireOpenShift(r: Repositories): Shift {
  const shift = r.shifts.current();
  if (!shift) throw new SaleRuleError('no shift is open on this till', 'Open a shift with the cash float first (Shift tab)');
  return shift;
}

/** What the customer can still spend as store credit: limit less what they owe; null without an active account. */
export function storeCreditOf(r: Repositories, customer: Customer | null): { accountId: string; availableCents: number } | null {
  if (!customer) return null;
  const account = r.selling.creditAccountOf(customer.id);
  if (!account || account.status !== 'active') return null;
  return { accountId: account.id, availableCents: Math.max(0, account.credit_limit_cents - account.balance_cents) };
}

/** Deposits taken on a work order and not given back. */
export function depositsOf(r: Repositories, workOrderId: string): { cents: number; sales: Sale[] } {
  const deposits = r.sales.forWorkOrder(workOrderId).filter((s) => s.kind === 'deposit' && s.status === 'completed');
  const refunded = deposits.flatMap((d) => r.sales.returnsOf(d.id)).reduce((a, s) => a + s.total_cents, 0);
  return { cents: deposits.reduce((a, s) => a + s.total_cents, 0) - refunded, sales: deposits };
}

export function quote(r: Repositories, input: CartInput): Quote {
  const built = buildCart(r, input);
  const deposit = built.workOrder ? depositsOf(r, built.workOrder.order.id).cents : 0;
  return {
    cart: built.priced,
    depositCents: deposit,
    dueCents: Math.max(0, built.priced.totalCents - deposit),
    needsApproval: discountsOverLimit(built.priced, built.rules.limits.discountApprovalAbovePpm),
    storeCreditCents: storeCreditOf(r, built.customer)?.availableCents ?? null,
    customerName: built.customer ? `${built.customer.first_name} ${built.customer.last_name}` : null,
    priceLevelName: built.priced.priceLevel?.name ?? null,
  };
}

/** A fresh sale id whose receipt number this store has not used. */
export function newSaleIdentity(r: Repositories, at: Date): { id: string; number: string } {
  for (let i = 0; i < 5; i++) {
    const id = r.newId();
    const number = saleNumber(id, at);
    if (!r.sales.numberTaken(number)) return { id, number };
  }
  throw new SaleRuleError('no free receipt number after 5 tries', 'Try again; if it keeps happening, call support');
}

/** The tenders as the domain sees them, and what each names in this store (a gift card by its code, the customer's credit account). */
function resolveTenders(r: Repositories, tenders: TenderInput[], customer: Customer | null) {
  return tenders.map((t) => {
    if (t.method === 'gift_card') {
      const code = t.code.trim().toUpperCase();
      const card = r.giftCards.byCode(code);
      if (!card) throw new RecordNotFoundError('gift card', code);
      if (card.status !== 'active')
        throw new SaleRuleError(`gift card ${code} is ${card.status === 'redeemed' ? 'used up' : card.status}`, 'Take another form of payment');
      if (card.balance_cents < t.amountCents)
        throw new SaleRuleError(
          `gift card ${code} has only ${dollars(card.balance_cents)}`,
          `Take at most ${dollars(card.balance_cents)} from the card and the rest another way`,
        );
      return { tender: { ...t, code } as Tender, giftCard: card, creditAccountId: null };
    }
    if (t.method === 'store_credit') {
      const credit = storeCreditOf(r, customer);
      if (!credit)
        throw new SaleRuleError('store credit needs a customer with an active store credit account', 'Choose the customer, or take another form of payment');
      if (credit.availableCents < t.amountCents)
        throw new SaleRuleError(
          `the customer has only ${dollars(credit.availableCents)} of store credit`,
          `Take at most ${dollars(credit.availableCents)} as store credit`,
        );
      return { tender: t as Tender, giftCard: null, creditAccountId: credit.accountId };
    }
    return { tender: t as Tender, giftCard: null, creditAccountId: null };
  });
}

function paymentRows(r: Repositories, settlement: Settlement, resolved: ReturnType<typeof resolveTenders>, depositFirst: boolean): SalePaymentRow[] {
  return settlement.tenders.map((t, i) => {
    const source = depositFirst ? (i === 0 ? null : resolved[i - 1]!) : resolved[i]!;
    return {
      id: r.newId(),
      method: t.method,
      direction: 'in',
      amountCents: t.amountCents,
      tenderedCents: t.tenderedCents,
      changeCents: t.changeCents,
      giftCardId: source?.giftCard?.id ?? null,
      creditAccountId: source?.creditAccountId ?? null,
      originalPaymentId: null,
      reference: t.reference,
    };
  });
}

/** The ledgers a sale moves when it completes: stock out, loyalty in, commissions earned. */
export function completionEffects(
  r: Repositories,
  lines: readonly Pick<PricedLine, 'kind' | 'productId' | 'quantity' | 'netCents' | 'technicianId'>[],
  customer: Customer | null,
  pointsPerDollar: number,
) {
  const stock = lines
    .filter((l) => l.kind === 'part' && l.productId)
    .map((l) => ({ productId: l.productId!, quantity: -l.quantity, kind: 'sale' as const, unitCostCents: r.products.byId(l.productId!)?.cost_cents ?? null }));
  const account = customer ? r.loyalty.forCustomer(customer.id) : undefined;
  const points = loyaltyPoints(
    lines.reduce((a, l) => a + l.netCents, 0),
    pointsPerDollar,
  );
  return {
    stock,
    loyalty: account && points > 0 ? [{ accountId: account.id, points }] : [],
    commissions: commissions(lines, r.selling.commissionRules()).map((c) => ({ userId: c.technicianId, ruleId: c.ruleId, amountCents: c.amountCents })),
  };
}

function lineRows(r: Repositories, priced: PricedCart): SaleLineRow[] {
  return priced.lines.map((l) => ({
    id: r.newId(),
    lineNo: l.lineNo,
    kind: l.kind,
    productId: l.productId,
    originalLineId: null,
    sku: l.sku,
    description: l.description,
    quantity: l.quantity,
    listUnitCents: l.listUnitCents,
    unitPriceCents: l.unitPriceCents,
    grossCents: l.grossCents,
    lineDiscountCents: l.lineDiscountCents,
    promotionDiscountCents: l.promotionDiscountCents,
    orderDiscountCents: l.orderDiscountCents,
    netCents: l.netCents,
    taxRatePpm: l.taxRatePpm,
    taxCents: l.taxCents,
    totalCents: l.totalCents,
    technicianId: l.technicianId ?? null,
  }));
}

function saleRow(
  base: Omit<SaleRow, 'subtotalCents' | 'lineDiscountCents' | 'promotionDiscountCents' | 'orderDiscountCents' | 'taxCents' | 'totalCents'>,
  priced: PricedCart,
): SaleRow {
  return {
    ...base,
    subtotalCents: priced.subtotalCents,
    lineDiscountCents: priced.lineDiscountCents,
    promotionDiscountCents: priced.promotionDiscountCents,
    orderDiscountCents: priced.orderDiscountCents,
    taxCents: priced.taxCents,
    totalCents: priced.totalCents,
  };
}

/** What the clerk reads when the sale is done. */
function doneMessage(d: SaleDetail): string {
  if (d.sale.status === 'layaway') return `On layaway: ${dollars(d.sale.paid_cents)} paid, ${dollars(d.sale.total_cents - d.sale.paid_cents)} still to pay.`;
  return d.sale.change_cents > 0 ? `Paid in full. Change due: ${dollars(d.sale.change_cents)}.` : 'Paid in full.';
}

/**
 * Completes a sale (or puts it on a layaway), in ONE transaction: the sale,
 * its lines and payments, stock out with its ledger, loyalty earned,
 * commissions by the store's rules, the gift card and store credit ledgers,
 * the promotion's use, the work order invoiced, each with an audit row and a
 * sync operation, all of the signed-in store.
 */
export function checkout(r: Repositories, session: ResolvedSession, input: CheckoutInput): SaleView {
  return r.transaction(() => {
    const shift = requireOpenShift(r);
    const built: BuiltCart = buildCart(r, input.cart);
    const { priced, rules, customer, workOrder } = built;
    const over = discountsOverLimit(priced, rules.limits.discountApprovalAbovePpm);
    const approvedBy = requireApproval(
      r,
      session,
      input.approval,
      over.length
        ? { reason: 'discount', detail: `Discounts above ${percentText(rules.limits.discountApprovalAbovePpm)} need a manager (${over.join('; ')})` }
        : null,
    );
    const deposit = workOrder ? depositsOf(r, workOrder.order.id).cents : 0;
    if (deposit > priced.totalCents)
      throw new SaleRuleError(
        `the deposits (${dollars(deposit)}) are more than the order's ${dollars(priced.totalCents)}`,
        'Refund part of a deposit first (Returns)',
      );
    const resolved = resolveTenders(r, input.tenders, customer);
    const tenders: Tender[] = [...(deposit > 0 ? [{ method: 'deposit' as const, amountCents: deposit }] : []), ...resolved.map((x) => x.tender)];
    const settlement = settle(priced.totalCents, tenders);
    const layaway = input.layaway ?? null;
    if (layaway) {
      if (workOrder) throw new SaleRuleError('a work order is not put on layaway', 'Take a deposit on the work order instead');
      if (!customer) throw new SaleRuleError('a layaway is kept for a customer', 'Choose the customer first');
      if (settlement.complete) throw new SaleRuleError('this is paid in full', 'Complete it as a sale instead of a layaway');
      requireDeposit(settlement.paidCents, priced.totalCents, rules.layawayMinDepositPpm);
    } else if (!settlement.complete) {
      throw new SaleRuleError(`${dollars(settlement.remainingCents)} is still due`, 'Take another payment, or put the sale on a layaway');
    }

    const at = r.now();
    const { id, number } = newSaleIdentity(r, at);
    const complete = settlement.complete;
    const sale = saleRow(
      {
        id,
        number,
        kind: 'sale',
        status: complete ? 'completed' : 'layaway',
        originalSaleId: null,
        customerId: customer?.id ?? null,
        workOrderId: workOrder?.order.id ?? null,
        shiftId: shift.id,
        approvedBy,
        priceLevelId: priced.priceLevel?.id ?? null,
        promotionId: priced.promotion?.id ?? null,
        paidCents: settlement.paidCents,
        changeCents: settlement.changeCents,
        note: input.note?.trim() || null,
        createdAt: at.toISOString(),
        completedAt: complete ? at.toISOString() : null,
      },
      priced,
    );
    const payments = paymentRows(r, settlement, resolved, deposit > 0);
    const done = complete ? completionEffects(r, priced.lines, customer, rules.loyaltyPointsPerDollar) : { stock: [], loyalty: [], commissions: [] };
    const effects: SaleEffects = {
      ...NO_EFFECTS,
      ...done,
      giftCards: payments
        .filter((p) => p.method === 'gift_card')
        .map((p) => ({ giftCardId: p.giftCardId!, code: resolved.find((x) => x.giftCard?.id === p.giftCardId)!.giftCard!.code, amountCents: -p.amountCents })),
      credit: payments
        .filter((p) => p.method === 'store_credit')
        .map((p) => ({ accountId: p.creditAccountId, customerId: customer!.id, amountCents: p.amountCents })),
      promotion:
        priced.promotion && priced.promotionDiscountCents > 0
          ? { promotionId: priced.promotion.id, customerId: customer?.id ?? null, discountCents: priced.promotionDiscountCents }
          : null,
      invoiceWorkOrder: workOrder !== null,
    };
    const detail = r.sales.record({
      sale,
      lines: lineRows(r, priced),
      payments,
      effects,
      layaway: layaway ? { dueDate: layaway.dueDate } : null,
    });
    return saleView(r, detail, doneMessage(detail));
  });
}

/** A deposit on a work order: its own receipt, one line, paid now; its checkout applies it. */
export function takeDeposit(r: Repositories, _session: ResolvedSession, input: { workOrderId: string; amountCents: number; tenders: TenderInput[] }): SaleView {
  return r.transaction(() => {
    const shift = requireOpenShift(r);
    const wo = r.workOrders.byId(input.workOrderId);
    if (!wo) throw new RecordNotFoundError('work order', input.workOrderId);
    if (wo.order.status === 'invoiced' || wo.order.status === 'cancelled')
      throw new SaleRuleError(`work order ${wo.order.number} is ${wo.order.status}`, 'Take deposits on open orders only');
    const customer = r.customers.byId(wo.order.customer_id) ?? null;
    const resolved = resolveTenders(r, input.tenders, customer);
    const settlement = settle(
      input.amountCents,
      resolved.map((x) => x.tender),
    );
    if (!settlement.complete) throw new SaleRuleError(`${dollars(settlement.remainingCents)} of the deposit is not paid yet`, 'Take the whole deposit amount');
    const line = {
      kind: 'fee' as const,
      productId: null,
      sku: null,
      description: `Deposit on work order ${wo.order.number}`,
      quantity: 1,
      listUnitCents: input.amountCents,
      taxable: false,
    };
    const priced: PricedCart = {
      lines: [
        {
          ...line,
          discount: null,
          technicianId: null,
          lineNo: 1,
          unitPriceCents: input.amountCents,
          grossCents: input.amountCents,
          lineDiscountCents: 0,
          promotionDiscountCents: 0,
          orderDiscountCents: 0,
          discountCents: 0,
          netCents: input.amountCents,
          taxClass: 'fees',
          taxRatePpm: 0,
          taxCents: 0,
          totalCents: input.amountCents,
        },
      ],
      subtotalCents: input.amountCents,
      lineDiscountCents: 0,
      promotionDiscountCents: 0,
      orderDiscountCents: 0,
      discountCents: 0,
      taxCents: 0,
      totalCents: input.amountCents,
      taxByClass: [],
      promotion: null,
      priceLevel: null,
    };
    const at = r.now();
    const { id, number } = newSaleIdentity(r, at);
    const sale = saleRow(
      {
        id,
        number,
        kind: 'deposit',
        status: 'completed',
        originalSaleId: null,
        customerId: customer?.id ?? null,
        workOrderId: wo.order.id,
        shiftId: shift.id,
        approvedBy: null,
        priceLevelId: null,
        promotionId: null,
        paidCents: settlement.paidCents,
        changeCents: settlement.changeCents,
        note: null,
        createdAt: at.toISOString(),
        completedAt: at.toISOString(),
      },
      priced,
    );
    const payments = paymentRows(r, settlement, resolved, false);
    const effects: SaleEffects = {
      ...NO_EFFECTS,
      giftCards: payments
        .filter((p) => p.method === 'gift_card')
        .map((p) => ({ giftCardId: p.giftCardId!, code: resolved.find((x) => x.giftCard?.id === p.giftCardId)!.giftCard!.code, amountCents: -p.amountCents })),
      credit: payments
        .filter((p) => p.method === 'store_credit')
        .map((p) => ({ accountId: p.creditAccountId, customerId: customer!.id, amountCents: p.amountCents })),
    };
    const detail = r.sales.record({ sale, lines: lineRows(r, priced), payments, effects, layaway: null });
    return saleView(r, detail, `Deposit of ${dollars(input.amountCents)} taken on ${wo.order.number}.`);
  });
}
