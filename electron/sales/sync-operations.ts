import { z } from 'zod';

/**
 * The sync operations the selling day writes (through recordChange, so each
 * pending_operations row carries the tenant and the till's sequence number),
 * one entry per kind, keyed like contracts/sync/operations/: a kind is its
 * entity_type and operation; the payload is strict and versioned (`v: 1`).
 * The hub's contracts and apply rules are built from this list (docs/selling.md
 * gives each rule in words); test/sales/sync-operations.test.ts validates every
 * operation the sale service writes against it.
 *
 * Two kinds the hub already has carry one more field from a sale:
 * stock.moved (inventory_transaction/insert) and gift_card.redeemed
 * (gift_card_transaction/insert) gain `saleId` (nullable): the ledger row's
 * link to its sale. They are listed here with it.
 */
const id = z.string().min(1).max(64);
const time = z.string().min(10).max(40);
const cents = z.number().int().min(0);
const signed = z.number().int();
const v1 = z.literal(1);

const saleRow = z.strictObject({
  id,
  number: z.string().max(32),
  kind: z.enum(['sale', 'return', 'deposit']),
  status: z.enum(['completed', 'layaway', 'voided']),
  originalSaleId: id.nullable(),
  customerId: id.nullable(),
  workOrderId: id.nullable(),
  layawayId: id.nullable(),
  shiftId: id.nullable(),
  userId: id,
  approvedBy: id.nullable(),
  priceLevelId: id.nullable(),
  promotionId: id.nullable(),
  subtotalCents: cents,
  lineDiscountCents: cents,
  promotionDiscountCents: cents,
  orderDiscountCents: cents,
  taxCents: cents,
  totalCents: cents,
  paidCents: cents,
  changeCents: cents,
  note: z.string().max(200).nullable(),
  createdAt: time,
  completedAt: time.nullable(),
});

const saleLine = z.strictObject({
  id,
  saleId: id,
  lineNo: z.number().int().positive(),
  kind: z.enum(['part', 'labor', 'fee']),
  productId: id.nullable(),
  originalLineId: id.nullable(),
  sku: z.string().max(64).nullable(),
  description: z.string().max(4000),
  quantity: z.number().int().positive(),
  listUnitCents: cents,
  unitPriceCents: cents,
  grossCents: cents,
  lineDiscountCents: cents,
  promotionDiscountCents: cents,
  orderDiscountCents: cents,
  netCents: cents,
  taxRatePpm: z.number().int().min(0).max(1_000_000),
  taxCents: cents,
  totalCents: cents,
  technicianId: id.nullable(),
});

const salePayment = z.strictObject({
  id,
  saleId: id,
  shiftId: id.nullable(),
  method: z.enum(['cash', 'card', 'gift_card', 'store_credit', 'deposit']),
  direction: z.enum(['in', 'out']),
  amountCents: z.number().int().positive(),
  tenderedCents: cents,
  changeCents: cents,
  giftCardId: id.nullable(),
  creditAccountId: id.nullable(),
  originalPaymentId: id.nullable(),
  reference: z.string().max(32).nullable(),
  userId: id.nullable(),
  createdAt: time,
});

const layaway = z.strictObject({
  id,
  number: z.string().max(32),
  customerId: id,
  totalCents: cents,
  paidCents: cents,
  dueDate: z.string().nullable(),
  createdAt: time,
});
const layawayPayment = z.strictObject({
  id,
  layawayId: id,
  amountCents: z.number().int().positive(),
  method: z.enum(['cash', 'card', 'gift_card', 'store_credit']),
  userId: id.nullable(),
  paidAt: time,
});

export interface SalesOperationKind {
  /** The suggested wire name (contracts/sync/operations/ names kinds `<thing>.<past tense>`). */
  kind: string;
  entityType: string;
  operation: 'insert' | 'update';
  payload: z.ZodType;
  /** What the operation means on the hub, in one sentence. */
  rule: string;
}

