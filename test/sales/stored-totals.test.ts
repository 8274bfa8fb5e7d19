import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../electron/db/open';
import { runAsTenant } from '../../electron/tenancy/context';
import { createRepositories } from '../../electron/tenancy/repositories';
import { receiptView } from '../../electron/sales/receipt';
import { tempDir } from '../helpers';
import { CAPS, NORTHSIDE, twoTenantDatabase } from '../tenancy/fixtures';

/**
 * "Every total on screen and on paper is computed from its lines": over every
 * sale, return and deposit the demo history rang up through the service, the
 * stored totals equal the sums of the stored lines and payments, the receipt
 * (built from lines) equals both, and no return gave back more than its sale took.
 */
const dir = tempDir('pos-totals-');
let db: Db;
beforeAll(async () => {
  db = openDatabase(await twoTenantDatabase(dir), { readonly: true });
  return () => db.close();
});

describe.each([CAPS, NORTHSIDE])('%s: stored sales add up', (tenant) => {
  it('each sale total is the sum of its lines, each line its own arithmetic, and the payments less change pay it', () => {
    const sales = db.prepare(`SELECT * FROM sales WHERE tenant_id = ?`).all(tenant) as {
      id: string;
      total_cents: number;
      paid_cents: number;
      change_cents: number;
      tax_cents: number;
      kind: string;
    }[];
    expect(sales.length).toBeGreaterThan(10);
    const lines = db.prepare(`SELECT sum(total_cents) AS t, sum(tax_cents) AS x FROM sale_lines WHERE sale_id = ?`);
    const pays = db.prepare(
      `SELECT coalesce(sum(amount_cents), 0) AS a, coalesce(sum(tendered_cents) - sum(change_cents), 0) AS kept, coalesce(sum(change_cents), 0) AS c FROM sale_payments WHERE sale_id = ? AND direction = ?`,
    );
    for (const s of sales) {
      const l = lines.get(s.id) as { t: number; x: number };
      expect([l.t, l.x], s.id).toEqual([s.total_cents, s.tax_cents]);
      const p = pays.get(s.id, s.kind === 'return' ? 'out' : 'in') as { a: number; kept: number; c: number };
      expect([p.a, p.kept, p.c], s.id).toEqual([s.paid_cents, s.paid_cents, s.change_cents]);
    }
  });

  it('the receipt of every sale, built from its lines and payments, shows the stored figures', () => {
    const repos = createRepositories(db);
    const ids = db.prepare(`SELECT id FROM sales WHERE tenant_id = ?`).pluck().all(tenant) as string[];
    runAsTenant({ tenantId: tenant, userId: null }, () => {
      for (const id of ids) {
        const d = repos.sales.byId(id)!;
        const r = receiptView(d, { tenantId: tenant, cashier: 'x', customer: null, reference: null, promotion: null });
        expect(r.totalCents, d.sale.number).toBe(d.sale.total_cents);
        expect(r.subtotalCents - r.discounts.reduce((a, x) => a + x.cents, 0) + r.taxes.reduce((a, x) => a + x.cents, 0)).toBe(r.totalCents);
        expect(r.changeCents).toBe(d.sale.change_cents);
      }
    });
  });

  it('no return gives back more than its sale was paid, line by line or in all', () => {
    const over = db
      .prepare(
        `SELECT o.id FROM sale_lines o JOIN sale_lines r ON r.original_line_id = o.id WHERE o.tenant_id = ?
          GROUP BY o.id HAVING sum(r.quantity) > max(o.quantity) OR sum(r.total_cents) > max(o.total_cents)`,
      )
      .all(tenant);
    expect(over).toEqual([]);
    const refunds = db
      .prepare(
        `SELECT o.id FROM sale_payments o JOIN sale_payments r ON r.original_payment_id = o.id WHERE o.tenant_id = ? GROUP BY o.id HAVING sum(r.amount_cents) > max(o.amount_cents)`,
      )
      .all(tenant);
    expect(refunds).toEqual([]);
    expect(db.prepare(`SELECT count(*) FROM sales WHERE tenant_id = ? AND kind = 'return'`).pluck().get(tenant)).toBeGreaterThan(0);
  });
});
