import type { Database } from 'better-sqlite3';
import { checkout, quote } from '../sales/checkout';
import { returnItems } from '../sales/returns';
import { closeShift, currentShift, openShift } from '../sales/shift';
import type { TenderInput } from '../sales/types';
import type { ResolvedSession } from '../tenancy/auth';
import { runAsTenant } from '../tenancy/context';
import { createRepositories } from '../tenancy/repositories';
import { BadInputError } from '../errors';
import { Rng } from './random';
import { DEMO_SALES, type DemoSize } from './sizes';

export interface DemoSalesOptions {
  tenantId: string;
  size: DemoSize;
  seed?: number;
  /** The day the history ends (sales run over the 30 days before it). */
  until?: Date;
}

export interface DemoSalesWritten {
  sales: number;
  returns: number;
  shifts: number;
}

const DAY = 86_400_000;
const PER_SHIFT = 10;

/**
 * A store's selling history, made by the real sale service so every figure
 * is what the till itself would have written: shifts of about ten sales (a
 * barcode here, a customer's price level there, cash with change, cards,
 * gift cards), every seventh sale returned in part, each shift closed with a
 * count a few cents off. Deterministic for a seed (ids and clock from the
 * demo RNG). The database must be at the current schema.
 */
export function addDemoSales(db: Database, options: DemoSalesOptions): DemoSalesWritten {
  const rng = new Rng((options.seed ?? 1) * 7919 + 17);
  let clock = (options.until ?? new Date(Date.UTC(2026, 10, 1))).getTime() - 30 * DAY;
  const repos = createRepositories(db, { now: () => new Date(clock), newId: () => rng.uuid() });
  const tenantId = options.tenantId;
  const raw = <T>(sql: string) => db.prepare(sql).all(tenantId) as T[];
  const admin = (db.prepare(`SELECT id FROM users WHERE tenant_id = ? AND username = 'admin'`).get(tenantId) as { id: string } | undefined)?.id;
  if (!admin) return { sales: 0, returns: 0, shifts: 0 };
  const products = raw<{ id: string }>(
    `SELECT p.id FROM products p JOIN inventory i ON i.product_id = p.id WHERE p.tenant_id = ? AND p.active = 1 AND i.quantity_on_hand >= 20 ORDER BY p.sku LIMIT 400`,
  ).map((p) => p.id);
  const customers = raw<{ id: string }>(`SELECT id FROM customers WHERE tenant_id = ? ORDER BY id LIMIT 300`).map((c) => c.id);
  const cards = raw<{ code: string; balance_cents: number }>(
    `SELECT code, balance_cents FROM gift_cards WHERE tenant_id = ? AND status = 'active' AND expires_at IS NULL AND balance_cents >= 2000 ORDER BY code LIMIT 50`,
  );
  const written: DemoSalesWritten = { sales: 0, returns: 0, shifts: 0 };
  if (db.prepare(`SELECT 1 FROM sales WHERE tenant_id = ? LIMIT 1`).get(tenantId))
    throw new BadInputError(`${db.name} already has a sales history for '${tenantId}'`, 'Nothing was changed; demo sales are added once per store');
  const count = DEMO_SALES[options.size];
  if (products.length === 0) return written;

  return runAsTenant({ tenantId, userId: admin }, () => {
    const user = repos.users.byId(admin)!;
    const session: ResolvedSession = { scope: { tenantId, userId: admin }, user, expiresAt: new Date(clock + DAY).toISOString() };
    const step = (30 * DAY) / Math.max(count, 1);
    for (let i = 0; i < count; i++) {
      if (i % PER_SHIFT === 0) {
        openShift(repos, 15_000);
        written.shifts++;
      }
      clock += Math.floor(step * (0.5 + rng.float()));
      const customerId = rng.chance(0.3) ? rng.pick(customers) : null;
      const lines = Array.from({ length: rng.int(1, 4) }, () => ({ kind: 'part' as const, productId: rng.skewed(products), quantity: rng.int(1, 2) }));
      const unique = lines.filter((l, k) => lines.findIndex((m) => m.productId === l.productId) === k);
      const cart = { customerId, lines: unique, orderDiscount: rng.chance(0.1) ? { percentBp: 500 } : null, promotionCode: null };
      const total = quote(repos, cart).cart.totalCents;
      const tenders: TenderInput[] = [];
      const card = cards.length ? cards[i % cards.length]! : null;
      if (card && rng.chance(0.15) && card.balance_cents >= 1000 && total > 1000) {
        tenders.push({ method: 'gift_card', code: card.code, amountCents: 1000 });
        card.balance_cents -= 1000;
      }
      const left = total - tenders.reduce((a, t) => a + (t.method === 'cash' ? t.tenderedCents : t.amountCents), 0);
      if (left > 0)
        tenders.push(
          rng.chance(0.55)
            ? { method: 'card', amountCents: left }
            : { method: 'cash', tenderedCents: Math.ceil(left / 500) * 500 + (rng.chance(0.5) ? 2000 : 0) },
        );
      const sale = checkout(repos, session, { cart, tenders });
      written.sales++;
      if (i % 7 === 6) {
        clock += 60_000;
        returnItems(repos, session, { saleNumber: sale.sale.number, lines: [{ lineId: sale.lines[0]!.id, quantity: 1 }], refundTo: 'original' });
        written.returns++;
      }
      if (i % PER_SHIFT === PER_SHIFT - 1 || i === count - 1) {
        clock += 600_000;
        const expected = currentShift(repos)?.expectedCents ?? 0;
        closeShift(repos, Math.max(0, expected + rng.int(-3, 1) * 25));
      }
    }
    return written;
  });
}
