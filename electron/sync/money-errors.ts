import { dollars } from '../../contracts/money';
import { PosError } from '../errors';
import type { MoneySpend } from '../tenancy/repositories/money-gate';

/**
 * Why a gift card or store credit tender was refused at the till on a store
 * enrolled with a hub (electron/sync/hub-money.ts), in the clerk's words:
 * the card, what it has, what to do. Nothing was changed by the refused call.
 */
const what = (s: Pick<MoneySpend, 'kind' | 'code'>) => (s.kind === 'gift_card' ? `Gift card ${s.code ?? ''}`.trim() : "The customer's store credit");
const whatIn = (s: Pick<MoneySpend, 'kind' | 'code'>) => (s.kind === 'gift_card' ? `gift card ${s.code ?? ''}`.trim() : "the customer's store credit");

/** The hub would not hold the amount: another till holds or spent it, or the card is not usable in the store's records. */
export class HubMoneyRefusedError extends PosError {
  readonly code = 'MONEY_REFUSED';
  readonly exitCode = 1 as const;
  constructor(
    readonly spend: MoneySpend,
    /** The hub's rejection code (insufficient_balance, card_not_active, ...). */
    readonly hubCode: string,
    readonly availableCents: number,
    readonly hubReason: string,
  ) {
    super(HubMoneyRefusedError.sentence(spend, hubCode, availableCents), HubMoneyRefusedError.advice(spend, hubCode, availableCents));
  }

  private static sentence(s: MoneySpend, hubCode: string, available: number): string {
    switch (hubCode) {
      case 'insufficient_balance':
      case 'insufficient_credit':
        return `${what(s)} has only ${dollars(available)} available in the store's records, not the ${dollars(s.amountCents)} asked (another till may have just used it)`;
      case 'card_not_active':
        return `${what(s)} is not active in the store's records`;
      case 'card_expired':
        return `${what(s)} has expired in the store's records`;
      case 'account_not_active':
        return "The customer's store credit account is closed or on hold in the store's records";
      default:
        return `${what(s)} is not known to the store's records`;
    }
  }

  private static advice(s: MoneySpend, hubCode: string, available: number): string {
    if ((hubCode === 'insufficient_balance' || hubCode === 'insufficient_credit') && available > 0)
      return `Take at most ${dollars(available)} ${s.kind === 'gift_card' ? 'from the card' : 'as store credit'} and the rest another way`;
    return 'Take another form of payment';
  }
}

/** The hub did not answer in time, and the store's offline limit does not cover this amount. */
export class HubMoneyUnreachableError extends PosError {
  readonly code = 'MONEY_HUB_UNREACHABLE';
  readonly exitCode = 1 as const;
  constructor(
    readonly spend: MoneySpend,
    /** What this till may take from one card or account while the hub cannot answer (0: nothing). */
    readonly offlineLimitCents: number,
    /** What this till already took from it offline and the hub has not confirmed yet. */
    readonly takenOfflineCents: number,
    readonly why: string,
  ) {
    super(
      `The store server cannot be reached to confirm ${dollars(spend.amountCents)} from ${whatIn(spend)}`,
      offlineLimitCents === 0
        ? 'Take another form of payment (cash or card)'
        : `While it cannot be reached this till takes at most ${dollars(offlineLimitCents)} from one ${spend.kind === 'gift_card' ? 'card' : 'account'}` +
            (takenOfflineCents > 0 ? ` (${dollars(takenOfflineCents)} already taken)` : '') +
            `: take at most ${dollars(Math.max(0, offlineLimitCents - takenOfflineCents))} this way and the rest another way`,
    );
  }
}

/** The sale came out different from what the hub was asked to hold (something changed in between): ask again. */
export class HubMoneyChangedError extends PosError {
  readonly code = 'MONEY_CHANGED';
  readonly exitCode = 1 as const;
  constructor(readonly spend: MoneySpend) {
    super(`The payment of ${dollars(spend.amountCents)} from ${whatIn(spend)} changed while the store server was confirming it`, 'Take the payment again');
  }
}
