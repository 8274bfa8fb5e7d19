import { PosRuleError, RecordNotFoundError } from '../errors';
import type { Sale, SaleLine, SaleListItem, SalePaymentDetail } from '../models';
import { recordChange } from './activity';
import type { RepoDeps } from './deps';
import { requireOptionalParent, requireParent } from './references';
import { scoped, type Scoped } from './scoped';
import { rowColumns } from './columns';

/** Rows as the caller reads them: every column but tenant_id (columns.ts). */
const SALE_COLUMNS = rowColumns('sales');
const SALE_ITEM = `SELECT ${rowColumns('sales', 's')}, c.first_name || ' ' || c.last_name AS customer_name, u.display_name AS cashier_name`;

/**
 * Sales, returns and work order deposits with their lines and payments, and
 * every ledger a sale writes. The sales service (electron/sales) decides the
 * money; this file writes it, in one transaction per call, each row with the
 * signed-in tenant, each change with its audit row and sync operation.
 */
export const SQL = {
  byNumber: `SELECT ${SALE_COLUMNS} FROM sales WHERE tenant_id = @tenantId AND number = @number`,
  byId: `SELECT ${SALE_COLUMNS} FROM sales WHERE +tenant_id = @tenantId AND id = @id`,
  recent: `${SALE_ITEM}
    FROM sales s
    LEFT JOIN customers c ON c.tenant_id = @tenantId AND c.id = s.customer_id
    JOIN users u ON u.tenant_id = @tenantId AND u.id = s.user_id
    WHERE s.tenant_id = @tenantId ORDER BY s.created_at DESC LIMIT +@limit`,
  forCustomer: `${SALE_ITEM}
    FROM sales s
    LEFT JOIN customers c ON c.tenant_id = @tenantId AND c.id = s.customer_id
    JOIN users u ON u.tenant_id = @tenantId AND u.id = s.user_id
    WHERE s.tenant_id = @tenantId AND s.customer_id = @customerId ORDER BY s.created_at DESC LIMIT +@limit`,
  byStatus: `${SALE_ITEM}
    FROM sales s
    LEFT JOIN customers c ON c.tenant_id = @tenantId AND c.id = s.customer_id
    JOIN users u ON u.tenant_id = @tenantId AND u.id = s.user_id
    WHERE s.tenant_id = @tenantId AND s.status = @status ORDER BY s.created_at DESC LIMIT +@limit`,
  forWorkOrder: `SELECT ${SALE_COLUMNS} FROM sales WHERE tenant_id = @tenantId AND work_order_id = @workOrderId ORDER BY created_at`,
  returnsOf: `SELECT ${SALE_COLUMNS} FROM sales WHERE tenant_id = @tenantId AND original_sale_id = @saleId ORDER BY created_at`,
  lines: `SELECT ${rowColumns('sale_lines')} FROM sale_lines WHERE tenant_id = @tenantId AND sale_id = @saleId ORDER BY line_no`,
  payments: `SELECT ${rowColumns('sale_payments', 'p')}, g.code AS gift_card_code FROM sale_payments p
    LEFT JOIN gift_cards g ON g.tenant_id = @tenantId AND g.id = p.gift_card_id
    WHERE p.tenant_id = @tenantId AND p.sale_id = @saleId ORDER BY p.created_at, p.rowid`,
  /** Units of each line of a sale already returned, over every return against it (CROSS JOIN: the sale's lines first, then each one's returns). */
  returnedQuantities: `SELECT r.original_line_id AS line_id, sum(r.quantity) AS quantity
    FROM sale_lines o CROSS JOIN sale_lines r ON r.tenant_id = @tenantId AND r.original_line_id = o.id
    WHERE o.tenant_id = @tenantId AND o.sale_id = @saleId GROUP BY r.original_line_id`,
  /** What has been given back on each payment of a sale (by returns and voids). */
  refundedPayments: `SELECT r.original_payment_id AS payment_id, sum(r.amount_cents) AS amount_cents
    FROM sale_payments o CROSS JOIN sale_payments r ON r.tenant_id = @tenantId AND r.original_payment_id = o.id
    WHERE o.tenant_id = @tenantId AND o.sale_id = @saleId GROUP BY r.original_payment_id`,
  numberTaken: `SELECT 1 AS found FROM sales WHERE tenant_id = @tenantId AND number = @number`,
  // The store's greatest layaway number, kept by migration 0012's triggers.
  lastLayawayNumber: `SELECT number FROM layaways_last_number WHERE tenant_id = @tenantId`,
  onHand: `SELECT quantity_on_hand FROM inventory WHERE tenant_id = @tenantId AND product_id = @productId`,
  giftCard: `SELECT ${rowColumns('gift_cards')} FROM gift_cards WHERE +tenant_id = @tenantId AND id = @id`,
  creditAccount: `SELECT ${rowColumns('credit_accounts')} FROM credit_accounts WHERE +tenant_id = @tenantId AND id = @id`,
  loyaltyAccount: `SELECT ${rowColumns('loyalty_accounts')} FROM loyalty_accounts WHERE +tenant_id = @tenantId AND id = @id`,

  insertSale: `INSERT INTO sales (id, tenant_id, number, kind, status, original_sale_id, customer_id, work_order_id, layaway_id, shift_id, user_id, approved_by,
      price_level_id, promotion_id, subtotal_cents, line_discount_cents, promotion_discount_cents, order_discount_cents, tax_cents, total_cents, paid_cents,
      change_cents, note, created_at, completed_at, voided_at)
    VALUES (@id, @tenantId, @number, @kind, @status, @originalSaleId, @customerId, @workOrderId, @layawayId, @shiftId, @userId, @approvedBy,
      @priceLevelId, @promotionId, @subtotalCents, @lineDiscountCents, @promotionDiscountCents, @orderDiscountCents, @taxCents, @totalCents, @paidCents,
      @changeCents, @note, @createdAt, @completedAt, NULL)`,
  insertLine: `INSERT INTO sale_lines (id, tenant_id, sale_id, line_no, kind, product_id, original_line_id, sku, description, quantity,
      list_unit_cents, unit_price_cents, gross_cents, line_discount_cents, promotion_discount_cents, order_discount_cents, net_cents, tax_rate_ppm, tax_cents,
      total_cents, technician_id)
    VALUES (@id, @tenantId, @saleId, @lineNo, @kind, @productId, @originalLineId, @sku, @description, @quantity,
      @listUnitCents, @unitPriceCents, @grossCents, @lineDiscountCents, @promotionDiscountCents, @orderDiscountCents, @netCents, @taxRatePpm, @taxCents,
      @totalCents, @technicianId)`,
  insertPayment: `INSERT INTO sale_payments (id, tenant_id, sale_id, shift_id, method, direction, amount_cents, tendered_cents, change_cents, gift_card_id,
      credit_account_id, original_payment_id, reference, user_id, created_at)
    VALUES (@id, @tenantId, @saleId, @shiftId, @method, @direction, @amountCents, @tenderedCents, @changeCents, @giftCardId,
      @creditAccountId, @originalPaymentId, @reference, @userId, @createdAt)`,
  settleSale: `UPDATE sales SET status = @status, paid_cents = @paidCents, completed_at = @completedAt, voided_at = @voidedAt
    WHERE tenant_id = @tenantId AND id = @id`,
  insertStock: `INSERT INTO inventory_transactions (id, tenant_id, product_id, kind, quantity, unit_cost_cents, work_order_id, user_id, created_at, sale_id)
    VALUES (@id, @tenantId, @productId, @kind, @quantity, @unitCostCents, @workOrderId, @userId, @createdAt, @saleId)`,
  insertGiftCardMove: `INSERT INTO gift_card_transactions (id, tenant_id, gift_card_id, kind, amount_cents, work_order_id, created_at, sale_id)
    VALUES (@id, @tenantId, @giftCardId, @kind, @amountCents, @workOrderId, @createdAt, @saleId)`,
  reactivateGiftCard: `UPDATE gift_cards SET status = 'active' WHERE tenant_id = @tenantId AND id = @id AND status = 'redeemed' AND balance_cents > 0`,
  insertCreditAccount: `INSERT INTO credit_accounts (id, tenant_id, customer_id, credit_limit_cents, balance_cents, status, opened_at)
    VALUES (@id, @tenantId, @customerId, 0, 0, 'active', @openedAt)`,
  insertCreditMove: `INSERT INTO credit_transactions (id, tenant_id, account_id, kind, amount_cents, reference, created_at, sale_id)
    VALUES (@id, @tenantId, @accountId, @kind, @amountCents, @reference, @createdAt, @saleId)`,
  moveCreditBalance: `UPDATE credit_accounts SET balance_cents = balance_cents + @amountCents WHERE tenant_id = @tenantId AND id = @id`,
  insertLoyaltyMove: `INSERT INTO loyalty_transactions (id, tenant_id, account_id, points, reason, work_order_id, created_at, sale_id)
    VALUES (@id, @tenantId, @accountId, @points, @reason, @workOrderId, @createdAt, @saleId)`,
  moveLoyaltyBalance: `UPDATE loyalty_accounts SET points_balance = points_balance + @points WHERE tenant_id = @tenantId AND id = @id`,
  insertCommission: `INSERT INTO commissions (id, tenant_id, user_id, work_order_id, rule_id, amount_cents, paid, earned_at, sale_id)
    VALUES (@id, @tenantId, @userId, @workOrderId, @ruleId, @amountCents, 0, @earnedAt, @saleId)`,
  insertPromotionUse: `INSERT INTO promotion_usage (id, tenant_id, promotion_id, customer_id, work_order_id, discount_cents, used_at, sale_id)
    VALUES (@id, @tenantId, @promotionId, @customerId, @workOrderId, @discountCents, @usedAt, @saleId)`,
  insertLayaway: `INSERT INTO layaways (id, tenant_id, number, customer_id, status, total_cents, paid_cents, due_date, created_at, updated_at)
    VALUES (@id, @tenantId, @number, @customerId, 'open', @totalCents, @paidCents, @dueDate, @createdAt, @createdAt)`,
  insertLayawayPayment: `INSERT INTO layaway_payments (id, tenant_id, layaway_id, amount_cents, method, user_id, paid_at)
    VALUES (@id, @tenantId, @layawayId, @amountCents, @method, @userId, @paidAt)`,
  settleLayaway: `UPDATE layaways SET status = @status, paid_cents = @paidCents, updated_at = @updatedAt WHERE tenant_id = @tenantId AND id = @id`,
  invoiceWorkOrder: `UPDATE work_orders SET status = 'invoiced', completed_at = coalesce(completed_at, @now) WHERE tenant_id = @tenantId AND id = @id`,
  insertAudit: `INSERT INTO audit_log (id, tenant_id, user_id, action, entity_type, entity_id, details, created_at)
    VALUES (@id, @tenantId, @userId, @action, 'sale', @saleId, @details, @createdAt)`,
} as const;

