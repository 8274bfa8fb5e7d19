/**
 * Money the hub owns (issue 14): a gift card redemption or a store credit
 * charge a write is about to queue. The repositories tell the gate of each one
 * inside the write's transaction, just before its sync operation is recorded;
 * the gate answers what that operation carries beside its row (the hold the hub
 * granted, `offline`, the sale's receipt number), or throws to refuse the
 * write (the transaction rolls back, nothing is changed). Without a gate (a
 * store not enrolled with a hub, the CLI, tests) the write is as it always was.
 */
export interface MoneySpend {
  kind: 'gift_card' | 'store_credit';
  /** The gift card's id, or the store credit account's. */
  accountId: string;
  /** The gift card's code; null for store credit. */
  code: string | null;
  /** What leaves the card or is charged to the account, in cents (> 0). */
  amountCents: number;
  saleId: string | null;
  saleNumber: string | null;
}

export interface MoneyGate {
  spend(s: MoneySpend): Record<string, unknown>;
}
