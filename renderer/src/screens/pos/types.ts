import type { PosApi } from '../../pos';

/** The POS half of window.pos: what these screens may call. */
export type PosCalls = PosApi['pos'];
/** Printing the receipt on screen (Electron's print and printToPDF, in the main process). */
export type ReceiptCalls = PosApi['receipts'];

export type { Store, SignedInView, CustomerDetail, GiftCardView, ProductDetail, WorkOrderList } from '../../../../electron/ipc/contracts';
export type { Customer, ProductSummary, VehicleOption, WorkOrderDetail, WorkOrderListItem, WorkOrderStatus } from '../../../../electron/ipc/contracts';
export type {
  ApprovalInput,
  CartInput,
  CartLineInput,
  CustomerVehicle,
  Discount,
  LookupResult,
  Quote,
  ReceiptView,
  ReturnableSale,
  Sale,
  SaleListItem,
  SalesSetup,
  SaleView,
  ShiftSummary,
  Slip,
  TenderInput,
  WorkOrderSearch,
  WorkOrderView,
} from '../../../../electron/ipc/contracts';