export interface SaleDetail {
  sale: Sale;
  lines: SaleLine[];
  payments: SalePaymentDetail[];
}

/** One sale document as the service decided it (ids included: refunds point at the payments they give back). */
export interface SaleRow {
  id: string;
  number: string;
  kind: Sale['kind'];
  status: Sale['status'];
  originalSaleId: string | null;
  customerId: string | null;
  workOrderId: string | null;
  shiftId: string | null;
  approvedBy: string | null;
  priceLevelId: string | null;
  promotionId: string | null;
  subtotalCents: number;
  lineDiscountCents: number;
  promotionDiscountCents: number;
  orderDiscountCents: number;
  taxCents: number;
  totalCents: number;
  paidCents: number;
  changeCents: number;
  note: string | null;
  createdAt: string;
  completedAt: string | null;
}

export interface SaleLineRow {
  id: string;
  lineNo: number;
  kind: SaleLine['kind'];
  productId: string | null;
  originalLineId: string | null;
  sku: string | null;
  description: string;
  quantity: number;
  listUnitCents: number;
  unitPriceCents: number;
  grossCents: number;
  lineDiscountCents: number;
  promotionDiscountCents: number;
  orderDiscountCents: number;
  netCents: number;
  taxRatePpm: number;
  taxCents: number;
  totalCents: number;
  technicianId: string | null;
}

