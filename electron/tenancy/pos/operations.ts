import type { ResolvedSession } from '../auth';
import type { Repositories } from '../repositories';
import { tenantConfig } from '../tenants';
import type { PosOperationName, PosOperations, Store } from './types';

type Handlers = {
  [K in PosOperationName]: (repos: Repositories, input: PosOperations[K]['input'], session: ResolvedSession) => PosOperations[K]['output'];
};

export function storeOf(tenantId: string): Store {
  const { id, name, branding } = tenantConfig(tenantId);
  return { id, name, branding };
}

/**
 * The POS operations, each run by the session middleware inside the signed-in
 * user's tenant. None takes a tenant id: the repositories read it from the context.
 */
export const POS_OPERATIONS: Handlers = {
  me: (_r, _input, session) => ({
    user: {
      id: session.user.id,
      tenant_id: session.user.tenant_id,
      username: session.user.username,
      display_name: session.user.display_name,
      role: session.user.role,
    },
    store: storeOf(session.scope.tenantId),
    expiresAt: session.expiresAt,
  }),
  findProduct: (r, { by, value }) => (by === 'sku' ? r.products.bySku(value.trim()) : r.products.byBarcode(value.trim())) ?? null,
  product: (r, { id }) => {
    const product = r.products.byId(id);
    return product ? { product, fitment: r.products.fitment(id), stockMoves: r.inventory.transactions(id, 10) } : null;
  },
  vehicleOptions: (r) => r.products.vehicleOptions(),
  productsForVehicle: (r, vehicle) => r.products.forVehicle(vehicle),
  searchCustomers: (r, { query }) => r.customers.search(query),
  customer: (r, { id }) => {
    const customer = r.customers.byId(id);
    if (!customer) return null;
    return {
      customer,
      vehicles: r.customers.vehicles(id),
      loyalty: r.loyalty.forCustomer(id) ?? null,
      layaways: r.layaways.forCustomer(id),
      workOrders: r.workOrders.forCustomer(id, 10),
    };
  },
  workOrders: (r, { status }) => ({ status, orders: r.workOrders.list(status), counts: r.workOrders.countByStatus() }),
  workOrder: (r, { number }) => r.workOrders.byNumber(number.trim().toUpperCase()) ?? null,
  giftCard: (r, { code }) => {
    const card = r.giftCards.byCode(code.trim().toUpperCase());
    return card ? { card, transactions: r.giftCards.transactions(card.id, 20) } : null;
  },
  redeemGiftCard: (r, { code, amountCents }) => {
    const card = r.giftCards.redeem({ code: code.trim().toUpperCase(), amountCents });
    return { card, transactions: r.giftCards.transactions(card.id, 20) };
  },
};