export const SALES_OPERATION_KINDS: readonly SalesOperationKind[] = [
  {
    kind: 'sale.recorded',
    entityType: 'sale',
    operation: 'insert',
    payload: z
      .strictObject({
        v: v1,
        sale: saleRow,
        lines: z.array(saleLine).max(500),
        payments: z.array(salePayment).max(50),
        layaway: layaway.nullable(),
        layawayPayments: z.array(layawayPayment).max(50),
      })
      .refine((p) => p.lines.reduce((a, l) => a + l.totalCents, 0) === p.sale.totalCents, { message: 'the sale total must be the sum of its lines' })
      .refine((p) => p.lines.every((l) => l.saleId === p.sale.id) && p.payments.every((x) => x.saleId === p.sale.id), {
        message: 'every line and payment must belong to the sale',
      }),
    rule: 'insert-only by UUID: the sale (or return, or work order deposit) with its lines and payments, and the layaway it opens; a receipt number another till already used is kept and recorded as a conflict (numbers carry the sale id, so it is rare)',
  },
  {
    kind: 'sale.settled',
    entityType: 'sale',
    operation: 'update',
    payload: z.strictObject({
      v: v1,
      action: z.enum(['sale.layaway_payment', 'sale.complete_layaway', 'sale.void']),
      saleId: id,
      approvedBy: id.nullable(),
      status: z.enum(['completed', 'layaway', 'voided']),
      paidCents: cents,
      completedAt: time.nullable(),
      voidedAt: time.nullable(),
      payments: z.array(salePayment).max(50),
      layawayPayments: z.array(layawayPayment).max(50),
    }),
    rule: "payments insert-only by UUID; the sale's status and paid amount set as sent (a layaway only moves forward: layaway -> completed or voided, never back); the layaway's status follows",
  },
  {
    kind: 'stock.moved',
    entityType: 'inventory_transaction',
    operation: 'insert',
    payload: z.strictObject({
      v: v1,
      id,
      productId: id,
      kind: z.enum(['receive', 'sale', 'adjust', 'return', 'transfer']),
      quantity: signed.refine((q) => q !== 0),
      unitCostCents: cents.nullable(),
      workOrderId: id.nullable().optional(),
      userId: id.nullable(),
      createdAt: time,
      saleId: id.nullable().optional(),
    }),
    rule: "the hub's existing rule (a delta, once by UUID), with saleId kept on the ledger row",
  },
  {
    kind: 'gift_card.redeemed',
    entityType: 'gift_card_transaction',
    operation: 'insert',
    payload: z.strictObject({
      v: v1,
      id,
      giftCardId: id,
      kind: z.literal('redeem'),
      amountCents: z.number().int().negative(),
      workOrderId: id.nullable(),
      createdAt: time,
      saleId: id.nullable().optional(),
      code: z.string().max(64),
    }),
    rule: "the hub's existing rule (the hub's balance is authoritative: never below zero, else rejected), with saleId kept: a rejected redemption names the sale the store must collect from",
  },
  {
    kind: 'gift_card.refunded',
    entityType: 'gift_card_refund',
    operation: 'insert',
    payload: z.strictObject({
      v: v1,
      id,
      giftCardId: id,
      kind: z.literal('reload'),
      amountCents: z.number().int().positive(),
      workOrderId: id.nullable(),
      createdAt: time,
      saleId: id,
      code: z.string().max(64),
    }),
    rule: 'a return or void put money back on the card: once by UUID, balance += amount (always applied), a used-up card becomes active again',
  },
  {
    kind: 'store_credit.account_opened',
    entityType: 'credit_account',
    operation: 'insert',
    payload: z.strictObject({ v: v1, id, customerId: id, openedAt: time, creditLimitCents: z.literal(0) }),
    rule: 'insert-only by UUID: a store credit account a refund opened (limit 0, balance 0)',
  },
  {
    kind: 'store_credit.moved',
    entityType: 'credit_transaction',
    operation: 'insert',
    payload: z.strictObject({
      v: v1,
      id,
      accountId: id,
      customerId: id,
      kind: z.enum(['charge', 'payment']),
      amountCents: signed,
      reference: z.string().nullable(),
      createdAt: time,
      saleId: id,
    }),
    rule: "the hub's balance is authoritative: a charge (amount > 0, store credit spent) is applied only if balance + amount stays within the limit, else rejected and recorded as a conflict naming the sale; a payment (amount < 0, a refund as credit) is always applied; once by UUID",
  },
  {
    kind: 'loyalty.moved',
    entityType: 'loyalty_transaction',
    operation: 'insert',
    payload: z.strictObject({
      v: v1,
      id,
      accountId: id,
      points: signed,
      reason: z.enum(['earn', 'adjust']),
      workOrderId: id.nullable(),
      createdAt: time,
      saleId: id,
    }),
    rule: 'a delta: once by UUID, points_balance += points (a return takes back at most what the account holds: the hub clamps at zero)',
  },
  {
    kind: 'commission.earned',
    entityType: 'commission',
    operation: 'insert',
    payload: z.strictObject({ v: v1, id, userId: id, workOrderId: id.nullable(), ruleId: id, amountCents: cents, earnedAt: time, saleId: id }),
    rule: 'insert-only by UUID',
  },
  {
    kind: 'promotion.used',
    entityType: 'promotion_usage',
    operation: 'insert',
    payload: z.strictObject({
      v: v1,
      id,
      promotionId: id,
      customerId: id.nullable(),
      workOrderId: id.nullable(),
      discountCents: cents,
      usedAt: time,
      saleId: id,
    }),
    rule: 'insert-only by UUID (a promotion over its max_uses on the hub is accepted and recorded as a conflict: the discount was given)',
  },
  {
    kind: 'shift.opened',
    entityType: 'shift',
    operation: 'insert',
    payload: z.strictObject({ v: v1, id, userId: id, openedAt: time, floatCents: cents }),
    rule: 'insert-only by UUID (a shift is one till\u2019s drawer)',
  },
  {
    kind: 'shift.closed',
    entityType: 'shift',
    operation: 'update',
    payload: z.strictObject({
      v: v1,
      id,
      closedBy: id.nullable(),
      closedAt: time,
      shiftId: id,
      expectedCents: signed,
      countedCents: cents,
      overShortCents: signed,
    }),
    rule: 'set once: a shift closes once, with its count and over/short as the till recorded them',
  },
  {
    kind: 'work_order_line.added',
    entityType: 'work_order_line',
    operation: 'insert',
    payload: z.strictObject({
      v: v1,
      line: z.strictObject({
        id,
        workOrderId: id,
        lineNo: z.number().int().positive(),
        kind: z.enum(['part', 'labor', 'fee']),
        productId: id.nullable(),
        description: z.string().max(4000),
        quantity: z.number().int().positive(),
        unitPriceCents: cents,
        technicianId: id.nullable(),
      }),
      totalCents: cents,
    }),
    rule: "insert-only by UUID; the order's total set to totalCents (its lines plus tax, as the till priced them)",
  },
];

export function salesOperationKind(entityType: string, operation: string): SalesOperationKind | undefined {
  return SALES_OPERATION_KINDS.find((k) => k.entityType === entityType && k.operation === operation);
}