export interface SalePaymentRow {
  id: string;
  method: SalePaymentDetail['method'];
  direction: 'in' | 'out';
  amountCents: number;
  tenderedCents: number;
  changeCents: number;
  giftCardId: string | null;
  /** null with method store_credit: the account `effects.credit` opens in this transaction. */
  creditAccountId: string | null;
  originalPaymentId: string | null;
  reference: string | null;
}

/** What a sale does besides its own rows, each a ledger row with the sale's id, an audit row and a sync operation. */
export interface SaleEffects {
  /** Signed: a sale moves stock out (negative), a return back in. */
  stock: { productId: string; quantity: number; kind: 'sale' | 'return'; unitCostCents: number | null }[];
  /** Signed: a redemption takes off the card (negative), a refund puts back. */
  giftCards: { giftCardId: string; code: string; amountCents: number }[];
  /** Signed: a charge raises what the customer owes, a refund lowers it. accountId null: open the customer's account first. */
  credit: { accountId: string | null; customerId: string; amountCents: number }[];
  loyalty: { accountId: string; points: number }[];
  commissions: { userId: string; ruleId: string; amountCents: number }[];
  promotion: { promotionId: string; customerId: string | null; discountCents: number } | null;
  /** Move the work order to invoiced (its checkout). */
  invoiceWorkOrder: boolean;
}

