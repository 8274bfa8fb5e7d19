import { describe, expect, it } from 'vitest';
import { moneyRejectionText } from '../../electron/sync/money-wording';

describe('the clerk words for a rejected offline redemption', () => {
  it('name the sale and the amount to collect', () => {
    expect(moneyRejectionText('insufficient_balance', { code: 'GC-1', saleNumber: 'S-20261203-AB12', amountCents: 4000, balance_cents: 0 })).toBe(
      "Gift card GC-1: $40.00 of sale S-20261203-AB12 was no longer on the card (the store's records show $0.00). Collect $40.00 from the customer.",
    );
    expect(moneyRejectionText('insufficient_credit', { saleNumber: 'S-1', amountCents: 1250 })).toBe(
      'Store credit: $12.50 charged on sale S-1 was more than the customer had left. Collect $12.50 from the customer.',
    );
    expect(moneyRejectionText('seq_reused', {})).toBeNull();
  });
});
