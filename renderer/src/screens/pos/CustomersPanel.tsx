import { useState, type FormEvent } from 'react';
import { ErrorLine } from './ErrorLine';
import { day, money, STATUS_LABELS } from './money';
import type { Customer, CustomerDetail, PosCalls, Store } from './types';
import { usePosCall } from './usePosCall';

interface Props {
  pos: PosCalls;
  store: Store;
  onSessionExpired(): void;
}

const fullName = (c: Customer) => `${c.first_name} ${c.last_name}`;

/** Customer lookup by last name or phone, then the customer with their vehicles, loyalty, layaways and recent work. */
export function CustomersPanel({ pos, onSessionExpired }: Props) {
  const [query, setQuery] = useState('');
  const results = usePosCall<Customer[]>(onSessionExpired);
  const detail = usePosCall<CustomerDetail | null>(onSessionExpired);

  const search = async (e: FormEvent) => {
    e.preventDefault();
    detail.reset();
    await results.run(() => pos.searchCustomers({ query }));
  };

  return (
    <div className="pos-panel pos-split">
      <section className="pos-column" aria-labelledby="find-customer">
        <h1 id="find-customer" className="pos-heading">
          Find a customer
        </h1>
        <form className="pos-form" onSubmit={(e) => void search(e)}>
          <label className="pos-field pos-wide">
            <span>Last name or phone</span>
            <input name="customer" value={query} onChange={(e) => setQuery(e.target.value)} autoComplete="off" placeholder="e.g. Garc or 201555" />
          </label>
          <button type="submit" className="button pos-primary" disabled={results.busy}>
            Search
          </button>
        </form>
        <ErrorLine error={results.error ?? detail.error} />
        {results.value && (
          <ul className="pos-results pos-scroll" aria-label="Customers found">
            {results.value.length === 0 && <li className="pos-muted">No customer in this store matches.</li>}
            {results.value.map((c) => (
              <li key={c.id}>
                <button type="button" className="pos-result" onClick={() => void detail.run(() => pos.customer({ id: c.id }))}>
                  <span>{fullName(c)}</span>
                  <span className="pos-muted">{c.phone ?? c.company ?? ''}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="pos-column pos-detail" aria-label="Customer" aria-live="polite">
        {detail.value ? <CustomerCard detail={detail.value} /> : <p className="pos-empty">Search, then choose a customer.</p>}
      </section>
    </div>
  );
}

function CustomerCard({ detail }: { detail: CustomerDetail }) {
  const { customer: c, vehicles, loyalty, layaways, workOrders } = detail;
  return (
    <article className="pos-card pos-scroll" data-testid="customer-card">
      <h2>{fullName(c)}</h2>
      <dl className="pos-facts">
        {c.company && (
          <>
            <dt>Company</dt>
            <dd>{c.company}</dd>
          </>
        )}
        <dt>Phone</dt>
        <dd>{c.phone ?? '—'}</dd>
        <dt>Email</dt>
        <dd>{c.email ?? '—'}</dd>
        <dt>Loyalty</dt>
        <dd>{loyalty ? `${loyalty.tier}, ${loyalty.points_balance.toLocaleString('en-US')} points` : 'Not enrolled'}</dd>
      </dl>
      {c.notes && <p className="pos-note">{c.notes}</p>}
      <h3>Vehicles</h3>
      {vehicles.length === 0 ? (
        <p className="pos-muted">None on file.</p>
      ) : (
        <ul className="pos-list" aria-label="Vehicles">
          {vehicles.map((v) => (
            <li key={v.id}>
              {v.year} {v.make} {v.model}
              {v.engine ? `, ${v.engine}` : ''}
              {v.license_plate ? ` · plate ${v.license_plate}` : ''}
              {v.mileage !== null ? ` · ${v.mileage.toLocaleString('en-US')} mi` : ''}
            </li>
          ))}
        </ul>
      )}
      {layaways.length > 0 && (
        <>
          <h3>Layaways</h3>
          <ul className="pos-list">
            {layaways.map((l) => (
              <li key={l.id}>
                <span className="mono">{l.number}</span> {l.status}, paid {money(l.paid_cents)} of {money(l.total_cents)}
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>Recent work orders</h3>
      {workOrders.length === 0 ? (
        <p className="pos-muted">None.</p>
      ) : (
        <ul className="pos-list">
          {workOrders.map((w) => (
            <li key={w.id}>
              <span className="mono">{w.number}</span> {day(w.opened_at)} · {STATUS_LABELS[w.status]} · {money(w.total_cents)}
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
