import { describe, expect, it } from 'vitest';
import { salesRules } from '../../electron/sales/settings';
import { V1_TABLES } from '../../migrations/0002-tenant-id/tables';
import { databaseContentHashes } from '../../electron/db/content-hash';
import { openDatabase } from '../../electron/db/open';
import { countRows } from '../../electron/db/status';
import { demoRowCounts } from '../../electron/demo/generate';
import { makeDemoDatabase, tempDir } from '../helpers';

const dir = tempDir();

describe('demo store data', () => {
  it('small: about 5k rows, every table filled, integrity and foreign keys intact', async () => {
    const db = openDatabase(await makeDemoDatabase(dir, 'small'));
    const counts = countRows(db);
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(4000);
    expect(total).toBeLessThan(8000);
    for (const t of V1_TABLES) expect(counts[t.name], t.name).toBeGreaterThan(0);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });

  it('medium: about 200k rows with integrity and foreign keys intact', async () => {
    const db = openDatabase(await makeDemoDatabase(dir, 'medium'));
    const total = Object.values(countRows(db)).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(180_000);
    expect(total).toBeLessThan(300_000);
    expect(db.pragma('quick_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });

  it('large is sized at about 2M rows, skewed towards the logs', () => {
    const large = demoRowCounts('large');
    const total = Object.values(large).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(1_900_000);
    expect(total).toBeLessThan(2_200_000);
    const biggest = Object.entries(large)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([t]) => t);
    expect(biggest.sort()).toEqual(['audit_log', 'inventory_transactions', 'sync_log']);
  });

  it('is deterministic for a seed, and differs for another seed', async () => {
    const hashes = async (seed: number) => {
      const db = openDatabase(await makeDemoDatabase(dir, 'small', seed), { readonly: true });
      try {
        return databaseContentHashes(db);
      } finally {
        db.close();
      }
    };
    const a = await hashes(7);
    expect(await hashes(7)).toEqual(a);
    expect(await hashes(8)).not.toEqual(a);
  });

  it('looks like a real store: accents and apostrophes, NULLs in nullable columns, unsynced operations', async () => {
    const db = openDatabase(await makeDemoDatabase(dir, 'small'), { readonly: true });
    expect(db.prepare(`SELECT count(*) AS n FROM customers WHERE last_name LIKE '%''%'`).get()).not.toEqual({ n: 0 });
    expect(db.prepare(`SELECT count(*) AS n FROM customers WHERE first_name GLOB '*[^ -~]*'`).get()).not.toEqual({ n: 0 });
    expect(db.prepare(`SELECT count(*) AS n FROM customers WHERE phone IS NULL`).get()).not.toEqual({ n: 0 });
    expect(db.prepare(`SELECT count(*) AS n FROM pending_operations WHERE status = 'pending'`).get()).not.toEqual({ n: 0 });
    expect(db.prepare(`SELECT count(*) AS n FROM customer_vehicles WHERE year NOT BETWEEN 1990 AND 2026`).get()).toEqual({ n: 0 });
    db.close();
  });
});

describe('demo work orders add up', () => {
  /** The total a work order's receipt must show, worked out here by hand from its lines: sum of quantity x price, plus each line's tax rounded half up. */
  function expectedTotal(
    lines: { kind: string; quantity: number; unit_price_cents: number; taxable: number }[],
    exempt: boolean,
    rates: Record<string, number>,
  ) {
    return lines.reduce((sum, l) => {
      const net = l.quantity * l.unit_price_cents;
      const rate = exempt || (l.kind === 'part' && l.taxable === 0) ? 0 : rates[l.kind === 'part' ? 'parts' : l.kind === 'labor' ? 'labor' : 'fees']!;
      return sum + net + Math.floor((net * rate * 2 + 1_000_000) / 2_000_000);
    }, 0);
  }

  it.each(['small', 'medium'] as const)('%s: every order has lines numbered 1..n, and its stored total is the sum of its lines plus tax', async (size) => {
    const db = openDatabase(await makeDemoDatabase(dir, size), { readonly: true });
    const rates = salesRules('caps-automotive').taxRates;
    const orders = db.prepare(`SELECT w.id, w.total_cents, c.tax_exempt FROM work_orders w JOIN customers c ON c.id = w.customer_id`).all() as {
      id: string;
      total_cents: number;
      tax_exempt: number;
    }[];
    const linesOf = db.prepare(
      `SELECT l.line_no, l.kind, l.quantity, l.unit_price_cents, coalesce(p.taxable, 1) AS taxable
         FROM work_order_lines l LEFT JOIN products p ON p.id = l.product_id WHERE l.work_order_id = ? ORDER BY l.line_no`,
    );
    let adding = 0;
    let taxed = 0;
    for (const o of orders) {
      const lines = linesOf.all(o.id) as { line_no: number; kind: string; quantity: number; unit_price_cents: number; taxable: number }[];
      expect(lines.length, o.id).toBeGreaterThan(0);
      expect(lines.map((l) => l.line_no)).toEqual(lines.map((_, i) => i + 1));
      const total = expectedTotal(lines, o.tax_exempt === 1, rates);
      if (o.total_cents === total) adding++;
      if (total > lines.reduce((s, l) => s + l.quantity * l.unit_price_cents, 0)) taxed++;
    }
    expect(adding).toBe(orders.length);
    expect(taxed, 'orders with some tax').toBeGreaterThan(orders.length / 2);
    db.close();
  });
});
