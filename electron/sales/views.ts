import { currentTenantId } from '../tenancy/context';
import type { Repositories } from '../tenancy/repositories';
import type { SaleDetail } from '../tenancy/repositories/sales';
import { dollars } from '../../contracts/money';
import { cardEnding, receiptView } from './receipt';
import type { SaleView, Slip } from './types';

/** The words a receipt uses for what a document belongs to: its work order, layaway or original sale. */
function referenceOf(r: Repositories, d: SaleDetail): string | null {
  const parts: string[] = [];
  if (d.sale.work_order_id) {
    const wo = r.workOrders.byId(d.sale.work_order_id);
    if (wo) parts.push(`Work order ${wo.order.number}${wo.vehicle ? `, ${wo.vehicle.year} ${wo.vehicle.make} ${wo.vehicle.model}` : ''}`);
  }
  if (d.sale.original_sale_id) {
    const original = r.sales.byId(d.sale.original_sale_id);
    if (original) parts.push(`Return against receipt ${original.sale.number}`);
  }
  if (d.sale.layaway_id) {
    const lay = r.layaways.byId(d.sale.layaway_id);
    if (lay) parts.push(`Layaway ${lay.number}`);
  }
  return parts.length ? parts.join(' · ') : null;
}

/**
 * A slip for every redemption and refund on a gift card or store credit:
 * what moved on this sale and what is left, read back after the write.
 */
function slipsOf(r: Repositories, d: SaleDetail): Slip[] {
  const slips: Slip[] = [];
  for (const p of d.payments) {
    if (p.method === 'gift_card' && p.gift_card_code) {
      const card = r.giftCards.byCode(p.gift_card_code);
      const moved = p.direction === 'in' ? 'Redeemed' : 'Refunded to the card';
      slips.push({
        title: `Gift card ${cardEnding(p.gift_card_code)}`,
        lines: [
          { label: moved, cents: p.amount_cents },
          { label: 'Balance left', cents: card?.balance_cents ?? 0 },
        ],
        message: `${moved} ${dollars(p.amount_cents)}; the card has ${dollars(card?.balance_cents ?? 0)} left.`,
      });
    }
    if (p.method === 'store_credit' && p.credit_account_id) {
      const account = r.selling.creditAccount(p.credit_account_id);
      const left = account ? Math.max(0, account.credit_limit_cents - account.balance_cents) : 0;
      const moved = p.direction === 'in' ? 'Store credit used' : 'Store credit given';
      slips.push({
        title: 'Store credit',
        lines: [
          { label: moved, cents: p.amount_cents },
          { label: 'Store credit left', cents: left },
        ],
        message: `${moved}: ${dollars(p.amount_cents)}; ${dollars(left)} of store credit left.`,
      });
    }
  }
  return slips;
}

export function saleView(r: Repositories, d: SaleDetail, message: string): SaleView {
  const cashier = r.users.byId(d.sale.user_id)?.display_name ?? 'unknown';
  const customer = d.sale.customer_id ? r.customers.byId(d.sale.customer_id) : undefined;
  const promotion = d.sale.promotion_id ? r.selling.promotionById(d.sale.promotion_id) : undefined;
  const receipt = receiptView(d, {
    tenantId: currentTenantId(),
    cashier,
    customer: customer ? `${customer.first_name} ${customer.last_name}` : null,
    reference: referenceOf(r, d),
    promotion: promotion ?? null,
  });
  return { ...d, receipt, slips: slipsOf(r, d), message };
}
