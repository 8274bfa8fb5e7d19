import { z } from 'zod';
import { declare } from '../tenancy/pos/declare';
import { checkout, quote, takeDeposit } from './checkout';
import { MAX_CENTS, percentText } from '../../contracts/money';
import { promotionProblem, promotionTerms } from './domain/promotions';
import { payLayaway, voidSale } from './layaway';
import { lookUp } from './lookup';
import { returnable, returnItems } from './returns';
import { salesRules } from './settings';
import { closeShift, currentShift, openShift } from './shift';
import { saleView } from './views';
import {
  addLabourToWorkOrder,
  addPartToWorkOrder,
  CLERK_STATUSES,
  openWorkOrder,
  removeWorkOrderLine,
  searchWorkOrders,
  setWorkOrderStatus,
  workOrderByNumber,
} from './work-orders';
import type { SalesSetup } from './types';

/**
 * The selling day's POS operations, declared once each (name, strict zod
 * input, service function) like every POS operation; tenancy/pos/operations.ts
 * spreads them into POS_OPERATIONS. No input names a price, a tax or a tenant.
 */
const id = z.string().min(1).max(64);
const text = (max: number) => z.string().trim().min(1).max(max);
const cents = z.number().int().min(0).max(MAX_CENTS);
const positiveCents = z.number().int().min(1).max(MAX_CENTS);
const quantity = z.number().int().min(1).max(10_000);
const receiptNumber = z.string().trim().min(1).max(32);

const discount = z.union([z.strictObject({ percentBp: z.number().int().min(0).max(10_000) }), z.strictObject({ amountCents: cents })]).nullable();

const cartLine = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('part'), productId: id, quantity, discount: discount.optional() }),
  z.strictObject({
    kind: z.literal('labor'),
    rateId: z.string().min(1).max(32),
    tenths: z.number().int().min(1).max(2000),
    description: z.string().trim().max(80),
    technicianId: id.nullable().optional(),
    discount: discount.optional(),
  }),
  z.strictObject({ kind: z.literal('fee'), description: text(80), unitCents: cents, quantity, discount: discount.optional() }),
]);

const cart = z.strictObject({
  customerId: id.nullable(),
  workOrderId: id.nullable().optional(),
  lines: z.array(cartLine).max(200),
  orderDiscount: discount,
  promotionCode: z.string().trim().max(32).nullable(),
});

const tender = z.discriminatedUnion('method', [
  z.strictObject({ method: z.literal('cash'), tenderedCents: positiveCents }),
  z.strictObject({ method: z.literal('card'), amountCents: positiveCents, reference: z.string().trim().max(32).nullable().optional() }),
  z.strictObject({ method: z.literal('gift_card'), code: text(32), amountCents: positiveCents }),
  z.strictObject({ method: z.literal('store_credit'), amountCents: positiveCents }),
]);
const tenders = z.array(tender).max(10);

const approval = z
  .strictObject({ username: text(64), pin: z.string().regex(/^\d{4,8}$/, 'must be 4 to 8 digits') })
  .nullable()
  .optional();

