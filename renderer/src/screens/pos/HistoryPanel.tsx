import { useEffect, useState } from 'react';
import { ErrorLine } from './ErrorLine';
import { isoDay, money } from './money';
import { SaleDone } from './SaleDone';
import { TenderPanel } from './TenderPanel';
import type { PosCalls, ReceiptCalls, SaleListItem, SaleView, TenderInput } from './types';
import { useApproval } from './useApproval';
import { usePosCall } from './usePosCall';

interface Props {
  pos: PosCalls;
  receipts: ReceiptCalls;
  onSessionExpired(): void;
}

const KIND: Record<string, string> = { sale: 'Sale', return: 'Return', deposit: 'Deposit' };
const STATUS: Record<string, string> = { completed: '', layaway: 'On layaway', voided: 'Voided' };

/** The till's receipts, newest first: reprint any of them; open layaways take a payment or are voided. */
export function HistoryPanel({ pos, receipts, onSessionExpired }: Props) {
  const [show, setShow] = useState<'recent' | 'layaways'>('recent');
  const list = usePosCall<SaleListItem[]>(onSessionExpired);
  const sale = usePosCall<SaleView | null>(onSessionExpired);
  const approval = useApproval<SaleView>();
  const load = list.run;
  useEffect(() => {
    void load(() => (show === 'recent' ? pos.recentSales() : pos.openLayaways()));
  }, [pos, show, load]);
  const open = (number: string) => void sale.run(() => pos.sale({ number }));
  const pay = async (tenders: TenderInput[]) => {
    if (!sale.value) return;
    const number = sale.value.sale.number;
    await sale.run(() => pos.payLayaway({ saleNumber: number, tenders }));
  };
  const voidIt = async () => {
    if (!sale.value) return;
    const number = sale.value.sale.number;
    const o = await approval.run((a) => pos.voidSale({ saleNumber: number, approval: a }));
    await sale.run(async () => o);
  };
  const back = () => {
    sale.reset();
    void load(() => (show === 'recent' ? pos.recentSales() : pos.openLayaways()));
  };

  if (sale.value && sale.value.sale.status !== 'layaway')
    return <SaleDone pos={pos} receipts={receipts} sale={sale.value} onNext={back} nextLabel="Back to the list" reprint={!sale.value.message} />;

  return (
    <div className="pos-panel pos-split pos-wide-list">
      <section className="pos-column" aria-labelledby="history-title">
        <h1 id="history-title" className="pos-heading">
          Receipts
        </h1>
        <div className="pos-inline">
          <label className="pos-field">
            <span>Show</span>
            <select value={show} onChange={(e) => setShow(e.target.value as 'recent' | 'layaways')}>
              <option value="recent">Recent receipts</option>
              <option value="layaways">Open layaways</option>
            </select>
          </label>
        </div>
        <ErrorLine error={list.error ?? sale.error} />
        <div className="pos-scroll">
          <table className="pos-table pos-dense" aria-label="Receipts list">
            <thead>
              <tr>
                <th scope="col">Receipt</th>
                <th scope="col">Date</th>
                <th scope="col">What</th>
                <th scope="col">Customer</th>
                <th scope="col" className="num">
                  Total
                </th>
              </tr>
            </thead>
            <tbody>
              {list.value?.length === 0 && (
                <tr>
                  <td colSpan={5}>Nothing to show.</td>
                </tr>
              )}
              {list.value?.map((s) => (
                <tr key={s.id}>
                  <td className="mono">
                    <button type="button" className="pos-link" onClick={() => open(s.number)}>
                      {s.number}
                    </button>
                  </td>
                  <td className="tabular">{isoDay(s.created_at)}</td>
                  <td>
                    {KIND[s.kind]} {STATUS[s.status]}
                  </td>
                  <td className="ellipsis">{s.customer_name ?? '—'}</td>
                  <td className="num">{money(s.total_cents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="pos-column pos-detail" aria-label="Layaway">
        {sale.value ? (
          <div className="pos-scroll">
            <h2>
              Layaway <span className="mono">{sale.value.sale.number}</span>
            </h2>
            <p>
              {money(sale.value.sale.paid_cents)} paid of {money(sale.value.sale.total_cents)};{' '}
              <span className="balance">{money(sale.value.sale.total_cents - sale.value.sale.paid_cents)}</span> to pay.
            </p>
            {sale.value.message && (
              <p className="pos-success" role="status">
                {sale.value.message}
              </p>
            )}
            <TenderPanel
              key={sale.value.sale.paid_cents}
              dueCents={sale.value.sale.total_cents - sale.value.sale.paid_cents}
              storeCreditCents={null}
              canLayaway={false}
              busy={sale.busy}
              payLabel="Take payment"
              partial
              onPay={(t) => void pay(t)}
            />
            <div className="actions">
              <button type="button" className="button danger" onClick={() => void voidIt()}>
                Void the layaway and refund
              </button>
            </div>
          </div>
        ) : (
          <p className="pos-empty">Choose a receipt to see or reprint it.</p>
        )}
      </section>
      {approval.dialog}
    </div>
  );
}
