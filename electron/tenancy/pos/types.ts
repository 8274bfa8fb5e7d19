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
