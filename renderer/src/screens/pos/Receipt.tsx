import { createPortal } from 'react-dom';
import { dayTime, money } from './money';
import type { ReceiptView, Slip } from './types';

/**
 * A receipt as it prints, from the view the worker built (every figure there
 * is summed from the stored lines and payments). The same component is the
 * on-screen receipt and, through a portal, the only thing the printed page
 * and the PDF show.
 */
export function ReceiptDoc({ receipt, slips = [], testId = 'receipt' }: { receipt: ReceiptView; slips?: Slip[]; testId?: string }) {
  const refund = receipt.kind === 'return';
  return (
    <article className="receipt-paper" data-testid={testId} aria-label={`Receipt ${receipt.number}`}>
      <header className="receipt-head">
        <div className="receipt-logo">{receipt.logoText}</div>
        {receipt.header.map((line, i) => (
          <div key={i} className={i === 0 ? 'receipt-store' : undefined}>
            {line}
          </div>
        ))}
      </header>
      <p className="receipt-meta">
        <strong>{receipt.title}</strong> <span className="mono">{receipt.number}</span>
        <br />
        {dayTime(receipt.createdAt)} · {receipt.cashier}
        {receipt.customer ? (
          <>
            <br />
            Customer: {receipt.customer}
          </>
        ) : null}
        {receipt.reference ? (
          <>
            <br />
            {receipt.reference}
          </>
        ) : null}
      </p>
      <table className="receipt-lines">
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col" className="num">
              Qty
            </th>
            <th scope="col" className="num">
              Amount
            </th>
          </tr>
        </thead>
        <tbody>
          {receipt.lines.map((l) => (
            <tr key={l.lineNo}>
              <td>
                {l.sku ? <span className="mono">{l.sku} </span> : null}
                {l.description}
                {!refund && l.quantity > 1 ? <div className="receipt-each">{money(l.unitPriceCents)} each</div> : null}
                {!refund && l.discountCents > 0 ? <div className="receipt-each">less {money(l.discountCents)}</div> : null}
              </td>
              <td className="num">{l.quantity}</td>
              <td className="num">{money(refund ? l.netCents : l.grossCents)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl className="receipt-totals">
        <div className="receipt-row">
          <dt>Subtotal</dt>
          <dd>{money(receipt.subtotalCents)}</dd>
        </div>
        {receipt.discounts.map((d) => (
          <div key={d.label} className="receipt-row">
            <dt>{d.label}</dt>
            <dd>-{money(d.cents)}</dd>
          </div>
        ))}
        {receipt.taxes.map((t) => (
          <div key={t.label} className="receipt-row">
            <dt>{t.label}</dt>
            <dd>{money(t.cents)}</dd>
          </div>
        ))}
        <div className="receipt-row receipt-total">
          <dt>{refund ? 'Refund total' : 'Total'}</dt>
          <dd data-testid={`${testId}-total`}>{money(receipt.totalCents)}</dd>
        </div>
        {receipt.payments.map((p, i) => (
          <div key={i} className="receipt-row">
            <dt>
              {p.label}
              {p.changeCents > 0 ? ` (tendered ${money(p.tenderedCents)})` : ''}
            </dt>
            <dd>{money(p.amountCents)}</dd>
          </div>
        ))}
        {receipt.changeCents > 0 && (
          <div className="receipt-row receipt-total">
            <dt>Change</dt>
            <dd data-testid={`${testId}-change`}>{money(receipt.changeCents)}</dd>
          </div>
        )}
        {receipt.balanceDueCents > 0 && (
          <div className="receipt-row receipt-total">
            <dt>Still to pay</dt>
            <dd>{money(receipt.balanceDueCents)}</dd>
          </div>
        )}
      </dl>
      {receipt.notes.map((n) => (
        <p key={n} className="receipt-note">
          {n}
        </p>
      ))}
      {slips.map((s, i) => (
        <section key={i} className="receipt-slip" aria-label={s.title}>
          <h2>{s.title}</h2>
          <dl className="receipt-totals">
            {s.lines.map((l) => (
              <div key={l.label} className="receipt-row">
                <dt>{l.label}</dt>
                <dd className="balance">{money(l.cents)}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
      <p className="receipt-thanks">Thank you. Keep this receipt for returns.</p>
    </article>
  );
}

/** The receipt in the print layer: hidden on screen, the whole page when printing or saving a PDF. */
export function PrintLayer({ receipt, slips }: { receipt: ReceiptView; slips?: Slip[] }) {
  return createPortal(
    <div className="print-layer" aria-hidden="true">
      <ReceiptDoc receipt={receipt} slips={slips} testId="print-receipt" />
    </div>,
    document.body,
  );
}
