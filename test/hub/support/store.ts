import crypto from 'node:crypto';
import type pg from 'pg';
import { importCatalogue, type StoreSnapshot } from '../../../hub/catalogue';

/** A small store the hub is seeded with: the same SKUs and gift card codes in every tenant, different ids. */
export interface SeededStore {
  products: { id: string; sku: string }[];
  customers: { id: string }[];
  giftCards: { id: string; code: string; balance: number }[];
  creditAccounts: { id: string; customerId: string }[];
  loyaltyAccounts: { id: string; customerId: string }[];
}

export async function seedStore(pool: pg.Pool, tenantId: string, size = { products: 5, customers: 3 }): Promise<SeededStore> {
  const now = '2026-11-01T00:00:00.000Z';
  const products = Array.from({ length: size.products }, (_, i) => ({
    id: crypto.randomUUID(),
    sku: `SKU-${1000 + i}`,
    barcode: null,
    name: `Part ${i}`,
    description: null,
    brand: 'ACME',
    category_id: null,
    cost_cents: 500,
    price_cents: 1000 + i,
    taxable: 1,
    active: 1,
    created_at: now,
    updated_at: now,
  }));
  const customers = Array.from({ length: size.customers }, (_, i) => ({
    id: crypto.randomUUID(),
    first_name: 'Pat',
    last_name: `Lee${i}`,
    company: null,
    phone: `(201) 555-000${i}`,
    email: null,
    address: null,
    notes: null,
    tax_exempt: 0,
    price_level_id: null,
    created_at: now,
    updated_at: now,
  }));
  const giftCards = [
    {
      id: crypto.randomUUID(),
      code: 'GC-000001-0001',
      initial_cents: 5000,
      balance_cents: 5000,
      status: 'active',
      customer_id: null,
      issued_at: now,
      expires_at: null,
    },
    {
      id: crypto.randomUUID(),
      code: 'GC-000002-0002',
      initial_cents: 2000,
      balance_cents: 2000,
      status: 'active',
      customer_id: null,
      issued_at: now,
      expires_at: null,
    },
  ];
  const creditAccounts = [
    { id: crypto.randomUUID(), customer_id: customers[0]!.id, credit_limit_cents: 10000, balance_cents: 0, status: 'active', opened_at: now },
  ];
  const loyaltyAccounts = [{ id: crypto.randomUUID(), customer_id: customers[0]!.id, points_balance: 100, tier: 'bronze', enrolled_at: now }];
  const inventory = products.map((p) => ({
    id: crypto.randomUUID(),
    product_id: p.id,
    quantity_on_hand: 10,
    reorder_point: 0,
    bin_location: null,
    updated_at: now,
  }));
  const snapshot: StoreSnapshot = {
    rows: { products, customers, gift_cards: giftCards, credit_accounts: creditAccounts, loyalty_accounts: loyaltyAccounts, inventory },
    queued: [],
  };
  await importCatalogue(pool, tenantId, snapshot);
  return {
    products: products.map((p) => ({ id: p.id, sku: p.sku })),
    customers: customers.map((c) => ({ id: c.id })),
    giftCards: giftCards.map((g) => ({ id: g.id, code: g.code, balance: g.balance_cents })),
    creditAccounts: creditAccounts.map((a) => ({ id: a.id, customerId: a.customer_id })),
    loyaltyAccounts: loyaltyAccounts.map((a) => ({ id: a.id, customerId: a.customer_id })),
  };
}

/** A stock.moved payload (without v), as inventory.ts writes it. */
export function stockMoved(productId: string, quantity: number, extra: Record<string, unknown> = {}) {
  return {
    id: crypto.randomUUID(),
    productId,
    kind: quantity > 0 ? 'receive' : 'sale',
    quantity,
    unitCostCents: null,
    userId: null,
    createdAt: new Date().toISOString(),
    ...extra,
  };
}

export function giftCardRedeemed(card: { id: string; code: string }, cents: number) {
  return {
    id: crypto.randomUUID(),
    giftCardId: card.id,
    kind: 'redeem',
    amountCents: -cents,
    workOrderId: null,
    createdAt: new Date().toISOString(),
    code: card.code,
  };
}
