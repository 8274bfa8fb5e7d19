import type { ResolvedSession } from '../tenancy/auth';
import { RecordNotFoundError } from '../tenancy/errors';
import type { Repositories } from '../tenancy/repositories';
import { NO_EFFECTS, type SaleDetail, type SalePaymentRow } from '../tenancy/repositories/sales';
import { currentTenantId } from '../tenancy/context';
import { requireApproval } from './approval';
import { completionEffects, requireOpenShift, storeCreditOf } from './checkout';
import { dollars } from '../../contracts/money';
import { refundParts } from './domain/returns';
import { settle } from './domain/tender';
import { SaleRuleError } from './errors';
import { originalTenders, refundRows } from './returns';
import { salesRules } from './settings';
import { saleView } from './views';
import type { ApprovalInput, SaleView, TenderInput } from './types';

function layawaySale(r: Repositories, number: string): SaleDetail {
  const d = r.sales.byNumber(number.trim().toUpperCase());
  if (!d) throw new RecordNotFoundError('receipt', number.trim().toUpperCase());
  if (d.sale.status !== 'layaway')
    throw new SaleRuleError(
      `sale ${d.sale.number} is ${d.sale.status}, not on layaway`,
      d.sale.status === 'completed' ? 'Return its items instead' : 'Nothing is left to do on it',
    );
  return d;
}

/**
 * A payment on a layaway. When it brings the layaway to paid in full, the
 * sale completes in the same transaction: stock out, loyalty, commissions.
 */
export function payLayaway(r: Repositories, _session: ResolvedSession, input: { saleNumber: string; tenders: TenderInput[] }): SaleView {
  return r.transaction(() => {
    const shift = requireOpenShift(r);
    const d = layawaySale(r, input.saleNumber);
    const customer = d.sale.customer_id ? (r.customers.byId(d.sale.customer_id) ?? null) : null;
    const due = d.sale.total_cents - d.sale.paid_cents;
    const tenders = input.tenders.map((t) => {
      if (t.method === 'gift_card') {
        const card = r.giftCards.byCode(t.code.trim().toUpperCase());
        if (!card) throw new RecordNotFoundError('gift card', t.code.trim().toUpperCase());
        return { t: { ...t, code: card.code }, giftCardId: card.id, creditAccountId: null };
      }
      if (t.method === 'store_credit') {
        const credit = storeCreditOf(r, customer);
        if (!credit || credit.availableCents < t.amountCents)
          throw new SaleRuleError(`the customer has only ${dollars(credit?.availableCents ?? 0)} of store credit`, 'Take another form of payment');
        return { t, giftCardId: null, creditAccountId: credit.accountId };
      }
      return { t, giftCardId: null, creditAccountId: null };
    });
    const settlement = settle(
      due,
      tenders.map((x) => x.t),
    );
    const payments: SalePaymentRow[] = settlement.tenders.map((t, i) => ({
      id: r.newId(),
      method: t.method,
      direction: 'in',
      amountCents: t.amountCents,
      tenderedCents: t.tenderedCents,
      changeCents: t.changeCents,
      giftCardId: tenders[i]!.giftCardId,
      creditAccountId: tenders[i]!.creditAccountId,
      originalPaymentId: null,
      reference: t.reference,
    }));
    const paid = d.sale.paid_cents + settlement.paidCents;
    const complete = paid === d.sale.total_cents;
    const at = r.now().toISOString();
    const rules = salesRules(currentTenantId());
    const lines = d.lines.map((l) => ({ kind: l.kind, productId: l.product_id, quantity: l.quantity, netCents: l.net_cents, technicianId: l.technician_id }));
    const done = complete ? completionEffects(r, lines, customer, rules.loyaltyPointsPerDollar) : { stock: [], loyalty: [], commissions: [] };
    const detail = r.sales.settle({
      saleId: d.sale.id,
      action: complete ? 'sale.complete_layaway' : 'sale.layaway_payment',
      approvedBy: null,
      status: complete ? 'completed' : 'layaway',
      paidCents: paid,
      completedAt: complete ? at : null,
      voidedAt: null,
      shiftId: shift.id,
      payments,
      effects: {
        ...NO_EFFECTS,
        ...done,
        giftCards: payments.flatMap((p, i) => {
          const t = tenders[i]!.t;
          return t.method === 'gift_card' ? [{ giftCardId: p.giftCardId!, code: t.code, amountCents: -p.amountCents }] : [];
        }),
        credit: payments
          .filter((p) => p.method === 'store_credit')
          .map((p) => ({ accountId: p.creditAccountId, customerId: customer!.id, amountCents: p.amountCents })),
      },
    });
    return saleView(
      r,
      detail,
      complete ? 'Layaway paid in full: the goods can go home.' : `Payment taken: ${dollars(d.sale.total_cents - paid)} still to pay.`,
    );
  });
}

/**
 * Voids an unfinished sale (a layaway): every payment taken on it goes back
 * to where it came from, the layaway is cancelled, the sale stays in the
 * history marked voided. A manager approves above the store's limit.
 */
export function voidSale(r: Repositories, session: ResolvedSession, input: { saleNumber: string; approval?: ApprovalInput | null }): SaleView {
  return r.transaction(() => {
    const shift = requireOpenShift(r);
    const d = layawaySale(r, input.saleNumber);
    const rules = salesRules(currentTenantId());
    const approvedBy = requireApproval(
      r,
      session,
      input.approval,
      d.sale.paid_cents > rules.limits.voidApprovalAboveCents
        ? { reason: 'void', detail: `Voiding a sale that has taken ${dollars(d.sale.paid_cents)} needs a manager` }
        : null,
    );
    const tenders = originalTenders(r, d);
    const owed = tenders.reduce((a, t) => a + t.amountCents - t.refundedCents, 0);
    const parts = refundParts(owed, tenders, 'original', null);
    const { payments, credit } = refundRows(r, parts, d.sale.customer_id);
    const codes = new Map(d.payments.filter((p) => p.gift_card_id).map((p) => [p.gift_card_id!, p.gift_card_code ?? '']));
    const detail = r.sales.settle({
      saleId: d.sale.id,
      action: 'sale.void',
      approvedBy,
      status: 'voided',
      paidCents: d.sale.paid_cents,
      completedAt: null,
      voidedAt: r.now().toISOString(),
      shiftId: shift.id,
      payments,
      effects: {
        ...NO_EFFECTS,
        giftCards: payments
          .filter((p) => p.method === 'gift_card')
          .map((p) => ({ giftCardId: p.giftCardId!, code: codes.get(p.giftCardId!) ?? '', amountCents: p.amountCents })),
        credit,
      },
    });
    return saleView(r, detail, `Voided ${d.sale.number}: ${dollars(owed)} given back.`);
  });
}
