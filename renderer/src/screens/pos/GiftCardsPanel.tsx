import { useState, type FormEvent } from 'react';
import { ErrorLine } from './ErrorLine';
import { centsOf, day, money } from './money';
import type { GiftCardView, PosCalls, Store } from './types';
import { usePosCall } from './usePosCall';

interface Props {
  pos: PosCalls;
  store: Store;
  onSessionExpired(): void;
}

const KIND: Record<string, string> = { issue: 'Issued', redeem: 'Redeemed', reload: 'Reloaded', void: 'Voided' };

/** Gift card balance by code, its history, and redeeming part of it at the counter. */
export function GiftCardsPanel({ pos, onSessionExpired }: Props) {
  const [code, setCode] = useState('');
  const [amount, setAmount] = useState('');
  const [searched, setSearched] = useState<string | null>(null);
  const card = usePosCall<GiftCardView | null>(onSessionExpired);
  const redeem = usePosCall<GiftCardView>(onSessionExpired);
  const [amountError, setAmountError] = useState<string | null>(null);
  const shown = redeem.value ?? card.value;

  const check = async (e: FormEvent) => {
    e.preventDefault();
    const value = code.trim();
    if (!value) return;
    redeem.reset();
    setSearched(value);
    await card.run(() => pos.giftCard({ code: value }));
  };
  const take = async (e: FormEvent) => {
    e.preventDefault();
    const cents = centsOf(amount);
    if (!shown || cents === null || cents === 0) return setAmountError('Enter an amount such as 12.50');
    setAmountError(null);
    const after = await redeem.run(() => pos.redeemGiftCard({ code: shown.card.code, amountCents: cents }));
    if (after) setAmount('');
  };

  return (
    <div className="pos-panel pos-split">
      <section className="pos-column" aria-labelledby="gift-cards">
        <h1 id="gift-cards" className="pos-heading">
          Gift card balance
        </h1>
        <form className="pos-form" onSubmit={(e) => void check(e)}>
          <label className="pos-field pos-wide">
            <span>Card code</span>
            <input name="gift-card" value={code} onChange={(e) => setCode(e.target.value)} placeholder="GC-000000-0000" autoComplete="off" spellCheck={false} />
          </label>
          <button type="submit" className="button pos-primary" disabled={card.busy}>
            Check balance
          </button>
        </form>
        <ErrorLine error={card.error ?? redeem.error} />
        {searched && card.value === null && !card.busy && !card.error && (
          <p className="pos-empty">
            No gift card <span className="mono">{searched}</span> in this store.
          </p>
        )}
        {shown && (
          <article className="pos-card" data-testid="gift-card">
            <h2 className="mono">{shown.card.code}</h2>
            <p className="pos-balance">
              Balance{' '}
              <span className="num" data-testid="gift-card-balance">
                {money(shown.card.balance_cents)}
              </span>
            </p>
            <p>
              {shown.card.status === 'active' ? 'Active' : shown.card.status === 'redeemed' ? 'Fully redeemed' : 'Void'} · issued {day(shown.card.issued_at)}{' '}
              for {money(shown.card.initial_cents)}
              {shown.card.expires_at ? ` · expires ${day(shown.card.expires_at)}` : ''}
            </p>
            {shown.card.status === 'active' && (
              <form className="pos-form" onSubmit={(e) => void take(e)}>
                <label className="pos-field">
                  <span>Redeem amount ($)</span>
                  <input inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} autoComplete="off" />
                </label>
                <button type="submit" className="button" disabled={redeem.busy}>
                  Redeem
                </button>
                {amountError && (
                  <p className="pos-error" role="alert">
                    {amountError}.
                  </p>
                )}
              </form>
            )}
          </article>
        )}
      </section>
      <section className="pos-column pos-detail" aria-label="Card history">
        {shown ? (
          <div className="pos-scroll">
            <h2>History</h2>
            <table className="pos-table">
              <thead>
                <tr>
                  <th>Date</th>
                  <th>What</th>
                  <th className="num">Amount</th>
                </tr>
              </thead>
              <tbody>
                {shown.transactions.length === 0 && (
                  <tr>
                    <td colSpan={3}>No activity yet.</td>
                  </tr>
                )}
                {shown.transactions.map((t) => (
                  <tr key={t.id}>
                    <td>{day(t.created_at)}</td>
                    <td>{KIND[t.kind] ?? t.kind}</td>
                    <td className="num">{money(t.amount_cents)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="pos-empty">Type or scan a card code.</p>
        )}
      </section>
    </div>
  );
}
