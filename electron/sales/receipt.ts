import type { SaleDetail } from '../tenancy/repositories/sales';
import { tenantConfig } from '../tenancy/tenants';
import { dollars, percentText } from '../../contracts/money';
import { promotionTerms } from './domain/promotions';
import { TAX_CLASS_OF } from './domain/pricing';
import { TENDER_LABELS } from './domain/tender';
import type { ReceiptView } from './types';

const TITLES = { sale: 'Sale', return: 'Return', deposit: 'Work order deposit' } as const;
const CLASS_LABEL = { parts: 'parts', labor: 'labour', fees: 'fees' } as const;

export interface ReceiptContext {
  tenantId: string;
  cashier: string;
  customer: string | null;
  /** The work order, layaway or original sale the document belongs to, in words. */
  reference: string | null;
  promotion: { code: string; kind: 'percent' | 'amount' | 'bogo'; value: number } | null;
  notes?: string[];
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** "Gift card ending 0042": a card's code is a bearer secret, so a receipt shows its last four characters only. */
export const cardEnding = (code: string | null) => (code ? `ending ${code.slice(-4)}` : '');

/**
 * A sale as its receipt prints. Every figure here is summed from the stored
 * lines and payments, not read from the sale's stored totals; a test checks
 * the two agree for every sale the till writes.
 */
export function receiptView(d: SaleDetail, ctx: ReceiptContext): ReceiptView {
  const { branding, name } = tenantConfig(ctx.tenantId);
  const lines = d.lines.map((l) => ({
    lineNo: l.line_no,
    sku: l.sku,
    description: l.description,
    quantity: l.quantity,
    unitPriceCents: l.unit_price_cents,
    listUnitCents: l.list_unit_cents,
    grossCents: l.gross_cents,
    discountCents: l.line_discount_cents + l.promotion_discount_cents + l.order_discount_cents,
    netCents: l.net_cents,
    taxCents: l.tax_cents,
    totalCents: l.total_cents,
  }));
  const discounts = [
    { label: 'Line discounts', cents: sum(d.lines.map((l) => l.line_discount_cents)) },
    {
      label: ctx.promotion ? `Promotion ${ctx.promotion.code} (${promotionTerms(ctx.promotion)})` : 'Promotion',
      cents: sum(d.lines.map((l) => l.promotion_discount_cents)),
    },
    { label: 'Order discount', cents: sum(d.lines.map((l) => l.order_discount_cents)) },
  ].filter((x) => x.cents > 0);
  const taxes = new Map<string, number>();
  for (const l of d.lines) {
    if (l.tax_cents === 0 && l.tax_rate_ppm === 0) continue;
    const label = `Tax, ${CLASS_LABEL[TAX_CLASS_OF[l.kind]]} ${percentText(l.tax_rate_ppm)}`;
    taxes.set(label, (taxes.get(label) ?? 0) + l.tax_cents);
  }
  const payments = d.payments.map((p) => {
    const what =
      p.method === 'gift_card'
        ? `Gift card ${cardEnding(p.gift_card_code)}`
        : p.method === 'card'
          ? `Card (store terminal)${p.reference ? `, approval ${p.reference}` : ''}`
          : TENDER_LABELS[p.method];
    return {
      label: p.direction === 'out' ? `Refund to ${what.charAt(0).toLowerCase()}${what.slice(1)}` : what,
      direction: p.direction,
      amountCents: p.amount_cents,
      tenderedCents: p.tendered_cents,
      changeCents: p.change_cents,
    };
  });
  const total = sum(lines.map((l) => l.totalCents));
  const paidIn = sum(payments.filter((p) => p.direction === 'in').map((p) => p.amountCents));
  const paidOut = sum(payments.filter((p) => p.direction === 'out').map((p) => p.amountCents));
  const notes = [...(ctx.notes ?? [])];
  if (d.sale.status === 'layaway') notes.push(`On layaway: ${dollars(total - paidIn)} still to pay before the goods go home.`);
  if (d.sale.status === 'voided') notes.push(`Voided on ${d.sale.voided_at?.slice(0, 10)}; ${dollars(paidOut)} given back.`);
  return {
    storeName: name,
    header: branding.receiptHeader,
    logoText: branding.logoText,
    number: d.sale.number,
    title: d.sale.status === 'voided' ? `${TITLES[d.sale.kind]} (voided)` : TITLES[d.sale.kind],
    kind: d.sale.kind,
    status: d.sale.status,
    createdAt: d.sale.created_at,
    cashier: ctx.cashier,
    customer: ctx.customer,
    reference: ctx.reference,
    lines,
    subtotalCents: sum(lines.map((l) => l.grossCents)),
    discounts,
    taxes: [...taxes].map(([label, cents]) => ({ label, cents })),
    totalCents: total,
    payments,
    paidCents: d.sale.kind === 'return' ? paidOut : paidIn,
    changeCents: sum(payments.map((p) => p.changeCents)),
    balanceDueCents: d.sale.kind === 'return' || d.sale.status === 'voided' ? 0 : total - paidIn,
    notes,
  };
}
