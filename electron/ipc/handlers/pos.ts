import { z } from 'zod';
import { SessionExpiredError } from '../../tenancy/errors';
import { WORK_ORDER_STATUSES } from '../../tenancy/models';
import type { PosOperationName, PosOperations } from '../../tenancy/pos/types';
import { TENANT_ID_PATTERN } from '../../../contracts/tenant-id';
import type { DbClient } from '../../worker/client';
import type { posContract } from '../contracts/pos';
import type { DomainHandlers } from './define';

/**
 * The signed-in session of the window. It lives here, in the main process:
 * the page gets the user and the store's branding, never the token, and never
 * names a tenant after sign-in.
 */
export function sessionKeeper() {
  let token: string | null = null;
  return {
    get: () => token,
    set: (t: string) => void (token = t),
    take: () => {
      const t = token;
      token = null;
      return t;
    },
  };
}
export type SessionKeeper = ReturnType<typeof sessionKeeper>;

const text = (max: number) => z.string().trim().min(1).max(max);
const id = z.string().min(1).max(64);
const none = z.undefined();

/** Every POS input, strict: a field the schema does not name (a tenant_id, say) is refused. */
export const POS_INPUTS = {
  signIn: z.strictObject({
    storeId: z.string().max(255).regex(TENANT_ID_PATTERN, 'is not a store id'),
    username: text(64),
    pin: z.string().regex(/^\d{4,8}$/, 'must be 4 to 8 digits'),
  }),
  findProduct: z.strictObject({ by: z.enum(['sku', 'barcode']), value: text(64) }),
  product: z.strictObject({ id }),
  productsForVehicle: z.strictObject({ make: text(64), model: text(64), year: z.number().int().min(1900).max(2100) }),
  searchCustomers: z.strictObject({ query: z.string().max(64) }),
  customer: z.strictObject({ id }),
  workOrders: z.strictObject({ status: z.enum(['active', ...WORK_ORDER_STATUSES]) }),
  workOrder: z.strictObject({ number: text(32) }),
  giftCard: z.strictObject({ code: text(32) }),
  redeemGiftCard: z.strictObject({ code: text(32), amountCents: z.number().int().min(1).max(10_000_000) }),
};

export function posHandlers(client: Pick<DbClient, 'call'>, session: SessionKeeper): DomainHandlers<typeof posContract> {
  /** One POS request in the worker, under the window's session; an expired session is forgotten here too. */
  const call = async <K extends PosOperationName>(op: K, input: PosOperations[K]['input']): Promise<PosOperations[K]['output']> => {
    const token = session.get();
    if (!token) throw new SessionExpiredError('missing');
    try {
      return (await client.call('pos.call', { token, op, input })) as PosOperations[K]['output'];
    } catch (err) {
      if ((err as { code?: string }).code === 'SESSION_EXPIRED') session.take();
      throw err;
    }
  };
  return {
    stores: { input: none, handle: () => client.call('pos.stores') },
    signIn: {
      input: POS_INPUTS.signIn,
      handle: async (input) => {
        const previous = session.take();
        if (previous) await client.call('pos.signOut', { token: previous });
        const { token, view } = await client.call('pos.signIn', input);
        session.set(token);
        return view;
      },
    },
    signOut: {
      input: none,
      handle: async () => {
        const token = session.take();
        if (token) await client.call('pos.signOut', { token });
      },
    },
    me: { input: none, handle: async () => (session.get() ? call('me', undefined) : null) },
    findProduct: { input: POS_INPUTS.findProduct, handle: (i) => call('findProduct', i) },
    product: { input: POS_INPUTS.product, handle: (i) => call('product', i) },
    vehicleOptions: { input: none, handle: () => call('vehicleOptions', undefined) },
    productsForVehicle: { input: POS_INPUTS.productsForVehicle, handle: (i) => call('productsForVehicle', i) },
    searchCustomers: { input: POS_INPUTS.searchCustomers, handle: (i) => call('searchCustomers', i) },
    customer: { input: POS_INPUTS.customer, handle: (i) => call('customer', i) },
    workOrders: { input: POS_INPUTS.workOrders, handle: (i) => call('workOrders', i) },
    workOrder: { input: POS_INPUTS.workOrder, handle: (i) => call('workOrder', i) },
    giftCard: { input: POS_INPUTS.giftCard, handle: (i) => call('giftCard', i) },
    redeemGiftCard: { input: POS_INPUTS.redeemGiftCard, handle: (i) => call('redeemGiftCard', i) },
  };
}
