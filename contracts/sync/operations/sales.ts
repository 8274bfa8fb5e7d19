import { z } from 'zod';
import { cents, id, signed, time, v1, type OperationKind } from './common';

/**
 * The kinds the selling day writes (electron/sales, electron/tenancy/repositories/sales.ts,
 * shifts.ts), moved here from electron/sales/sync-operations.ts so the till and the hub
 * validate the same schemas. Two kinds the v1 app already wrote carry one more field from a
 * sale: stock.moved and gift_card.redeemed gain `saleId` (optional: a v1 row has none).
 */
export const saleRow = z.strictObject({
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

export const saleLine = z.strictObject({
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

export const salePayment = z.strictObject({
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

export const layaway = z.strictObject({
  id,
  number: z.string().max(32),
  customerId: id,
  totalCents: cents,
  paidCents: cents,
  dueDate: z.string().nullable(),
  createdAt: time,
});
export const layawayPayment = z.strictObject({
  id,
  layawayId: id,
  amountCents: z.number().int().positive(),
  method: z.enum(['cash', 'card', 'gift_card', 'store_credit']),
  userId: id.nullable(),
  paidAt: time,
});

/**
 * What a till that is enrolled with a hub adds to a gift card redemption or a store credit charge
 * (issue 14, "money the hub owns"): the hold it asked the hub for before the sale completed
 * (`holdId`; consumed when the operation is applied), whether it went ahead without the hub's
 * answer under the store's offline limit (`offline`), and the sale's receipt number, so a
 * rejection names the sale the store must collect from. All optional: older tills send none.
 */
const moneyConfirmation = {
  holdId: id.optional(),
  offline: z.boolean().optional(),
  saleNumber: z.string().max(32).nullable().optional(),
};

export const SALES_OPERATION_KINDS: readonly OperationKind[] = [
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
    rule: "a delta, once by UUID: the ledger row is kept and the hub's stock level of the product moves by quantity (commutative: two tills never overwrite each other's counts; the level may go below zero and is reported, never refused)",
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
      ...moneyConfirmation,
    }),
    rule: "the hub's balance is authoritative: applied once by UUID only if the card is the tenant's, active and holds at least the amount beside what other tills' open holds reserve (balance never below zero; the operation's own hold is consumed, not counted), else rejected with the hub's balance, the sale and the amount in `remote`; saleId names the sale the store must collect from",
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
      ...moneyConfirmation,
    }),
    rule: "the hub's balance is authoritative: a charge (amount > 0, store credit spent) is applied only if balance + amount + what other tills' open holds reserve stays within the limit (the operation's own hold is consumed, not counted), else rejected with the sale and the amount in `remote`; a payment (amount < 0, a refund as credit) is always applied; once by UUID",
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
