import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ErrorLine } from './ErrorLine';
import { centsOf, dayTime, money } from './money';
import type { PosCalls, ShiftSummary } from './types';
import { usePosCall } from './usePosCall';

interface Props {
  pos: PosCalls;
  onSessionExpired(): void;
  onShiftChanged(): void;
}

/** The cash drawer: open with a float, see the takings, close with a count; over/short shown and recorded. */
export function ShiftPanel({ pos, onSessionExpired, onShiftChanged }: Props) {
  const shift = usePosCall<ShiftSummary | null>(onSessionExpired);
  const change = usePosCall<ShiftSummary & { message?: string }>(onSessionExpired);
  const [amount, setAmount] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const field = useRef<HTMLInputElement>(null);
  const load = shift.run;
  useEffect(() => {
    void load(() => pos.shift());
  }, [pos, load]);
  useEffect(() => field.current?.focus(), [shift.value]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const cents = centsOf(amount);
    if (cents === null) return setProblem('Enter an amount in dollars, such as 150.00');
    setProblem(null);
    const open = shift.value;
    const done = await change.run(() => (open ? pos.closeShift({ countedCents: cents }) : pos.openShift({ floatCents: cents })));
    if (done) {
      setAmount('');
      onShiftChanged();
      void load(() => pos.shift());
    }
  };
  const s = shift.value;
  const closed = change.value && change.value.shift.status === 'closed' ? change.value : null;
  return (
    <div className="pos-panel pos-split">
      <section className="pos-column" aria-labelledby="shift-title">
        <h1 id="shift-title" className="pos-heading">
          Shift
        </h1>
        {shift.value !== undefined && (
          <form className="pos-form" onSubmit={(e) => void submit(e)}>
            <label className="pos-field">
              <span>{s ? 'Counted cash in the drawer ($)' : 'Opening float ($)'}</span>
              <input ref={field} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} autoComplete="off" />
            </label>
            <button type="submit" className="button pos-primary" disabled={change.busy}>
              {s ? 'Close the shift' : 'Open a shift'}
            </button>
          </form>
        )}
        {problem && (
          <p className="pos-error" role="alert">
            {problem}.
          </p>
        )}
        <ErrorLine error={shift.error ?? change.error} />
        {closed && (
          <div className="pos-card" data-testid="shift-closed">
            <p className="pos-success" role="status">
              {closed.message}
            </p>
            <dl className="pos-facts">
              <dt>Expected</dt>
              <dd className="num">{money(closed.shift.expected_cents)}</dd>
              <dt>Counted</dt>
              <dd className="num">{money(closed.shift.counted_cents)}</dd>
              <dt>Over / short</dt>
              <dd className="num" data-testid="over-short">
                {money(closed.shift.over_short_cents)}
              </dd>
            </dl>
          </div>
        )}
      </section>
      <section className="pos-column pos-detail" aria-label="Takings">
        {s ? (
          <div className="pos-card" data-testid="shift-open">
            <h2>Open since {dayTime(s.shift.opened_at)}</h2>
            <p className="pos-muted">Opened by {s.openedByName ?? 'unknown'}</p>
            <dl className="pos-facts">
              <dt>Float</dt>
              <dd className="num">{money(s.shift.float_cents)}</dd>
              <dt>Cash taken</dt>
              <dd className="num">{money(s.cashInCents)}</dd>
              <dt>Cash refunded</dt>
              <dd className="num">{money(s.cashOutCents)}</dd>
              <dt>Expected in the drawer</dt>
              <dd className="num balance" data-testid="expected">
                {money(s.expectedCents)}
              </dd>
            </dl>
            <table className="pos-table pos-dense" aria-label="Takings by method">
              <thead>
                <tr>
                  <th scope="col">Method</th>
                  <th scope="col" className="num">
                    Taken
                  </th>
                  <th scope="col" className="num">
                    Refunded
                  </th>
                  <th scope="col" className="num">
                    Payments
                  </th>
                </tr>
              </thead>
              <tbody>
                {s.byMethod.map((m) => (
                  <tr key={m.method}>
                    <td>{m.label}</td>
                    <td className="num">{money(m.inCents)}</td>
                    <td className="num">{money(m.outCents)}</td>
                    <td className="num">{m.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="pos-empty">No shift is open on this till. Count the float into the drawer and open one to start selling.</p>
        )}
      </section>
    </div>
  );
}
