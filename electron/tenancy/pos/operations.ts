import { z } from 'zod';
import { WORK_ORDER_STATUSES } from '../models';
import { declare } from './declare';

/**
 * Every POS operation a signed-in user can call, each declared ONCE: its name
 * (the key), its input as a strict zod schema, and the service function that
 * runs it inside the session's tenant. The IPC contract, the main-process
 * handler (which validates with `input`), the worker's dispatch and the page's
 * types are all derived from this object: adding an operation is one entry
 * here plus its repository code. No input carries a tenant id: the
 * repositories read it from the session's context.
 */
const text = (max: number) => z.string().trim().min(1).max(max);
const id = z.string().min(1).max(64);
const none = z.undefined();

export const POS_OPERATIONS = {
  findProduct: declare(
    z.strictObject({ by: z.enum(['sku', 'barcode']), value: text(64) }),
    (r, { by, value }) => (by === 'sku' ? r.products.bySku(value) : r.products.byBarcode(value)) ?? null,
  ),
  product: declare(z.strictObject({ id }), (r, { id }) => {
    const product = r.products.byId(id);
    return product ? { product, fitment: r.products.fitment(id), stockMoves: r.inventory.transactions(id, 10) } : null;
  }),
  vehicleOptions: declare(none, (r) => r.products.vehicleOptions()),
  productsForVehicle: declare(z.strictObject({ make: text(64), model: text(64), year: z.number().int().min(1900).max(2100) }), (r, vehicle) =>
    r.products.forVehicle(vehicle),
  ),
  searchCustomers: declare(z.strictObject({ query: z.string().max(64) }), (r, { query }) => r.customers.search(query)),
  customer: declare(z.strictObject({ id }), (r, { id }) => {
    const customer = r.customers.byId(id);
    if (!customer) return null;
    return {
      customer,
      vehicles: r.customers.vehicles(id),
      loyalty: r.loyalty.forCustomer(id) ?? null,
      layaways: r.layaways.forCustomer(id),
      workOrders: r.workOrders.forCustomer(id, 10),
    };
  }),
  workOrders: declare(z.strictObject({ status: z.enum(['active', ...WORK_ORDER_STATUSES]) }), (r, { status }) => ({
    status,
    orders: r.workOrders.list(status),
    counts: r.workOrders.countByStatus(),
  })),
  workOrder: declare(z.strictObject({ number: text(32) }), (r, { number }) => r.workOrders.byNumber(number.toUpperCase()) ?? null),
  giftCard: declare(z.strictObject({ code: text(32) }), (r, { code }) => {
    const card = r.giftCards.byCode(code.toUpperCase());
    return card ? { card, transactions: r.giftCards.transactions(card.id, 20) } : null;
  }),
  redeemGiftCard: declare(z.strictObject({ code: text(32), amountCents: z.number().int().min(1).max(10_000_000) }), (r, { code, amountCents }) => {
    const card = r.giftCards.redeem({ code: code.toUpperCase(), amountCents });
    return { card, transactions: r.giftCards.transactions(card.id, 20) };
  }),

  // The PIN lock-out, for a manager, technician or admin (electron/tenancy/permissions.ts): who is locked, and unlocking one.
  lockedUsers: declare(none, (r) => r.lockout.view()),
  unlockUser: declare(z.union([z.strictObject({ username: text(64) }), z.strictObject({ till: z.literal(true) })]), (r, input) => ({
    unlocked: 'till' in input ? r.lockout.clearTill() : r.lockout.unlockUsername(input.username),
  })),
};

export type PosOperations = typeof POS_OPERATIONS;
export type PosOperationName = keyof PosOperations;
/** What the page sends: the schema's input type (before trimming). */
export type PosInput<K extends PosOperationName> = z.input<PosOperations[K]['input']>;
export type PosOutput<K extends PosOperationName> = ReturnType<PosOperations[K]['run']>;

export const isPosOperation = (name: string): name is PosOperationName => Object.hasOwn(POS_OPERATIONS, name);
export type { PosOperation } from './declare';
