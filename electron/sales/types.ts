/**
 * What the selling screens exchange with the app: inputs as the page sends
 * them (never a price, a tax or a tenant: the worker prices every cart from
 * the store's own data) and the views it gets back. Types only, so the
 * renderer can import them.
 */
import type {
  Customer,
  CustomerVehicle,
  ProductSummary,
  Sale,
  SaleLine,
  SaleListItem,
  SalePaymentDetail,
  Shift,
  WorkOrderDetail,
  WorkOrderListItem,
} from '../tenancy/models';
import type { ApprovalReason } from './errors';
import type { Discount, PricedCart } from './domain/pricing';

export type { Discount, PricedCart, ApprovalReason };

export type CartLineInput =
  | { kind: 'part'; productId: string; quantity: number; discount?: Discount | null }
  | { kind: 'labor'; rateId: string; tenths: number; description: string; technicianId?: string | null; discount?: Discount | null }
  | { kind: 'fee'; description: string; unitCents: number; quantity: number; discount?: Discount | null };

export interface CartInput {
  customerId: string | null;
  /** Checking out a work order: its lines are the cart's (the page sends none of its own). */
  workOrderId?: string | null;
  lines: CartLineInput[];
  orderDiscount: Discount | null;
  promotionCode: string | null;
}

export type TenderInput =
  | { method: 'cash'; tenderedCents: number }
  | { method: 'card'; amountCents: number; reference?: string | null }
  | { method: 'gift_card'; code: string; amountCents: number }
  | { method: 'store_credit'; amountCents: number };

/** A manager's username and PIN, typed at the till when a discount, refund or void needs one. */
export interface ApprovalInput {
  username: string;
  pin: string;
}

export interface Quote {
  cart: PricedCart;
  /** Work order deposits that will be applied at checkout. */
  depositCents: number;
  dueCents: number;
  /** The clerk's discounts above the store's limit (empty: no manager needed), in words. */
  needsApproval: string[];
  /** What the customer has to spend, for the payment buttons. */
  storeCreditCents: number | null;
  customerName: string | null;
  priceLevelName: string | null;
}

export interface ReceiptLine {
  lineNo: number;
  sku: string | null;
  description: string;
  quantity: number;
  unitPriceCents: number;
  listUnitCents: number;
  grossCents: number;
  discountCents: number;
  netCents: number;
  taxCents: number;
  totalCents: number;
}

export interface ReceiptPayment {
  label: string;
  direction: 'in' | 'out';
  amountCents: number;
  tenderedCents: number;
  changeCents: number;
}

/** A receipt as it prints: every figure summed from its lines and payments, here, never taken from a stored total. */
export interface ReceiptView {
  storeName: string;
  header: string[];
  logoText: string;
  number: string;
  title: string;
  kind: Sale['kind'];
  status: Sale['status'];
  createdAt: string;
  cashier: string;
  customer: string | null;
  reference: string | null;
  lines: ReceiptLine[];
  subtotalCents: number;
  discounts: { label: string; cents: number }[];
  taxes: { label: string; cents: number }[];
  totalCents: number;
  payments: ReceiptPayment[];
  paidCents: number;
  changeCents: number;
  balanceDueCents: number;
  notes: string[];
}

/** A slip for every gift card or store credit redemption and refund: what moved and what is left. */
export interface Slip {
  title: string;
  lines: { label: string; cents: number }[];
  message: string;
}

export interface SaleView {
  sale: Sale;
  lines: SaleLine[];
  payments: SalePaymentDetail[];
  receipt: ReceiptView;
  slips: Slip[];
  /** What the clerk reads once it is done ("Paid in full. Change due: $12.60"). */
  message: string;
}

export interface ReturnableLine {
  id: string;
  lineNo: number;
  description: string;
  sku: string | null;
  quantity: number;
  returned: number;
  netCents: number;
  taxCents: number;
}

export interface ReturnableSale {
  sale: SaleListItem | Sale;
  receipt: ReceiptView;
  lines: ReturnableLine[];
  /** Whether the sale's customer could take store credit (a return to store credit needs a customer). */
  canTakeStoreCredit: boolean;
}

export interface LookupResult {
  /** An exact barcode or SKU: the screen adds it to the cart at once. */
  exact: ProductSummary | null;
  matches: ProductSummary[];
}

export interface ShiftSummary {
  shift: Shift;
  openedByName: string | null;
  cashInCents: number;
  cashOutCents: number;
  expectedCents: number;
  byMethod: { method: string; label: string; inCents: number; outCents: number; count: number }[];
}

export interface SalesSetup {
  labourRates: { id: string; name: string; centsPerHour: number }[];
  taxes: { label: string; percent: string }[];
  promotions: { code: string; name: string; terms: string; endsAt: string | null }[];
  technicians: { id: string; name: string }[];
  users: { username: string; name: string; role: string }[];
  shift: ShiftSummary | null;
}

export interface WorkOrderSearch {
  orders: WorkOrderListItem[];
  vehicles: (CustomerVehicle & { customer_name: string | null })[];
  customers: Customer[];
}

export interface WorkOrderView {
  detail: WorkOrderDetail;
  depositCents: number;
  deposits: Sale[];
  sales: Sale[];
  quote: Quote;
}
