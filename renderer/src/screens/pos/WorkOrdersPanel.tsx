import { useEffect, useState, type FormEvent } from 'react';
import { ErrorLine } from './ErrorLine';
import { day, isoDay, money, STATUS_LABELS } from './money';
import type { PosCalls, Store, WorkOrderDetail, WorkOrderList, WorkOrderStatus } from './types';
import { usePosCall } from './usePosCall';

interface Props {
  pos: PosCalls;
  store: Store;
  onSessionExpired(): void;
}

const FILTERS: (WorkOrderStatus | 'active')[] = ['active', 'open', 'in_progress', 'waiting_parts', 'completed', 'invoiced', 'cancelled'];

/** Work orders by status, newest first, and one order as its receipt would print, under the store's receipt header. */
export function WorkOrdersPanel({ pos, store, onSessionExpired }: Props) {
  const [status, setStatus] = useState<WorkOrderStatus | 'active'>('active');
  const [number, setNumber] = useState('');
  const list = usePosCall<WorkOrderList>(onSessionExpired);
  const detail = usePosCall<WorkOrderDetail | null>(onSessionExpired);
  const [searched, setSearched] = useState<string | null>(null);

  const load = list.run;
  useEffect(() => {
    void load(() => pos.workOrders({ status }));
  }, [pos, status, load]);

  const open = (n: string) => {
    setSearched(n);
    void detail.run(() => pos.workOrder({ number: n }));
  };
  const find = (e: FormEvent) => {
    e.preventDefault();
    if (number.trim()) open(number.trim());
  };
  const counts = list.value?.counts;
  const countOf = (f: WorkOrderStatus | 'active') => (counts ? (f === 'active' ? counts.open + counts.in_progress + counts.waiting_parts : counts[f]) : null);

  return (
    <div className="pos-panel pos-split pos-wide-list">
      <section className="pos-column" aria-labelledby="work-orders">
        <h1 id="work-orders" className="pos-heading">
          Work orders
        </h1>
        <div className="pos-form">
          <label className="pos-field">
            <span>Show</span>
            <select value={status} onChange={(e) => setStatus(e.target.value as WorkOrderStatus | 'active')}>
              {FILTERS.map((f) => (
                <option key={f} value={f}>
                  {STATUS_LABELS[f]}
                  {countOf(f) !== null ? ` (${countOf(f)})` : ''}
                </option>
              ))}
            </select>
          </label>
          <form className="pos-inline" onSubmit={find}>
            <label className="pos-field">
              <span>Number</span>
              <input value={number} onChange={(e) => setNumber(e.target.value)} placeholder="WO-0100042" autoComplete="off" />
            </label>
            <button type="submit" className="button">
              Open
            </button>
          </form>
        </div>
        <ErrorLine error={list.error ?? detail.error} />
        <div className="pos-scroll" aria-label="Work orders list">
          <table className="pos-table pos-dense">
            <thead>
              <tr>
                <th>Number</th>
                <th>Opened</th>
                <th>Customer</th>
                <th>Status</th>
                <th className="num">Total</th>
              </tr>
            </thead>
            <tbody>
              {list.value?.orders.length === 0 && (
                <tr>
                  <td colSpan={5}>No work orders with this status.</td>
                </tr>
              )}
              {list.value?.orders.map((w) => (
                <tr key={w.id}>
                  <td className="mono">
                    <button type="button" className="pos-link" onClick={() => open(w.number)}>
                      {w.number}
                    </button>
                  </td>
                  <td className="tabular">{isoDay(w.opened_at)}</td>
                  <td className="ellipsis">{w.customer_name}</td>
                  <td>{STATUS_LABELS[w.status]}</td>
                  <td className="num">{money(w.total_cents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="pos-column pos-detail" aria-label="Work order" aria-live="polite">
        {detail.value ? (
          <Receipt store={store} detail={detail.value} />
        ) : searched && detail.value === null && !detail.busy && !detail.error ? (
          <p className="pos-empty">
            No work order <span className="mono">{searched}</span> in this store.
          </p>
        ) : (
          <p className="pos-empty">Choose a work order.</p>
        )}
      </section>
    </div>
  );
}

function Receipt({ store, detail }: { store: Store; detail: WorkOrderDetail }) {
  const { order, vehicle, lines } = detail;
  return (
    <article className="pos-receipt pos-scroll" data-testid="work-order">
      <header className="pos-receipt-header">
        {store.branding.receiptHeader.map((line, i) => (
          <div key={i} className={i === 0 ? 'pos-receipt-title' : undefined}>
            {line}
          </div>
        ))}
      </header>
      <h2 className="mono">{order.number}</h2>
      <p>
        {order.customer_name}
        {vehicle ? ` · ${vehicle.year} ${vehicle.make} ${vehicle.model}` : ''}
        <br />
        {STATUS_LABELS[order.status]} · opened {day(order.opened_at)}
        {order.completed_at ? ` · completed ${day(order.completed_at)}` : ''}
      </p>
      <p className="pos-muted">{order.description}</p>
      <table className="pos-table">
        <thead>
          <tr>
            <th>#</th>
            <th>Item</th>
            <th className="num">Qty</th>
            <th className="num">Each</th>
            <th className="num">Amount</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <tr key={l.id}>
              <td>{l.line_no}</td>
              <td>
                {l.sku && <span className="mono">{l.sku} </span>}
                {l.description}
              </td>
              <td className="num">{l.quantity}</td>
              <td className="num">{money(l.unit_price_cents)}</td>
              <td className="num">{money(l.quantity * l.unit_price_cents)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td colSpan={4}>Total</td>
            <td className="num">{money(order.total_cents)}</td>
          </tr>
        </tfoot>
      </table>
    </article>
  );
}
