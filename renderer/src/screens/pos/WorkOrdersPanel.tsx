import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Outcome } from '../../pos';
import { ErrorLine } from './ErrorLine';
import { centsOf, isoDay, money, STATUS_LABELS } from './money';
import { SaleDone } from './SaleDone';
import { ScanField } from './ScanField';
import { TenderPanel } from './TenderPanel';
import type {
  Customer,
  CustomerDetail,
  LookupResult,
  PosCalls,
  ReceiptCalls,
  SalesSetup,
  SaleView,
  TenderInput,
  WorkOrderList,
  WorkOrderSearch,
  WorkOrderStatus,
  WorkOrderView,
} from './types';
import { useApproval } from './useApproval';
import { usePosCall } from './usePosCall';

interface Props {
  pos: PosCalls;
  receipts: ReceiptCalls;
  setup: SalesSetup | null;
  onSessionExpired(): void;
}

type ClerkStatus = 'open' | 'in_progress' | 'waiting_parts' | 'completed' | 'cancelled';
const CLERK_STATUSES: ClerkStatus[] = ['open', 'in_progress', 'waiting_parts', 'completed', 'cancelled'];

/** Work orders from open to paid: find (number, customer, plate), open one, add parts by scan and labour by rate, move its status, take a deposit, check out. */
export function WorkOrdersPanel({ pos, receipts, setup, onSessionExpired }: Props) {
  const [query, setQuery] = useState('');
  const list = usePosCall<WorkOrderList>(onSessionExpired);
  const found = usePosCall<WorkOrderSearch>(onSessionExpired);
  const order = usePosCall<WorkOrderView | null>(onSessionExpired);
  const [creating, setCreating] = useState(false);
  const [done, setDone] = useState<SaleView | null>(null);
  const load = list.run;
  useEffect(() => {
    void load(() => pos.workOrders({ status: 'active' }));
  }, [pos, load]);
  const open = (number: string) => {
    setCreating(false);
    void order.run(() => pos.workOrderView({ number }));
  };
  const search = (e: FormEvent) => {
    e.preventDefault();
    if (query.trim()) void found.run(() => pos.searchWorkOrders({ query: query.trim() }));
  };
  const orders = found.value?.orders ?? list.value?.orders ?? [];
  // A deposit or checkout gets the whole panel for its receipt, as a sale does.
  if (done)
    return (
      <SaleDone
        pos={pos}
        receipts={receipts}
        sale={done}
        nextLabel="Back to the work order"
        onNext={() => {
          const number = order.value?.detail.order.number;
          setDone(null);
          if (number) open(number);
        }}
      />
    );
  return (
    <div className="pos-panel pos-split pos-wide-list">
      <section className="pos-column" aria-labelledby="work-orders">
        <h1 id="work-orders" className="pos-heading">
          Work orders
        </h1>
        <form className="pos-inline" onSubmit={search}>
          <label className="pos-field pos-wide">
            <span>Number, customer or plate</span>
            <input value={query} onChange={(e) => setQuery(e.target.value)} placeholder="WO-0100042, Garcia or AB123" autoComplete="off" />
          </label>
          <button type="submit" className="button">
            Search
          </button>
          <button
            type="button"
            className="button"
            onClick={() => {
              order.reset();
              setCreating(true);
            }}
          >
            New work order
          </button>
        </form>
        <ErrorLine error={list.error ?? found.error} />
        <div className="pos-scroll">
          <table className="pos-table pos-dense" aria-label={found.value ? 'Work orders found' : 'Active work orders'}>
            <thead>
              <tr>
                <th scope="col">Number</th>
                <th scope="col">Opened</th>
                <th scope="col">Customer</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Total
                </th>
              </tr>
            </thead>
            <tbody>
              {orders.length === 0 && (
                <tr>
                  <td colSpan={5}>No work orders to show.</td>
                </tr>
              )}
              {orders.map((w) => (
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
      <section className="pos-column pos-detail" aria-label="Work order">
        {creating ? (
          <NewWorkOrder
            pos={pos}
            setup={setup}
            onSessionExpired={onSessionExpired}
            onOpened={(v) => {
              setCreating(false);
              void order.run(async () => ({ ok: true as const, value: v }));
            }}
          />
        ) : order.value ? (
          <OrderDetail
            key={order.value.detail.order.id}
            pos={pos}
            setup={setup}
            view={order.value}
            onSessionExpired={onSessionExpired}
            onChanged={(v) => void order.run(async () => ({ ok: true as const, value: v }))}
            onPaid={setDone}
          />
        ) : (
          <>
            <ErrorLine error={order.error} />
            <p className="pos-empty">Choose a work order, or open a new one.</p>
          </>
        )}
      </section>
    </div>
  );
}

function NewWorkOrder({
  pos,
  setup,
  onSessionExpired,
  onOpened,
}: {
  pos: PosCalls;
  setup: SalesSetup | null;
  onSessionExpired(): void;
  onOpened(v: WorkOrderView): void;
}) {
  const [query, setQuery] = useState('');
  const customers = usePosCall<Customer[]>(onSessionExpired);
  const customer = usePosCall<CustomerDetail | null>(onSessionExpired);
  const opened = usePosCall<WorkOrderView>(onSessionExpired);
  const [vehicleId, setVehicleId] = useState('');
  const [technicianId, setTechnicianId] = useState('');
  const [description, setDescription] = useState('');
  const [odometer, setOdometer] = useState('');
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!customer.value || !description.trim()) return;
    const v = await opened.run(() =>
      pos.openWorkOrder({
        customerId: customer.value!.customer.id,
        vehicleId: vehicleId || null,
        technicianId: technicianId || null,
        description: description.trim(),
        odometer: odometer.trim() ? Math.max(0, Math.floor(Number(odometer))) : null,
      }),
    );
    if (v) onOpened(v);
  };
  return (
    <div className="pos-scroll">
      <h2>New work order</h2>
      <form
        className="pos-inline"
        onSubmit={(e) => {
          e.preventDefault();
          void customers.run(() => pos.searchCustomers({ query }));
        }}
      >
        <label className="pos-field">
          <span>Customer (last name or phone)</span>
          <input ref={first} value={query} onChange={(e) => setQuery(e.target.value)} autoComplete="off" />
        </label>
        <button type="submit" className="button">
          Find
        </button>
      </form>
      {customers.value && !customer.value && (
        <ul className="pos-results" aria-label="Customers found">
          {customers.value.map((c) => (
            <li key={c.id}>
              <button type="button" className="pos-result" onClick={() => void customer.run(() => pos.customer({ id: c.id }))}>
                <span>
                  {c.first_name} {c.last_name}
                </span>
                <span className="pos-muted">{c.phone ?? ''}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {customer.value && (
        <form className="pos-form" onSubmit={(e) => void submit(e)}>
          <p>
            For <strong>{`${customer.value.customer.first_name} ${customer.value.customer.last_name}`}</strong>
          </p>
          <label className="pos-field">
            <span>Vehicle</span>
            <select value={vehicleId} onChange={(e) => setVehicleId(e.target.value)}>
              <option value="">No vehicle</option>
              {customer.value.vehicles.map((v) => (
                <option key={v.id} value={v.id}>
                  {v.year} {v.make} {v.model}
                  {v.license_plate ? ` (${v.license_plate})` : ''}
                </option>
              ))}
            </select>
          </label>
          <label className="pos-field">
            <span>Technician</span>
            <select value={technicianId} onChange={(e) => setTechnicianId(e.target.value)}>
              <option value="">Not assigned</option>
              {setup?.technicians.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </label>
          <label className="pos-field pos-wide">
            <span>What the customer reports</span>
            <input value={description} onChange={(e) => setDescription(e.target.value)} autoComplete="off" />
          </label>
          <label className="pos-field pos-narrow">
            <span>Odometer</span>
            <input inputMode="numeric" value={odometer} onChange={(e) => setOdometer(e.target.value)} autoComplete="off" />
          </label>
          <button type="submit" className="button pos-primary" disabled={opened.busy || !description.trim()}>
            Open work order
          </button>
        </form>
      )}
      <ErrorLine error={customers.error ?? customer.error ?? opened.error} />
    </div>
  );
}

interface DetailProps {
  pos: PosCalls;
  setup: SalesSetup | null;
  view: WorkOrderView;
  onSessionExpired(): void;
  onChanged(v: WorkOrderView): void;
  onPaid(sale: SaleView): void;
}

function OrderDetail({ pos, setup, view, onSessionExpired, onChanged, onPaid }: DetailProps) {
  const change = usePosCall<WorkOrderView>(onSessionExpired);
  const lookup = usePosCall<LookupResult>(onSessionExpired);
  const paid = usePosCall<SaleView>(onSessionExpired);
  const approval = useApproval<SaleView>();
  const [rateId, setRateId] = useState(setup?.labourRates[0]?.id ?? '');
  const [hours, setHours] = useState('1.0');
  const [labour, setLabour] = useState('');
  const [deposit, setDeposit] = useState('');
  const [depositMethod, setDepositMethod] = useState<'cash' | 'card'>('card');
  const [problem, setProblem] = useState<string | null>(null);
  const [mode, setMode] = useState<'work' | 'checkout'>('work');
  const scan = useRef<HTMLInputElement>(null);
  const { order, vehicle, lines } = view.detail;
  const editable = order.status !== 'invoiced' && order.status !== 'cancelled';

  const apply = async (call: () => Promise<Outcome<WorkOrderView | null>>) => {
    const v = await change.run(call as () => Promise<Outcome<WorkOrderView>>);
    if (v) onChanged(v);
    requestAnimationFrame(() => scan.current?.focus());
  };
  const addPart = async (q: string) => {
    const r = await lookup.run(() => pos.lookUp({ query: q }));
    const product = r?.exact ?? (r?.matches.length === 1 ? r.matches[0] : undefined);
    if (product) await apply(() => pos.addPartToWorkOrder({ workOrderId: order.id, productId: product.id, quantity: 1 }));
  };
  const addLabour = async (e: FormEvent) => {
    e.preventDefault();
    const tenths = Math.round(Number(hours) * 10);
    if (!Number.isFinite(tenths) || tenths <= 0) return setProblem('Enter hours such as 1.5');
    setProblem(null);
    await apply(() => pos.addLabourToWorkOrder({ workOrderId: order.id, rateId, tenths, description: labour, technicianId: null }));
    setLabour('');
  };
  const takeDeposit = async (e: FormEvent) => {
    e.preventDefault();
    const cents = centsOf(deposit);
    if (!cents) return setProblem('Enter the deposit in dollars, such as 50.00');
    setProblem(null);
    const tender: TenderInput = depositMethod === 'cash' ? { method: 'cash', tenderedCents: cents } : { method: 'card', amountCents: cents };
    const sale = await paid.run(() => pos.takeDeposit({ workOrderId: order.id, amountCents: cents, tenders: [tender] }));
    if (sale) setDeposit('');
  };
  const checkout = async (tenders: TenderInput[]) => {
    const o = await approval.run((a) =>
      pos.checkout({ cart: { customerId: null, workOrderId: order.id, lines: [], orderDiscount: null, promotionCode: null }, tenders, approval: a }),
    );
    await paid.run(async () => o);
  };
  useEffect(() => {
    if (paid.value) onPaid(paid.value);
  }, [paid.value, onPaid]);
  const q = view.quote;
  return (
    <article className="pos-scroll work-order" data-testid="work-order">
      <h2 className="mono">{order.number}</h2>
      <p>
        {order.customer_name}
        {vehicle ? ` · ${vehicle.year} ${vehicle.make} ${vehicle.model}${vehicle.license_plate ? ` (${vehicle.license_plate})` : ''}` : ''}
        <br />
        <span className="pos-muted">{order.description}</span>
      </p>
      <div className="pos-inline">
        <label className="pos-field">
          <span>Status</span>
          <select
            value={order.status}
            disabled={!editable || change.busy}
            onChange={(e) => void apply(() => pos.setWorkOrderStatus({ workOrderId: order.id, status: e.target.value as ClerkStatus }))}
          >
            {(editable ? CLERK_STATUSES : [order.status as WorkOrderStatus]).map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <table className="pos-table pos-dense" aria-label="Lines">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Item</th>
            <th scope="col" className="num">
              Qty
            </th>
            <th scope="col" className="num">
              Amount
            </th>
            <th scope="col">
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.length === 0 && (
            <tr>
              <td colSpan={5}>No parts or labour yet.</td>
            </tr>
          )}
          {lines.map((l) => (
            <tr key={l.id}>
              <td>{l.line_no}</td>
              <td className="wrap">
                {l.sku && <span className="mono">{l.sku} </span>}
                {l.description}
              </td>
              <td className="num">{l.quantity}</td>
              <td className="num">{money(l.quantity * l.unit_price_cents)}</td>
              <td>
                {editable && (
                  <button
                    type="button"
                    className="pos-link"
                    aria-label={`Remove line ${l.line_no}`}
                    onClick={() => void apply(() => pos.removeWorkOrderLine({ workOrderId: order.id, lineId: l.id }))}
                  >
                    ✕
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl className="sell-totals">
        <div>
          <dt>Lines</dt>
          <dd>{money(q.cart.subtotalCents)}</dd>
        </div>
        <div>
          <dt>Tax</dt>
          <dd>{money(q.cart.taxCents)}</dd>
        </div>
        <div className="sell-total">
          <dt>Total</dt>
          <dd data-testid="work-order-total">{money(order.total_cents)}</dd>
        </div>
        {view.depositCents > 0 && (
          <div>
            <dt>Deposits taken</dt>
            <dd>{money(view.depositCents)}</dd>
          </div>
        )}
      </dl>
      <ErrorLine error={change.error ?? lookup.error ?? paid.error} />
      {problem && (
        <p className="pos-error" role="alert">
          {problem}.
        </p>
      )}
      {editable && mode === 'work' && (
        <>
          <ScanField
            ref={scan}
            label="Add a part (scan or SKU)"
            placeholder="Barcode or SKU, then Enter"
            busy={lookup.busy || change.busy}
            onSubmit={(q) => void addPart(q)}
          />
          {lookup.value && !lookup.value.exact && lookup.value.matches.length > 1 && (
            <ul className="pos-results" aria-label="Parts found">
              {lookup.value.matches.slice(0, 6).map((p) => (
                <li key={p.id}>
                  <button
                    type="button"
                    className="pos-result"
                    onClick={() => void apply(() => pos.addPartToWorkOrder({ workOrderId: order.id, productId: p.id, quantity: 1 }))}
                  >
                    <span className="ellipsis">
                      <span className="mono">{p.sku}</span> {p.name}
                    </span>
                    <span className="num">{money(p.price_cents)}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          <form className="pos-inline" onSubmit={(e) => void addLabour(e)} aria-label="Add labour">
            <label className="pos-field">
              <span>Labour rate</span>
              <select value={rateId} onChange={(e) => setRateId(e.target.value)}>
                {setup?.labourRates.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.name} ({money(r.centsPerHour)}/h)
                  </option>
                ))}
              </select>
            </label>
            <label className="pos-field pos-narrow">
              <span>Hours</span>
              <input inputMode="decimal" value={hours} onChange={(e) => setHours(e.target.value)} autoComplete="off" />
            </label>
            <label className="pos-field">
              <span>Work done</span>
              <input value={labour} onChange={(e) => setLabour(e.target.value)} autoComplete="off" />
            </label>
            <button type="submit" className="button">
              Add labour
            </button>
          </form>
          <form className="pos-inline" onSubmit={(e) => void takeDeposit(e)} aria-label="Take a deposit">
            <label className="pos-field pos-narrow">
              <span>Deposit ($)</span>
              <input inputMode="decimal" value={deposit} onChange={(e) => setDeposit(e.target.value)} autoComplete="off" />
            </label>
            <label className="pos-field">
              <span>Paid by</span>
              <select value={depositMethod} onChange={(e) => setDepositMethod(e.target.value as 'cash' | 'card')}>
                <option value="card">Card (terminal)</option>
                <option value="cash">Cash</option>
              </select>
            </label>
            <button type="submit" className="button">
              Take deposit
            </button>
          </form>
          <div className="actions">
            <button type="button" className="button pos-primary" disabled={lines.length === 0} onClick={() => setMode('checkout')}>
              Check out
            </button>
          </div>
        </>
      )}
      {editable && mode === 'checkout' && (
        <>
          <TenderPanel
            dueCents={q.dueCents}
            storeCreditCents={q.storeCreditCents}
            canLayaway={false}
            busy={paid.busy}
            payLabel="Complete checkout"
            onPay={(t) => void checkout(t)}
          />
          <button type="button" className="button" onClick={() => setMode('work')}>
            Back to the work
          </button>
        </>
      )}
      {approval.dialog}
    </article>
  );
}