export const SALES_OPERATIONS = {
  /** The one search field: an exact barcode or SKU, or words of a product name. */
  lookUp: declare(z.strictObject({ query: z.string().max(64) }), (r, { query }) => lookUp(r, query)),
  /** What the selling screens need to know about the store: labour rates, tax rates, running promotions, staff, the open shift. */
  salesSetup: declare(z.undefined(), (r, _i, session): SalesSetup => {
    const rules = salesRules(session.scope.tenantId);
    const now = r.now().toISOString();
    const users = r.users.active();
    return {
      labourRates: rules.labourRates,
      taxes: (['parts', 'labor', 'fees'] as const).map((c) => ({
        label: c === 'labor' ? 'Labour' : c === 'parts' ? 'Parts' : 'Fees',
        percent: percentText(rules.taxRates[c]),
      })),
      promotions: r.selling
        .activePromotions()
        .filter((p) => promotionProblem(p, now, r.selling.promotionUses(p.id)) === null)
        .map((p) => ({ code: p.code, name: p.name, terms: promotionTerms(p), endsAt: p.ends_at })),
      technicians: users.filter((u) => u.role === 'technician').map((u) => ({ id: u.id, name: u.display_name })),
      users: users.map((u) => ({ username: u.username, name: u.display_name, role: u.role })),
      shift: currentShift(r),
    };
  }),
  /** The cart priced by the worker: what the screen shows as lines and totals. */
  quote: declare(z.strictObject({ cart }), (r, { cart }) => quote(r, cart)),
  checkout: declare(
    z.strictObject({
      cart,
      tenders,
      approval,
      layaway: z.strictObject({ dueDate: z.iso.date().nullable() }).nullable().optional(),
      note: z.string().trim().max(200).nullable().optional(),
    }),
    (r, input, session) => checkout(r, session, input),
  ),
  sale: declare(z.strictObject({ number: receiptNumber }), (r, { number }) => {
    const d = r.sales.byNumber(number.toUpperCase());
    return d ? saleView(r, d, '') : null;
  }),
  recentSales: declare(z.undefined(), (r) => r.sales.recent(40)),
  openLayaways: declare(z.undefined(), (r) => r.sales.byStatus('layaway', 40)),
  payLayaway: declare(z.strictObject({ saleNumber: receiptNumber, tenders }), (r, input, session) => payLayaway(r, session, input)),
  voidSale: declare(z.strictObject({ saleNumber: receiptNumber, approval }), (r, input, session) => voidSale(r, session, input)),
  returnable: declare(z.strictObject({ number: receiptNumber }), (r, { number }) => returnable(r, number)),
  returnItems: declare(
    z.strictObject({
      saleNumber: receiptNumber,
      lines: z
        .array(z.strictObject({ lineId: id, quantity }))
        .min(1)
        .max(200),
      refundTo: z.enum(['original', 'store_credit']),
      approval,
    }),
    (r, input, session) => returnItems(r, session, input),
  ),
  /** The receipt was printed, saved as a PDF, reprinted or declined: kept in the audit log. */
  noteReceipt: declare(
    z.strictObject({ saleId: id, what: z.enum(['receipt.print', 'receipt.pdf', 'receipt.none', 'receipt.reprint']) }),
    (r, { saleId, what }) => {
      r.sales.noteReceipt(saleId, what);
      return null;
    },
  ),
  shift: declare(z.undefined(), (r) => currentShift(r)),
  openShift: declare(z.strictObject({ floatCents: cents }), (r, { floatCents }) => openShift(r, floatCents)),
  closeShift: declare(z.strictObject({ countedCents: cents }), (r, { countedCents }) => closeShift(r, countedCents)),
  searchWorkOrders: declare(z.strictObject({ query: z.string().max(64) }), (r, { query }) => searchWorkOrders(r, query)),
  workOrderView: declare(z.strictObject({ number: text(32) }), (r, { number }) => workOrderByNumber(r, number)),
  openWorkOrder: declare(
    z.strictObject({
      customerId: id,
      vehicleId: id.nullable(),
      technicianId: id.nullable(),
      description: text(200),
      odometer: z.number().int().min(0).max(2_000_000).nullable(),
    }),
    (r, input) => openWorkOrder(r, input),
  ),
  addPartToWorkOrder: declare(z.strictObject({ workOrderId: id, productId: id, quantity }), (r, input) => addPartToWorkOrder(r, input)),
  addLabourToWorkOrder: declare(
    z.strictObject({
      workOrderId: id,
      rateId: z.string().min(1).max(32),
      tenths: z.number().int().min(1).max(2000),
      description: z.string().trim().max(80),
      technicianId: id.nullable(),
    }),
    (r, input) => addLabourToWorkOrder(r, input),
  ),
  removeWorkOrderLine: declare(z.strictObject({ workOrderId: id, lineId: id }), (r, input) => removeWorkOrderLine(r, input)),
  setWorkOrderStatus: declare(z.strictObject({ workOrderId: id, status: z.enum(CLERK_STATUSES) }), (r, input) => setWorkOrderStatus(r, input)),
  takeDeposit: declare(z.strictObject({ workOrderId: id, amountCents: positiveCents, tenders }), (r, input, session) => takeDeposit(r, session, input)),
};
