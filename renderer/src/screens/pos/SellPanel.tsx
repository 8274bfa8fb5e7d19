import { useEffect, useState, type FormEvent, type RefObject } from 'react';
import { addProduct, cartInput, discountOf, discountText, EMPTY_CART, type CartState } from './cart';
import { ErrorLine } from './ErrorLine';
import { money } from './money';
import { ScanField } from './ScanField';
import { SaleDone } from './SaleDone';
import { TenderPanel } from './TenderPanel';
import type { Customer, CustomerDetail, CustomerVehicle, LookupResult, PosCalls, ProductSummary, Quote, ReceiptCalls, SaleView, TenderInput } from './types';
import { useApproval } from './useApproval';
import { usePosCall } from './usePosCall';

interface Props {
  pos: PosCalls;
  receipts: ReceiptCalls;
  cart: CartState;
  onCart(cart: CartState): void;
  scanRef: RefObject<HTMLInputElement | null>;
  onSessionExpired(): void;
  onVehicle(vehicle: CustomerVehicle): void;
  onSold(): void;
}

/**
 * The sale: scan first (the field keeps focus), the cart priced by the worker
 * on every change, the customer (price level, store credit, their vehicles),
 * a promotion and discounts, then payment and the receipt.
 */
export function SellPanel({ pos, receipts, cart, onCart, scanRef, onSessionExpired, onVehicle, onSold }: Props) {
  const lookup = usePosCall<LookupResult>(onSessionExpired);
  const quote = usePosCall<Quote>(onSessionExpired);
  const customers = usePosCall<Customer[]>(onSessionExpired);
  const customer = usePosCall<CustomerDetail | null>(onSessionExpired);
  const sold = usePosCall<SaleView>(onSessionExpired);
  const approval = useApproval<SaleView>();
  const [notice, setNotice] = useState<string | null>(null);
  const [customerQuery, setCustomerQuery] = useState('');
  const [promo, setPromo] = useState(cart.promotionCode ?? '');
  const [orderDiscount, setOrderDiscount] = useState(discountText(cart.orderDiscount));
  const [inputProblem, setInputProblem] = useState<string | null>(null);
  const focusScan = () => requestAnimationFrame(() => scanRef.current?.focus());

  const runQuote = quote.run;
  const resetQuote = quote.reset;
  useEffect(() => {
    if (cart.lines.length === 0) return resetQuote();
    void runQuote(() => pos.quote({ cart: cartInput(cart) }));
  }, [pos, cart, runQuote, resetQuote]);
  const loadCustomer = customer.run;
  useEffect(() => {
    if (cart.customer) void loadCustomer(() => pos.customer({ id: cart.customer!.id }));
  }, [pos, cart.customer, loadCustomer]);
  useEffect(() => {
    focusScan();
  }, [scanRef]);

  const add = (p: ProductSummary) => {
    onCart(addProduct(cart, p.id));
    setNotice(`Added ${p.sku} ${p.name}.`);
    lookup.reset();
    focusScan();
  };
  const scan = async (q: string) => {
    setNotice(null);
    const found = await lookup.run(() => pos.lookUp({ query: q }));
    if (found?.exact) add(found.exact);
    else if (found && found.matches.length === 0) setNotice(`Nothing in this store matches "${q}".`);
    focusScan();
  };
  const setLine = (i: number, change: { quantity?: number; discount?: string }) => {
    const line = cart.lines[i]!;
    let next = line;
    if (change.quantity !== undefined && line.kind !== 'labor') next = { ...next, quantity: change.quantity } as typeof line;
    if (change.discount !== undefined) {
      const d = discountOf(change.discount);
      if (d === undefined) return setInputProblem('A discount is a percentage such as 10% or an amount such as 5.00');
      setInputProblem(null);
      next = { ...next, discount: d };
    }
    onCart({ ...cart, lines: cart.lines.map((l, k) => (k === i ? next : l)) });
  };
  const remove = (i: number) => {
    onCart({ ...cart, lines: cart.lines.filter((_, k) => k !== i) });
    focusScan();
  };
  const applyOrder = (e: FormEvent) => {
    e.preventDefault();
    const d = discountOf(orderDiscount);
    if (d === undefined) return setInputProblem('A discount is a percentage such as 10% or an amount such as 5.00');
    setInputProblem(null);
    onCart({ ...cart, orderDiscount: d, promotionCode: promo.trim() ? promo.trim().toUpperCase() : null });
    focusScan();
  };
  const findCustomer = (e: FormEvent) => {
    e.preventDefault();
    void customers.run(() => pos.searchCustomers({ query: customerQuery }));
  };
  const chooseCustomer = (c: Customer) => {
    onCart({ ...cart, customer: { id: c.id, name: `${c.first_name} ${c.last_name}` } });
    customers.reset();
    setCustomerQuery('');
    focusScan();
  };
  const pay = async (tenders: TenderInput[], layaway: boolean) => {
    const o = await approval.run((a) => pos.checkout({ cart: cartInput(cart), tenders, approval: a, layaway: layaway ? { dueDate: null } : null }));
    const done = await sold.run(async () => o);
    if (done) onSold();
  };
  const newSale = () => {
    sold.reset();
    onCart(EMPTY_CART);
    setPromo('');
    setOrderDiscount('');
    setNotice(null);
    focusScan();
  };

  if (sold.value) return <SaleDone pos={pos} receipts={receipts} sale={sold.value} onNext={newSale} nextLabel="New sale" />;

  const q = quote.value;
  return (
    <div className="pos-panel pos-split sell">
      <section className="pos-column" aria-labelledby="sell-title">
        <h1 id="sell-title" className="pos-heading">
          Sell
        </h1>
        <ScanField ref={scanRef} label="Scan or search" busy={lookup.busy} onSubmit={(q) => void scan(q)} />
        <p className="pos-notice-line" role="status" aria-live="polite">
          {notice}
        </p>
        <ErrorLine error={lookup.error} />
        {lookup.value && !lookup.value.exact && lookup.value.matches.length > 0 && (
          <ul className="pos-results pos-scroll matches" aria-label="Products found">
            {lookup.value.matches.map((p) => (
              <li key={p.id}>
                <button type="button" className="pos-result" onClick={() => add(p)}>
                  <span className="ellipsis">
                    <span className="mono">{p.sku}</span> {p.name}
                  </span>
                  <span className="num">{money(p.price_cents)}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
        <div className="sell-customer">
          {cart.customer ? (
            <div className="customer-chip">
              <span>
                Customer: <strong>{cart.customer.name}</strong>
                {q?.priceLevelName ? ` · ${q.priceLevelName} prices` : ''}
              </span>
              <button type="button" className="pos-link" onClick={() => onCart({ ...cart, customer: null })}>
                Remove
              </button>
            </div>
          ) : (
            <form className="pos-inline" onSubmit={findCustomer}>
              <label className="pos-field">
                <span>Customer (last name or phone)</span>
                <input value={customerQuery} onChange={(e) => setCustomerQuery(e.target.value)} autoComplete="off" />
              </label>
              <button type="submit" className="button">
                Find
              </button>
            </form>
          )}
          {customers.value && (
            <ul className="pos-results pos-scroll" aria-label="Customers found">
              {customers.value.length === 0 && <li className="pos-muted">No customer in this store matches.</li>}
              {customers.value.map((c) => (
                <li key={c.id}>
                  <button type="button" className="pos-result" onClick={() => chooseCustomer(c)}>
                    <span>
                      {c.first_name} {c.last_name}
                    </span>
                    <span className="pos-muted">{c.phone ?? ''}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          {cart.customer && customer.value && customer.value.vehicles.length > 0 && (
            <ul className="pos-list vehicles" aria-label="Customer's vehicles">
              {customer.value.vehicles.slice(0, 3).map((v) => (
                <li key={v.id}>
                  {v.year} {v.make} {v.model}
                  {v.license_plate ? ` (${v.license_plate})` : ''}{' '}
                  <button type="button" className="pos-link" onClick={() => onVehicle(v)}>
                    Parts that fit
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
        <form className="pos-inline" onSubmit={applyOrder} aria-label="Promotion and order discount">
          <label className="pos-field pos-narrow">
            <span>Promotion code</span>
            <input value={promo} onChange={(e) => setPromo(e.target.value)} autoComplete="off" spellCheck={false} />
          </label>
          <label className="pos-field pos-narrow">
            <span>Order discount</span>
            <input value={orderDiscount} onChange={(e) => setOrderDiscount(e.target.value)} placeholder="10% or 5.00" autoComplete="off" />
          </label>
          <button type="submit" className="button">
            Apply
          </button>
        </form>
        {inputProblem && (
          <p className="pos-error" role="alert">
            {inputProblem}.
          </p>
        )}
      </section>
      <section className="pos-column pos-detail" aria-label="Cart">
        <ErrorLine error={quote.error} />
        {cart.lines.length === 0 ? (
          <p className="pos-empty">Scan or look up the first item.</p>
        ) : (
          <>
            <div className="pos-scroll cart-scroll">
              <table className="pos-table pos-dense cart" aria-label="Items">
                <thead>
                  <tr>
                    <th scope="col">Item</th>
                    <th scope="col" className="num">
                      Qty
                    </th>
                    <th scope="col" className="num">
                      Disc.
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
                  {cart.lines.map((l, i) => {
                    const priced = q?.cart.lines[i];
                    return (
                      <tr key={i} data-testid="cart-line">
                        <td className="wrap">
                          {priced?.sku && <span className="mono">{priced.sku} </span>}
                          {priced?.description ?? '…'}
                          {priced && priced.quantity > 1 && <div className="pos-muted">{money(priced.unitPriceCents)} each</div>}
                        </td>
                        <td className="num">
                          <input
                            className="qty"
                            type="number"
                            min={1}
                            max={10000}
                            value={l.kind === 'labor' ? 1 : l.quantity}
                            disabled={l.kind === 'labor'}
                            aria-label={`Quantity of line ${i + 1}`}
                            onChange={(e) => Number(e.target.value) >= 1 && setLine(i, { quantity: Math.floor(Number(e.target.value)) })}
                          />
                        </td>
                        <td className="num">
                          <input
                            className="disc"
                            defaultValue={discountText(l.discount)}
                            aria-label={`Discount on line ${i + 1}`}
                            placeholder="—"
                            onBlur={(e) => setLine(i, { discount: e.target.value })}
                            onKeyDown={(e) => e.key === 'Enter' && setLine(i, { discount: (e.target as HTMLInputElement).value })}
                          />
                        </td>
                        <td className="num">{priced ? money(priced.netCents) : '…'}</td>
                        <td>
                          <button type="button" className="pos-link" onClick={() => remove(i)} aria-label={`Remove line ${i + 1}`}>
                            ✕
                          </button>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            {q && (
              <dl className="sell-totals" data-testid="totals">
                <div>
                  <dt>Subtotal</dt>
                  <dd>{money(q.cart.subtotalCents)}</dd>
                </div>
                {q.cart.discountCents > 0 && (
                  <div>
                    <dt>Discounts{q.cart.promotion ? ` (incl. ${q.cart.promotion.code})` : ''}</dt>
                    <dd>-{money(q.cart.discountCents)}</dd>
                  </div>
                )}
                {q.cart.taxByClass.map((t) => (
                  <div key={`${t.taxClass}${t.ratePpm}`}>
                    <dt>
                      Tax, {t.taxClass === 'labor' ? 'labour' : t.taxClass} {t.ratePpm / 10_000}%
                    </dt>
                    <dd>{money(t.taxCents)}</dd>
                  </div>
                ))}
                <div className="sell-total">
                  <dt>Total</dt>
                  <dd data-testid="total">{money(q.cart.totalCents)}</dd>
                </div>
              </dl>
            )}
            {q && q.needsApproval.length > 0 && <p className="pos-note">A manager approves these discounts at payment: {q.needsApproval.join('; ')}.</p>}
            {q && (
              <TenderPanel
                key={q.cart.totalCents}
                dueCents={q.dueCents}
                storeCreditCents={q.storeCreditCents}
                canLayaway={cart.customer !== null}
                busy={sold.busy}
                error={sold.error}
                payLabel="Complete sale"
                onPay={(t, lay) => void pay(t, lay)}
              />
            )}
          </>
        )}
      </section>
      {approval.dialog}
    </div>
  );
}
