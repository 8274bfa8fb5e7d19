import { useEffect, useRef, useState } from 'react';
import { PrintLayer, ReceiptDoc } from './Receipt';
import type { PosCalls, ReceiptCalls, SaleView } from './types';

interface Props {
  pos: PosCalls;
  receipts: ReceiptCalls;
  sale: SaleView;
  nextLabel: string;
  onNext(): void;
  /** A reprint from history says so in the audit log. */
  reprint?: boolean;
}

/**
 * A finished sale, return or payment: what the clerk tells the customer, the
 * receipt (with a slip for every gift card or store credit movement), and
 * print, PDF or no receipt, each noted in the audit log.
 */
export function SaleDone({ pos, receipts, sale, nextLabel, onNext, reprint = false }: Props) {
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const note = (what: 'receipt.print' | 'receipt.pdf' | 'receipt.none' | 'receipt.reprint') => pos.noteReceipt({ saleId: sale.sale.id, what });
  const print = async () => {
    setBusy(true);
    const o = await receipts.print();
    await note(reprint ? 'receipt.reprint' : 'receipt.print');
    setBusy(false);
    setStatus(o.ok ? (o.value.printed ? 'Receipt sent to the printer.' : 'Printing was cancelled.') : `${o.error.message}. ${o.error.hint}.`);
  };
  const pdf = async () => {
    setBusy(true);
    const o = await receipts.savePdf({ number: sale.sale.number });
    await note('receipt.pdf');
    setBusy(false);
    setStatus(o.ok ? `Saved as ${o.value.fileName}.` : `${o.error.message}. ${o.error.hint}.`);
  };
  const none = async () => {
    await note('receipt.none');
    onNext();
  };
  return (
    <div className="pos-panel pos-split sale-done">
      <section className="pos-column" aria-labelledby="done-title">
        <h1 id="done-title" className="pos-heading" tabIndex={-1} ref={heading}>
          {sale.receipt.title} {sale.sale.number}
        </h1>
        <p className="pos-success" role="status" data-testid="sale-message">
          {sale.message}
        </p>
        {sale.slips.map((s, i) => (
          <p key={i} className="pos-success" data-testid="slip-message">
            {s.message}
          </p>
        ))}
        <div className="actions done-actions">
          <button type="button" className="button pos-primary" disabled={busy} onClick={() => void print()}>
            Print receipt
          </button>
          <button type="button" className="button" disabled={busy} onClick={() => void pdf()}>
            Save as PDF
          </button>
          {!reprint && (
            <button type="button" className="button" disabled={busy} onClick={() => void none()}>
              No receipt
            </button>
          )}
          <button type="button" className="button" onClick={onNext}>
            {nextLabel}
          </button>
        </div>
        <p role="status" className="pos-muted" data-testid="print-status">
          {status}
        </p>
      </section>
      <section className="pos-column pos-detail pos-scroll" aria-label="Receipt" tabIndex={0}>
        <ReceiptDoc receipt={sale.receipt} slips={sale.slips} />
      </section>
      <PrintLayer receipt={sale.receipt} slips={sale.slips} />
    </div>
  );
}
