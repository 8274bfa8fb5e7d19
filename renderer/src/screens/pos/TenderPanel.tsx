import { useState, type FormEvent } from 'react';
import type { ErrorInfo } from '../../pos';
import { ErrorLine } from './ErrorLine';
import { centsOf, money } from './money';
import type { TenderInput } from './types';

type Method = TenderInput['method'];
const LABELS: Record<Method, string> = { cash: 'Cash', card: 'Card (terminal)', gift_card: 'Gift card', store_credit: 'Store credit' };

interface Props {
  /** What is due, as the worker priced it. */
  dueCents: number;
  storeCreditCents: number | null;
  /** A customer's sale may go on layaway (not a work order, not a walk-in). */
  canLayaway: boolean;
  busy: boolean;
  payLabel: string;
  /** A layaway takes part payments: the button works as soon as one payment is added. */
  partial?: boolean;
  /** Why the worker refused the last payment (e.g. a gift card the store's server would not confirm): shown beside the tenders, which are kept. */
  error?: ErrorInfo | null;
  onPay(tenders: TenderInput[], layaway: boolean): void;
}

const offered = (t: TenderInput) => (t.method === 'cash' ? t.tenderedCents : t.amountCents);

/**
 * Taking payment: add tenders one by one (split payments), see what is left
 * and the change; the worker settles them again and decides. Only cash can be
 * more than is due; a card is taken on the store's own terminal (an approval
 * code may be typed, never a card number).
 */
export function TenderPanel({ dueCents, storeCreditCents, canLayaway, busy, payLabel, partial = false, error = null, onPay }: Props) {
  const [tenders, setTenders] = useState<TenderInput[]>([]);
  const [method, setMethod] = useState<Method>('cash');
  const [amount, setAmount] = useState('');
  const [code, setCode] = useState('');
  const [reference, setReference] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const paid = tenders.reduce((a, t) => a + offered(t), 0);
  const left = Math.max(0, dueCents - paid);
  const change = Math.max(0, paid - dueCents);

  const add = (e: FormEvent) => {
    e.preventDefault();
    const cents = amount.trim() === '' ? left : centsOf(amount);
    if (cents === null || cents <= 0) return setProblem('Enter an amount such as 20.00');
    if (left === 0) return setProblem('The sale is already paid in full');
    if (method !== 'cash' && cents > left) return setProblem(`Take at most ${money(left)} this way; only cash can be more than is due`);
    if (method === 'gift_card' && !code.trim()) return setProblem('Scan or type the gift card code');
    if (method === 'store_credit' && (storeCreditCents ?? 0) < cents)
      return setProblem(`The customer has only ${money(storeCreditCents ?? 0)} of store credit`);
    setProblem(null);
    const t: TenderInput =
      method === 'cash'
        ? { method, tenderedCents: cents }
        : method === 'card'
          ? { method, amountCents: cents, reference: reference.trim() || null }
          : method === 'gift_card'
            ? { method, code: code.trim(), amountCents: cents }
            : { method, amountCents: cents };
    setTenders([...tenders, t]);
    setAmount('');
    setCode('');
    setReference('');
  };

  return (
    <section className="tender" aria-labelledby="tender-title">
      <h2 id="tender-title" className="pos-subheading">
        Payment
      </h2>
      <form className="pos-form tender-form" onSubmit={add}>
        <fieldset className="tender-methods">
          <legend>Method</legend>
          {(Object.keys(LABELS) as Method[]).map((m) => (
            <label key={m} className="tender-method">
              <input
                type="radio"
                name="tender-method"
                value={m}
                checked={method === m}
                onChange={() => setMethod(m)}
                disabled={m === 'store_credit' && storeCreditCents === null}
              />
              {LABELS[m]}
            </label>
          ))}
        </fieldset>
        {method === 'gift_card' && (
          <label className="pos-field">
            <span>Gift card code</span>
            <input value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" spellCheck={false} />
          </label>
        )}
        {method === 'card' && (
          <label className="pos-field">
            <span>Approval code (optional)</span>
            <input value={reference} onChange={(e) => setReference(e.target.value)} autoComplete="off" maxLength={32} />
          </label>
        )}
        <label className="pos-field pos-narrow">
          <span>Amount ($)</span>
          <input inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} placeholder={(left / 100).toFixed(2)} autoComplete="off" />
        </label>
        <button type="submit" className="button" disabled={busy}>
          Add payment
        </button>
      </form>
      {method === 'store_credit' && storeCreditCents !== null && (
        <p className="pos-muted">
          Store credit available: <span className="balance">{money(storeCreditCents)}</span>
        </p>
      )}
      {problem && (
        <p className="pos-error" role="alert">
          {problem}.
        </p>
      )}
      <ul className="tender-list" aria-label="Payments taken">
        {tenders.map((t, i) => (
          <li key={i}>
            <span>
              {LABELS[t.method]}
              {t.method === 'gift_card' ? ` ending ${t.code.slice(-4)}` : ''}
            </span>
            <span className="num">{money(offered(t))}</span>
            <button type="button" className="pos-link" onClick={() => setTenders(tenders.filter((_, k) => k !== i))} aria-label={`Remove payment ${i + 1}`}>
              Remove
            </button>
          </li>
        ))}
      </ul>
      <dl className="tender-sums">
        <div>
          <dt>Due</dt>
          <dd data-testid="due">{money(dueCents)}</dd>
        </div>
        <div>
          <dt>Still to pay</dt>
          <dd data-testid="left">{money(left)}</dd>
        </div>
        <div>
          <dt>Change</dt>
          <dd data-testid="change">{money(change)}</dd>
        </div>
      </dl>
      <ErrorLine error={error} />
      <div className="actions">
        <button
          type="button"
          className="button pos-primary"
          disabled={busy || (partial ? tenders.length === 0 : left > 0)}
          onClick={() => onPay(tenders, false)}
        >
          {payLabel}
        </button>
        {canLayaway && (
          <button type="button" className="button" disabled={busy || left === 0 || tenders.length === 0} onClick={() => onPay(tenders, true)}>
            Put on layaway
          </button>
        )}
      </div>
    </section>
  );
}
