import type { Db } from '../db/open';
import { workOrderTotals } from '../sales/domain/work-order';
import { salesRules } from '../sales/settings';

/**
 * Every demo work order's stored total, made the way the till makes it: the
 * sum of its lines plus their tax, by the store's tax rates, the products'
 * taxable flags and the customer's exemption (work-order.ts). Runs once the
 * raw generator has written the lines. `scoped`: the rows carry tenant_id (a
 * migrated file); a v1 file has no such column and one store.
 */
export function settleWorkOrderTotals(db: Db, tenantId: string, scoped: boolean): void {
  const rates = salesRules(tenantId).taxRates;
  const where = scoped ? `WHERE w.tenant_id = @tenantId` : '';
  const rows = db
    .prepare(
      `SELECT w.id AS order_id, c.tax_exempt, l.kind, l.quantity, l.unit_price_cents, coalesce(p.taxable, 1) AS taxable
         FROM work_orders w
         JOIN customers c ON c.id = w.customer_id
         LEFT JOIN work_order_lines l ON l.work_order_id = w.id
         LEFT JOIN products p ON p.id = l.product_id
         ${where}
        ORDER BY w.id, l.line_no`,
    )
    .all(scoped ? { tenantId } : {}) as {
    order_id: string;
    tax_exempt: number;
    kind: 'part' | 'labor' | 'fee' | null;
    quantity: number;
    unit_price_cents: number;
    taxable: number;
  }[];
  const update = db.prepare(`UPDATE work_orders SET total_cents = ? WHERE id = ?`);
  let current: string | null = null;
  let exempt = false;
  let lines: { kind: 'part' | 'labor' | 'fee'; quantity: number; unitPriceCents: number; taxable: boolean }[] = [];
  const flush = () => {
    if (current !== null) update.run(lines.length ? workOrderTotals(lines, rates, exempt).totalCents : 0, current);
  };
  for (const r of rows) {
    if (r.order_id !== current) {
      flush();
      current = r.order_id;
      exempt = r.tax_exempt === 1;
      lines = [];
    }
    if (r.kind) lines.push({ kind: r.kind, quantity: r.quantity, unitPriceCents: r.unit_price_cents, taxable: r.taxable === 1 });
  }
  flush();
}
