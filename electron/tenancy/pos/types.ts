import type { Branding } from '../config/schema';
import type {
  Customer,
  CustomerVehicle,
  Fitment,
  GiftCard,
  GiftCardTransaction,
  InventoryTransaction,
  Layaway,
  LoyaltyAccount,
  ProductSummary,
  User,
  VehicleOption,
  WorkOrderDetail,
  WorkOrderListItem,
  WorkOrderStatus,
} from '../models';

/** What the POS screens exchange with the app. No input carries a tenant id except sign-in's choice of store. */

export interface Store {
  id: string;
  name: string;
  branding: Branding;
}

export interface SignedInView {
  user: Pick<User, 'id' | 'tenant_id' | 'username' | 'display_name' | 'role'>;
  store: Store;
  expiresAt: string;
}

export interface SignInInput {
  storeId: string;
  username: string;
  pin: string;
}

export type ProductLookupInput = { by: 'sku' | 'barcode'; value: string };

export interface VehicleQuery {
  make: string;
  model: string;
  year: number;
}

export interface ProductDetail {
  product: ProductSummary;
  fitment: Fitment[];
  stockMoves: InventoryTransaction[];
}

export interface CustomerDetail {
  customer: Customer;
  vehicles: CustomerVehicle[];
  loyalty: LoyaltyAccount | null;
  layaways: Layaway[];
  workOrders: WorkOrderListItem[];
}

export interface WorkOrderList {
  status: WorkOrderStatus | 'active';
  orders: WorkOrderListItem[];
  counts: Record<WorkOrderStatus, number>;
}

export interface GiftCardView {
  card: GiftCard;
  transactions: GiftCardTransaction[];
}

/** Every POS operation that runs for a signed-in user: input and output. */
export interface PosOperations {
  me: { input: undefined; output: SignedInView };
  findProduct: { input: ProductLookupInput; output: ProductSummary | null };
  product: { input: { id: string }; output: ProductDetail | null };
  vehicleOptions: { input: undefined; output: VehicleOption[] };
  productsForVehicle: { input: VehicleQuery; output: ProductSummary[] };
  searchCustomers: { input: { query: string }; output: Customer[] };
  customer: { input: { id: string }; output: CustomerDetail | null };
  workOrders: { input: { status: WorkOrderStatus | 'active' }; output: WorkOrderList };
  workOrder: { input: { number: string }; output: WorkOrderDetail | null };
  giftCard: { input: { code: string }; output: GiftCardView | null };
  redeemGiftCard: { input: { code: string; amountCents: number }; output: GiftCardView };
}

export type PosOperationName = keyof PosOperations;
