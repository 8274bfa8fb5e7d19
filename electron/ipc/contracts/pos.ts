import type { ProductSummary, Customer, VehicleOption, WorkOrderDetail } from '../../tenancy/models';
import type {
  CustomerDetail,
  GiftCardView,
  ProductDetail,
  ProductLookupInput,
  SignedInView,
  SignInInput,
  Store,
  VehicleQuery,
  WorkOrderList,
} from '../../tenancy/pos/types';
import type { WorkOrderStatus } from '../../tenancy/models';
import { operation, type Contract } from '../contract';

/**
 * The POS screens. The page never holds a session token or sends a tenant id:
 * it chooses a store once, at sign-in; the main process keeps the session and
 * every later call runs in that session's store.
 */
export const posContract = {
  domain: 'pos',
  operations: {
    /** The stores this build ships, with their branding, for the sign-in chooser. */
    stores: operation<void, Store[]>(),
    signIn: operation<SignInInput, SignedInView>(),
    signOut: operation<void, void>(),
    /** Who is signed in, and to which store (null when no one is). */
    me: operation<void, SignedInView | null>(),
    findProduct: operation<ProductLookupInput, ProductSummary | null>(),
    product: operation<{ id: string }, ProductDetail | null>(),
    vehicleOptions: operation<void, VehicleOption[]>(),
    productsForVehicle: operation<VehicleQuery, ProductSummary[]>(),
    searchCustomers: operation<{ query: string }, Customer[]>(),
    customer: operation<{ id: string }, CustomerDetail | null>(),
    workOrders: operation<{ status: WorkOrderStatus | 'active' }, WorkOrderList>(),
    workOrder: operation<{ number: string }, WorkOrderDetail | null>(),
    giftCard: operation<{ code: string }, GiftCardView | null>(),
    redeemGiftCard: operation<{ code: string; amountCents: number }, GiftCardView>(),
  },
  events: {},
} as const satisfies Contract;