export const NO_EFFECTS: SaleEffects = { stock: [], giftCards: [], credit: [], loyalty: [], commissions: [], promotion: null, invoiceWorkOrder: false };

export interface NewSale {
  sale: SaleRow;
  lines: SaleLineRow[];
  payments: SalePaymentRow[];
  effects: SaleEffects;
  /** Opens a layaway for the sale (status 'layaway'): the goods wait until it is paid in full. */
  layaway: { dueDate: string | null } | null;
}

/** More payments (or refunds) on an existing sale, and where that leaves it: a layaway paid, completed or voided. */
export interface SaleSettlement {
  saleId: string;
  action: 'sale.layaway_payment' | 'sale.complete_layaway' | 'sale.void';
  /** The manager who approved it (a void above the store's limit), kept in the audit row and the sync operation. */
  approvedBy: string | null;
  status: Sale['status'];
  paidCents: number;
  completedAt: string | null;
  voidedAt: string | null;
  shiftId: string | null;
  payments: SalePaymentRow[];
  effects: SaleEffects;
}

const LAYAWAY_METHODS = new Set(['cash', 'card', 'gift_card', 'store_credit']);

function nextLayawayNumber(s: Scoped): string {
  const last = s.get<{ number: string }>(SQL.lastLayawayNumber)?.number;
  const n = last && /^LAY-(\d+)$/.test(last) ? Number(last.slice(4)) + 1 : 5000;
  return `LAY-${String(n).padStart(6, '0')}`;
}

