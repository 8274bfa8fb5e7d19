import type { PosApi } from '../../pos';

/** The POS half of window.pos: what these screens may call. */
export type PosCalls = PosApi['pos'];

export type { Store, SignedInView, CustomerDetail, GiftCardView, ProductDetail, WorkOrderList } from '../../../../electron/ipc/contracts';
export type { Customer, ProductSummary, VehicleOption, WorkOrderDetail, WorkOrderListItem, WorkOrderStatus } from '../../../../electron/ipc/contracts';
