/**
 * Clerk words for a redemption or store credit charge the hub rejected after the
 * sale was made (offline, or its hold expired): which sale, how much to collect.
 * A map by rejection code, for the Sync panel's wording module to fold in
 * (issue 14, item 2); `remote` is what the hub sent with the rejection
 * (hub/push/apply.ts moneyRemote).
 */
const money = (cents: unknown) => (typeof cents === 'number' && Number.isInteger(cents) ? `$${(cents / 100).toFixed(2)}` : 'the amount');
const saleOf = (remote: Record<string, unknown>) => (typeof remote.saleNumber === 'string' ? `sale ${remote.saleNumber}` : 'a sale');

export const MONEY_REJECTION_WORDING: Record<string, (remote: Record<string, unknown>) => string> = {
  insufficient_balance: (r) =>
    `Gift card ${typeof r.code === 'string' ? r.code : ''}: ${money(r.amountCents)} of ${saleOf(r)} was no longer on the card (the store's records show ${money(r.balance_cents)}). Collect ${money(r.amountCents)} from the customer.`.replace(
      'Gift card : ',
      'Gift card: ',
    ),
  insufficient_credit: (r) =>
    `Store credit: ${money(r.amountCents)} charged on ${saleOf(r)} was more than the customer had left. Collect ${money(r.amountCents)} from the customer.`,
  card_not_active: (r) =>
    `Gift card ${typeof r.code === 'string' ? r.code : ''} was ${String(r.status ?? 'not active')} when ${saleOf(r)} reached the store's records. Collect ${money(r.amountCents)} from the customer.`,
  account_not_active: (r) =>
    `The customer's store credit account was ${String(r.status ?? 'not active')} when ${saleOf(r)} reached the store's records. Collect ${money(r.amountCents)} from the customer.`,
};

/** The clerk's sentence for a rejected money operation, or null when the code is not one of money's. */
export function moneyRejectionText(code: string, remote: Record<string, unknown> | null): string | null {
  const word = MONEY_REJECTION_WORDING[code];
  return word ? word(remote ?? {}) : null;
}
