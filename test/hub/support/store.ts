import crypto from 'node:crypto';
import type pg from 'pg';
import { importCatalogue, type StoreSnapshot } from '../../../hub/catalogue';

/** A small store the hub is seeded with: the same SKUs and gift card codes in every tenant, different ids. */
export interface SeededStore {
  products: { id: string; sku: string }[];
  customers: { id: string }[];
  giftCards: { id: string; code: string; balance: number }[];
  creditAccounts: { id: string; customerId: string }[];
  promotions: { id: string }[];
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
  const categories = [{ id: crypto.randomUUID(), name: 'Brakes', parent_id: null, sort_order: 0 }];
  const priceLevels = [{ id: crypto.randomUUID(), name: 'Trade', discount_bp: 1000, created_at: now }];
  const promotions = [
    { id: crypto.randomUUID(), code: 'SPRING10', name: 'Spring', kind: 'percent', value: 10, starts_at: now, ends_at: null, max_uses: 1, active: 1 },
  ];
  const fitment = [
    { id: crypto.randomUUID(), product_id: products[0]!.id, make: 'Ford', model: 'F-150', year_from: 2015, year_to: 2020, engine: null, notes: null },
  ];
  const snapshot: StoreSnapshot = {
    rows: {
      product_categories: categories,
      price_levels: priceLevels,
      promotions,
      fitment_data: fitment,
      products,
      customers,
      gift_cards: giftCards,
      credit_accounts: creditAccounts,
      loyalty_accounts: loyaltyAccounts,
      inventory,
    },
    queued: [],
  };
  await importCatalogue(pool, tenantId, snapshot);
  return {
    products: products.map((p) => ({ id: p.id, sku: p.sku })),
    customers: customers.map((c) => ({ id: c.id })),
    giftCards: giftCards.map((g) => ({ id: g.id, code: g.code, balance: g.balance_cents })),
    creditAccounts: creditAccounts.map((a) => ({ id: a.id, customerId: a.customer_id })),
    loyaltyAccounts: loyaltyAccounts.map((a) => ({ id: a.id, customerId: a.customer_id })),
    promotions: promotions.map((p) => ({ id: p.id })),
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

const at = () => new Date().toISOString();

/** A one-line cash sale as sale.record writes it (totals add up, every line and payment belongs to the sale). */
export function saleRecorded(store: SeededStore, userId: string, extra: { layaway?: boolean; shiftId?: string | null } = {}) {
  const saleId = crypto.randomUUID();
  const total = 1080;
  const layawayId = extra.layaway ? crypto.randomUUID() : null;
  const sale = {
    id: saleId,
    number: `S-${saleId.slice(0, 8)}`,
    kind: 'sale',
    status: extra.layaway ? 'layaway' : 'completed',
    originalSaleId: null,
    customerId: store.customers[0]!.id,
    workOrderId: null,
    layawayId,
    shiftId: extra.shiftId ?? null,
    userId,
    approvedBy: null,
    priceLevelId: null,
    promotionId: null,
    subtotalCents: 1000,
    lineDiscountCents: 0,
    promotionDiscountCents: 0,
    orderDiscountCents: 0,
    taxCents: 80,
    totalCents: total,
    paidCents: extra.layaway ? 500 : total,
    changeCents: 0,
    note: null,
    createdAt: at(),
    completedAt: extra.layaway ? null : at(),
  };
  const line = {
    id: crypto.randomUUID(),
    saleId,
    lineNo: 1,
    kind: 'part',
    productId: store.products[0]!.id,
    originalLineId: null,
    sku: store.products[0]!.sku,
    description: 'Part 0',
    quantity: 1,
    listUnitCents: 1000,
    unitPriceCents: 1000,
    grossCents: 1000,
    lineDiscountCents: 0,
    promotionDiscountCents: 0,
    orderDiscountCents: 0,
    netCents: 1000,
    taxRatePpm: 80000,
    taxCents: 80,
    totalCents: total,
    technicianId: null,
  };
  const payment = {
    id: crypto.randomUUID(),
    saleId,
    shiftId: extra.shiftId ?? null,
    method: 'cash',
    direction: 'in',
    amountCents: sale.paidCents,
    tenderedCents: sale.paidCents,
    changeCents: 0,
    giftCardId: null,
    creditAccountId: null,
    originalPaymentId: null,
    reference: null,
    userId,
    createdAt: at(),
  };
  const layaway = layawayId
    ? {
        id: layawayId,
        number: `LAY-${saleId.slice(0, 6)}`,
        customerId: store.customers[0]!.id,
        totalCents: total,
        paidCents: 500,
        dueDate: null,
        createdAt: at(),
      }
    : null;
  const layawayPayments = layawayId ? [{ id: crypto.randomUUID(), layawayId, amountCents: 500, method: 'cash', userId, paidAt: at() }] : [];
  return { sale, lines: [line], payments: [payment], layaway, layawayPayments };
}

/** One operation of every kind that writes a table, in an order a till could have written them. */
export function everyKind(
  store: SeededStore,
  userId: string,
): { entityType: string; operation: 'insert' | 'update' | 'delete'; payload: Record<string, unknown> }[] {
  const shiftId = crypto.randomUUID();
  const workOrderId = crypto.randomUUID();
  const lineId = crypto.randomUUID();
  const layawaySale = saleRecorded(store, userId, { layaway: true, shiftId });
  const customer = store.customers[0]!.id;
  return [
    { entityType: 'shift', operation: 'insert', payload: { id: shiftId, userId, openedAt: at(), floatCents: 10000 } },
    { entityType: 'sale', operation: 'insert', payload: saleRecorded(store, userId, { shiftId }) },
    { entityType: 'sale', operation: 'insert', payload: layawaySale },
    {
      entityType: 'customer_vehicle',
      operation: 'insert',
      payload: {
        id: crypto.randomUUID(),
        customerId: customer,
        vin: null,
        make: 'Ford',
        model: 'F-150',
        year: 2018,
        engine: null,
        licensePlate: 'ABC123',
        mileage: 1000,
        createdAt: at(),
      },
    },
    {
      entityType: 'work_order',
      operation: 'insert',
      payload: {
        order: {
          id: workOrderId,
          number: `WO-${workOrderId.slice(0, 7)}`,
          customerId: customer,
          vehicleId: null,
          technicianId: null,
          description: 'Brakes',
          odometer: null,
          totalCents: 5000,
          openedAt: at(),
        },
        lines: [
          { id: lineId, workOrderId, lineNo: 1, kind: 'labor', productId: null, description: 'Labour', quantity: 1, unitPriceCents: 5000, technicianId: null },
        ],
      },
    },
    { entityType: 'work_order', operation: 'update', payload: { id: workOrderId, status: 'in_progress' } },
    { entityType: 'inventory_transaction', operation: 'insert', payload: stockMoved(store.products[0]!.id, -1) },
    { entityType: 'gift_card_transaction', operation: 'insert', payload: giftCardRedeemed(store.giftCards[0]!, 100) },
    {
      entityType: 'credit_transaction',
      operation: 'insert',
      payload: {
        id: crypto.randomUUID(),
        accountId: store.creditAccounts[0]!.id,
        customerId: customer,
        kind: 'charge',
        amountCents: 500,
        reference: null,
        createdAt: at(),
        saleId: layawaySale.sale.id,
      },
    },
    {
      entityType: 'loyalty_transaction',
      operation: 'insert',
      payload: {
        id: crypto.randomUUID(),
        accountId: store.loyaltyAccounts[0]!.id,
        points: 10,
        reason: 'earn',
        workOrderId: null,
        createdAt: at(),
        saleId: layawaySale.sale.id,
      },
    },
    {
      entityType: 'commission',
      operation: 'insert',
      payload: { id: crypto.randomUUID(), userId, workOrderId, ruleId: crypto.randomUUID(), amountCents: 250, earnedAt: at(), saleId: layawaySale.sale.id },
    },
    {
      entityType: 'promotion_usage',
      operation: 'insert',
      payload: {
        id: crypto.randomUUID(),
        promotionId: store.promotions[0]!.id,
        customerId: customer,
        workOrderId: null,
        discountCents: 100,
        usedAt: at(),
        saleId: layawaySale.sale.id,
      },
    },
    { entityType: 'customer', operation: 'update', payload: { id: customer, phone: '(201) 555-9999', email: null } },
  ];
}
