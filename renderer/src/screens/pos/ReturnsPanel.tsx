import { useEffect, useRef, useState } from 'react';
import { ErrorLine } from './ErrorLine';
import { money } from './money';
import { ReceiptDoc } from './Receipt';
import { SaleDone } from './SaleDone';
import { ScanField } from './ScanField';
import type { PosCalls, ReceiptCalls, ReturnableSale, SaleView } from './types';
import { useApproval } from './useApproval';
import { usePosCall } from './usePosCall';

interface Props {
  pos: PosCalls;
  receipts: ReceiptCalls;
  onSessionExpired(): void;
}

/** A return against the original sale: scan or type its receipt number, choose what comes back, refund to the original payments or as store credit. */
export function ReturnsPanel({ pos, receipts, onSessionExpired }: Props) {
  const original = usePosCall<ReturnableSale>(onSessionExpired);
  const done = usePosCall<SaleView>(onSessionExpired);
  const approval = useApproval<SaleView>();
  const [quantities, setQuantities] = useState<Record<string, number>>({});
  const [refundTo, setRefundTo] = useState<'original' | 'store_credit'>('original');
  const scan = useRef<HTMLInputElement>(null);
  useEffect(() => scan.current?.focus(), [original.value === undefined]);

  const find = async (number: string) => {
    done.reset();
    setQuantities({});
    setRefundTo('original');
    await original.run(() => pos.returnable({ number }));
  };
  const chosen = original.value ? original.value.lines.filter((l) => (quantities[l.id] ?? 0) > 0) : [];
  const refund = async () => {
    if (!original.value) return;
    const lines = chosen.map((l) => ({ lineId: l.id, quantity: quantities[l.id]! }));
    const o = await approval.run((a) => pos.returnItems({ saleNumber: original.value!.sale.number, lines, refundTo, approval: a }));
    await done.run(async () => o);
  };
  const next = () => {
    done.reset();
    original.reset();
    requestAnimationFrame(() => scan.current?.focus());
  };
  if (done.value) return <SaleDone pos={pos} receipts={receipts} sale={done.value} onNext={next} nextLabel="Next return" />;

  const r = original.value;
  return (
    <div className="pos-panel pos-split">
      <section className="pos-column" aria-labelledby="returns-title">
        <h1 id="returns-title" className="pos-heading">
          Returns
        </h1>
        <ScanField
          ref={scan}
          label="Receipt number"
          placeholder="Scan the receipt, or type R261129-7K3QMX"
          busy={original.busy}
          onSubmit={(n) => void find(n)}
        />
        <ErrorLine error={original.error ?? done.error} />
        {r && (
          <>
            <table className="pos-table pos-dense" aria-label="Items on the receipt">
              <thead>
                <tr>
                  <th scope="col">Item</th>
                  <th scope="col" className="num">
                    Sold
                  </th>
                  <th scope="col" className="num">
                    Back
                  </th>
                  <th scope="col" className="num">
                    Paid
                  </th>
                </tr>
              </thead>
              <tbody>
                {r.lines.map((l) => {
                  const left = l.quantity - l.returned;
                  return (
                    <tr key={l.id}>
                      <td className="ellipsis">
                        {l.sku && <span className="mono">{l.sku} </span>}
                        {l.description}
                        {l.returned > 0 && <div className="pos-muted">{l.returned} already returned</div>}
                      </td>
                      <td className="num">{l.quantity}</td>
                      <td className="num">
                        <input
                          className="qty"
                          type="number"
                          min={0}
                          max={left}
                          value={quantities[l.id] ?? 0}
                          disabled={left === 0}
                          aria-label={`Units of ${l.description} coming back`}
                          onChange={(e) => setQuantities({ ...quantities, [l.id]: Math.max(0, Math.min(left, Math.floor(Number(e.target.value) || 0))) })}
                        />
                      </td>
                      <td className="num">{money(l.netCents + l.taxCents)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <fieldset className="tender-methods">
              <legend>Refund to</legend>
              <label className="tender-method">
                <input type="radio" name="refund-to" checked={refundTo === 'original'} onChange={() => setRefundTo('original')} />
                The original payment
              </label>
              <label className="tender-method">
                <input
                  type="radio"
                  name="refund-to"
                  checked={refundTo === 'store_credit'}
                  disabled={!r.canTakeStoreCredit}
                  onChange={() => setRefundTo('store_credit')}
                />
                Store credit{r.canTakeStoreCredit ? '' : ' (needs a customer)'}
              </label>
            </fieldset>
            <div className="actions">
              <button type="button" className="button pos-primary" disabled={chosen.length === 0 || done.busy} onClick={() => void refund()}>
                Refund {chosen.length === 0 ? '' : `${chosen.reduce((a, l) => a + quantities[l.id]!, 0)} item(s)`}
              </button>
            </div>
          </>
        )}
      </section>
      <section className="pos-column pos-detail pos-scroll" aria-label="Original receipt" tabIndex={0}>
        {r ? <ReceiptDoc receipt={r.receipt} testId="original-receipt" /> : <p className="pos-empty">Scan the receipt of the sale being returned.</p>}
      </section>
      {approval.dialog}
    </div>
  );
}