export function salesRepository(deps: RepoDeps) {
  const detail = (s: Scoped, sale: Sale | undefined): SaleDetail | undefined =>
    sale && { sale, lines: s.all<SaleLine>(SQL.lines, { saleId: sale.id }), payments: s.all<SalePaymentDetail>(SQL.payments, { saleId: sale.id }) };

  const requireReferences = (s: Scoped, sale: Partial<SaleRow>, lines: SaleLineRow[], payments: SalePaymentRow[]) => {
    requireOptionalParent(s, 'sales', 'customer_id', 'customers', sale.customerId);
    requireOptionalParent(s, 'sales', 'work_order_id', 'work_orders', sale.workOrderId);
    requireOptionalParent(s, 'sales', 'original_sale_id', 'sales', sale.originalSaleId);
    requireOptionalParent(s, 'sales', 'shift_id', 'shifts', sale.shiftId);
    requireOptionalParent(s, 'sales', 'approved_by', 'users', sale.approvedBy);
    requireOptionalParent(s, 'sales', 'price_level_id', 'price_levels', sale.priceLevelId);
    requireOptionalParent(s, 'sales', 'promotion_id', 'promotions', sale.promotionId);
    for (const l of lines) {
      requireOptionalParent(s, 'sale_lines', 'product_id', 'products', l.productId);
      requireOptionalParent(s, 'sale_lines', 'technician_id', 'users', l.technicianId);
      requireOptionalParent(s, 'sale_lines', 'original_line_id', 'sale_lines', l.originalLineId);
    }
    for (const p of payments) {
      requireOptionalParent(s, 'sale_payments', 'gift_card_id', 'gift_cards', p.giftCardId);
      requireOptionalParent(s, 'sale_payments', 'credit_account_id', 'credit_accounts', p.creditAccountId);
      requireOptionalParent(s, 'sale_payments', 'original_payment_id', 'sale_payments', p.originalPaymentId);
    }
  };

  const insertPayments = (s: Scoped, saleId: string, shiftId: string | null, payments: SalePaymentRow[], openedAccount: string | null, at: string) =>
    payments.map((p) => {
      const row = {
        ...p,
        creditAccountId: p.method === 'store_credit' ? (p.creditAccountId ?? openedAccount) : null,
        saleId,
        shiftId,
        userId: s.userId,
        createdAt: at,
      };
      s.run(SQL.insertPayment, row);
      return row;
    });

  /** The ledgers, in the order a clerk would check them: stock, gift cards, store credit, loyalty, commissions, the promotion, the work order. */
  const applyEffects = (
    s: Scoped,
    sale: { id: string; number: string; workOrderId: string | null },
    e: SaleEffects,
    at: string,
  ): { openedAccount: string | null } => {
    let openedAccount: string | null = null;
    for (const m of e.stock) {
      requireParent(s, 'inventory_transactions', 'product_id', 'products', m.productId);
      const onHand = s.get<{ quantity_on_hand: number }>(SQL.onHand, { productId: m.productId });
      if (onHand && onHand.quantity_on_hand + m.quantity < 0)
        throw new PosRuleError(`only ${onHand.quantity_on_hand} of that product are on hand`, 'Sell at most what is on the shelf, or receive the stock first');
      const row = {
        id: deps.newId(),
        productId: m.productId,
        kind: m.kind,
        quantity: m.quantity,
        unitCostCents: m.unitCostCents,
        workOrderId: sale.workOrderId,
        userId: s.userId,
        createdAt: at,
        saleId: sale.id,
      };
      s.run(SQL.insertStock, row);
      const action = m.kind === 'sale' ? 'inventory.sell' : 'inventory.return';
      recordChange(s, deps, { action, entityType: 'inventory_transaction', entityId: row.id, operation: 'insert', payload: row });
    }
    for (const m of e.giftCards) {
      const card = s.get<{ status: string; balance_cents: number; expires_at: string | null; code: string }>(SQL.giftCard, { id: m.giftCardId });
      if (!card) throw new RecordNotFoundError('gift card', m.code);
      if (m.amountCents < 0) {
        if (card.status !== 'active') throw new PosRuleError(`gift card ${card.code} is ${card.status}`, 'Take another form of payment');
        if (card.expires_at && card.expires_at < at)
          throw new PosRuleError(`gift card ${card.code} expired on ${card.expires_at.slice(0, 10)}`, 'Take another form of payment');
        if (card.balance_cents < -m.amountCents)
          throw new PosRuleError(
            `gift card ${card.code} has only $${(card.balance_cents / 100).toFixed(2)}`,
            'Take at most its balance from the card and the rest another way',
          );
      }
      const kind = m.amountCents < 0 ? 'redeem' : 'reload';
      const row = {
        id: deps.newId(),
        giftCardId: m.giftCardId,
        kind,
        amountCents: m.amountCents,
        workOrderId: sale.workOrderId,
        createdAt: at,
        saleId: sale.id,
      };
      // A redemption on a store enrolled with a hub carries the hub's confirmation (money-gate.ts).
      const confirmed =
        kind === 'redeem'
          ? deps.money?.spend({
              kind: 'gift_card',
              accountId: m.giftCardId,
              code: card.code,
              amountCents: -m.amountCents,
              saleId: sale.id,
              saleNumber: sale.number,
            })
          : undefined;
      s.run(SQL.insertGiftCardMove, row);
      if (kind === 'reload') s.run(SQL.reactivateGiftCard, { id: m.giftCardId });
      const action = kind === 'redeem' ? 'gift_card.redeem' : 'gift_card.refund';
      // A refund is its own kind for the hub (gift_card_refund): a redemption's rule (never below zero) is not a refund's.
      recordChange(s, deps, {
        action,
        entityType: kind === 'redeem' ? 'gift_card_transaction' : 'gift_card_refund',
        entityId: row.id,
        operation: 'insert',
        payload: { ...row, code: card.code, ...confirmed },
      });
    }
    for (const m of e.credit) {
      let accountId = m.accountId;
      if (!accountId) {
        requireParent(s, 'credit_accounts', 'customer_id', 'customers', m.customerId);
        accountId = openedAccount = deps.newId();
        const account = { id: accountId, customerId: m.customerId, openedAt: at };
        s.run(SQL.insertCreditAccount, account);
        recordChange(s, deps, {
          action: 'credit.open',
          entityType: 'credit_account',
          entityId: accountId,
          operation: 'insert',
          payload: { ...account, creditLimitCents: 0 },
        });
      }
      const account = s.get<{ status: string; balance_cents: number; credit_limit_cents: number }>(SQL.creditAccount, { id: accountId });
      if (!account) throw new RecordNotFoundError('store credit account', accountId);
      if (m.amountCents > 0) {
        if (account.status !== 'active') throw new PosRuleError(`the store credit account is ${account.status}`, 'Take another form of payment');
        if (account.balance_cents + m.amountCents > account.credit_limit_cents)
          throw new PosRuleError(
            `the customer has only $${((account.credit_limit_cents - account.balance_cents) / 100).toFixed(2)} of store credit`,
            'Take at most that much as store credit and the rest another way',
          );
      }
      const kind = m.amountCents > 0 ? 'charge' : 'payment';
      const confirmed =
        kind === 'charge'
          ? deps.money?.spend({ kind: 'store_credit', accountId, code: null, amountCents: m.amountCents, saleId: sale.id, saleNumber: sale.number })
          : undefined;
      const row = { id: deps.newId(), accountId, kind, amountCents: m.amountCents, reference: null as string | null, createdAt: at, saleId: sale.id };
      s.run(SQL.insertCreditMove, row);
      s.run(SQL.moveCreditBalance, { id: accountId, amountCents: m.amountCents });
      const action = kind === 'charge' ? 'credit.charge' : 'credit.refund';
      recordChange(s, deps, {
        action,
        entityType: 'credit_transaction',
        entityId: row.id,
        operation: 'insert',
        payload: { ...row, customerId: m.customerId, ...confirmed },
      });
    }
    for (const m of e.loyalty) {
      if (m.points === 0) continue;
      requireParent(s, 'loyalty_transactions', 'account_id', 'loyalty_accounts', m.accountId);
      const row = {
        id: deps.newId(),
        accountId: m.accountId,
        points: m.points,
        reason: m.points > 0 ? 'earn' : 'adjust',
        workOrderId: sale.workOrderId,
        createdAt: at,
        saleId: sale.id,
      };
      s.run(SQL.insertLoyaltyMove, row);
      s.run(SQL.moveLoyaltyBalance, { id: m.accountId, points: m.points });
      const action = m.points > 0 ? 'loyalty.earn' : 'loyalty.return';
      recordChange(s, deps, { action, entityType: 'loyalty_transaction', entityId: row.id, operation: 'insert', payload: row });
    }
    for (const c of e.commissions) {
      requireParent(s, 'commissions', 'user_id', 'users', c.userId);
      requireParent(s, 'commissions', 'rule_id', 'commission_rules', c.ruleId);
      const row = {
        id: deps.newId(),
        userId: c.userId,
        workOrderId: sale.workOrderId,
        ruleId: c.ruleId,
        amountCents: c.amountCents,
        earnedAt: at,
        saleId: sale.id,
      };
      s.run(SQL.insertCommission, row);
      recordChange(s, deps, {
        action: 'commission.earn',
        entityType: 'commission',
        entityId: row.id,
        operation: 'insert',
        payload: row,
      });
    }
    if (e.promotion) {
      const row = { id: deps.newId(), ...e.promotion, workOrderId: sale.workOrderId, usedAt: at, saleId: sale.id };
      s.run(SQL.insertPromotionUse, row);
      recordChange(s, deps, {
        action: 'promotion.use',
        entityType: 'promotion_usage',
        entityId: row.id,
        operation: 'insert',
        payload: row,
      });
    }
    if (e.invoiceWorkOrder && sale.workOrderId) {
      s.run(SQL.invoiceWorkOrder, { id: sale.workOrderId, now: at });
      recordChange(s, deps, {
        action: 'work_order.update',
        entityType: 'work_order',
        entityId: sale.workOrderId,
        operation: 'update',
        payload: { id: sale.workOrderId, status: 'invoiced' },
      });
    }
    return { openedAccount };
  };

  return {
    byNumber(number: string): SaleDetail | undefined {
      const s = scoped(deps.db);
      return detail(s, s.get<Sale>(SQL.byNumber, { number }));
    },
    byId(id: string): SaleDetail | undefined {
      const s = scoped(deps.db);
      return detail(s, s.get<Sale>(SQL.byId, { id }));
    },
    recent(limit = 30): SaleListItem[] {
      return scoped(deps.db).all<SaleListItem>(SQL.recent, { limit });
    },
    forCustomer(customerId: string, limit = 20): SaleListItem[] {
      return scoped(deps.db).all<SaleListItem>(SQL.forCustomer, { customerId, limit });
    },
    byStatus(status: Sale['status'], limit = 30): SaleListItem[] {
      return scoped(deps.db).all<SaleListItem>(SQL.byStatus, { status, limit });
    },
    forWorkOrder(workOrderId: string): Sale[] {
      return scoped(deps.db).all<Sale>(SQL.forWorkOrder, { workOrderId });
    },
    returnsOf(saleId: string): Sale[] {
      return scoped(deps.db).all<Sale>(SQL.returnsOf, { saleId });
    },
    /** Units returned so far, by line of the original sale. */
    returnedQuantities(saleId: string): Map<string, number> {
      return new Map(
        scoped(deps.db)
          .all<{ line_id: string; quantity: number }>(SQL.returnedQuantities, { saleId })
          .map((r) => [r.line_id, r.quantity]),
      );
    },
    /** Cents given back so far, by payment of the original sale. */
    refundedPayments(saleId: string): Map<string, number> {
      return new Map(
        scoped(deps.db)
          .all<{ payment_id: string; amount_cents: number }>(SQL.refundedPayments, { saleId })
          .map((r) => [r.payment_id, r.amount_cents]),
      );
    },
    numberTaken(number: string): boolean {
      return scoped(deps.db).get(SQL.numberTaken, { number }) !== undefined;
    },
    /** A new sale document with its lines, payments and ledgers, in one transaction. */
    record(input: NewSale): SaleDetail {
      const s = scoped(deps.db);
      return s.transaction(() => {
        if (!s.userId) throw new PosRuleError('a sale is rung up by a signed-in user', 'Sign in first');
        requireReferences(s, input.sale, input.lines, input.payments);
        const at = input.sale.createdAt;
        let layawayId: string | null = null;
        let layaway: Record<string, unknown> | null = null;
        if (input.layaway) {
          if (!input.sale.customerId) throw new PosRuleError('a layaway is kept for a customer', 'Choose the customer first');
          layawayId = deps.newId();
          layaway = {
            id: layawayId,
            number: nextLayawayNumber(s),
            customerId: input.sale.customerId,
            totalCents: input.sale.totalCents,
            paidCents: input.sale.paidCents,
            dueDate: input.layaway.dueDate,
            createdAt: at,
          };
          s.run(SQL.insertLayaway, layaway);
        }
        const sale = { ...input.sale, layawayId, userId: s.userId };
        s.run(SQL.insertSale, sale);
        const lines = input.lines.map((l) => ({ ...l, saleId: sale.id }));
        for (const l of lines) s.run(SQL.insertLine, l);
        // Store credit: the account a refund opens must exist before the payment that names it.
        const { openedAccount } = applyEffects(s, { id: sale.id, number: sale.number, workOrderId: sale.workOrderId }, input.effects, at);
        const payments = insertPayments(s, sale.id, sale.shiftId, input.payments, openedAccount, at);
        const layawayPayments = layawayId
          ? payments
              .filter((p) => LAYAWAY_METHODS.has(p.method))
              .map((p) => ({ id: deps.newId(), layawayId, amountCents: p.amountCents, method: p.method, userId: s.userId, paidAt: at }))
          : [];
        for (const p of layawayPayments) s.run(SQL.insertLayawayPayment, p);
        recordChange(s, deps, {
          action: 'sale.record',
          entityType: 'sale',
          entityId: sale.id,
          operation: 'insert',
          payload: { sale, lines, payments, layaway, layawayPayments },
        });
        return detail(s, s.get<Sale>(SQL.byId, { id: sale.id }))!;
      });
    },
    /** Payments or refunds on an existing sale and its new state (a layaway paid or voided), in one transaction. */
    settle(input: SaleSettlement): SaleDetail {
      const s = scoped(deps.db);
      return s.transaction(() => {
        const sale = s.get<Sale>(SQL.byId, { id: input.saleId });
        if (!sale) throw new RecordNotFoundError('sale', input.saleId);
        requireReferences(s, { shiftId: input.shiftId, approvedBy: input.approvedBy }, [], input.payments);
        const at = deps.now().toISOString();
        const { openedAccount } = applyEffects(s, { id: sale.id, number: sale.number, workOrderId: sale.work_order_id }, input.effects, at);
        const payments = insertPayments(s, sale.id, input.shiftId, input.payments, openedAccount, at);
        s.run(SQL.settleSale, { id: sale.id, status: input.status, paidCents: input.paidCents, completedAt: input.completedAt, voidedAt: input.voidedAt });
        let layawayPayments: Record<string, unknown>[] = [];
        if (sale.layaway_id) {
          layawayPayments = payments
            .filter((p) => p.direction === 'in' && LAYAWAY_METHODS.has(p.method))
            .map((p) => ({ id: deps.newId(), layawayId: sale.layaway_id, amountCents: p.amountCents, method: p.method, userId: s.userId, paidAt: at }));
          for (const p of layawayPayments) s.run(SQL.insertLayawayPayment, p);
          const status = input.status === 'completed' ? 'completed' : input.status === 'voided' ? 'cancelled' : 'open';
          s.run(SQL.settleLayaway, { id: sale.layaway_id, status, paidCents: input.paidCents, updatedAt: at });
        }
        recordChange(s, deps, {
          action: input.action,
          entityType: 'sale',
          entityId: sale.id,
          operation: 'update',
          payload: {
            action: input.action,
            saleId: sale.id,
            approvedBy: input.approvedBy,
            status: input.status,
            paidCents: input.paidCents,
            completedAt: input.completedAt,
            voidedAt: input.voidedAt,
            payments,
            layawayPayments,
          },
        });
        return detail(s, s.get<Sale>(SQL.byId, { id: sale.id }))!;
      });
    },
    /** The audit trail of a receipt printed, saved or declined: not a change to sync, a fact to keep. */
    noteReceipt(saleId: string, what: 'receipt.print' | 'receipt.pdf' | 'receipt.none' | 'receipt.reprint'): void {
      const s = scoped(deps.db);
      if (!s.get(SQL.byId, { id: saleId })) throw new RecordNotFoundError('sale', saleId);
      s.run(SQL.insertAudit, { id: deps.newId(), userId: s.userId, action: what, saleId, details: null, createdAt: deps.now().toISOString() });
    },
  };
}
