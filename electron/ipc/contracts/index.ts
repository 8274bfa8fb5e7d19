import type { DomainApi } from '../contract';
import { appContract } from './app';
import { backupsContract } from './backups';
import { posContract } from './pos';
import { receiptsContract } from './receipts';
import { syncContract } from './sync';
import { upgradeContract } from './upgrade';

/**
 * Every IPC domain. Adding one: write contracts/<domain>.ts and
 * handlers/<domain>.ts, then list both here and in handlers/index.ts; the
 * preload, the handler registration and the renderer's types follow.
 */
export const CONTRACTS = [appContract, upgradeContract, backupsContract, posContract, receiptsContract, syncContract] as const;

type Contracts = (typeof CONTRACTS)[number];

/** `window.pos`: one object per domain, one function per operation, one `onX` per event. */
export type PosApi = { readonly [C in Contracts as C['domain']]: DomainApi<C> };

export type { BackupList } from './backups';

/**
 * Every type the page may see, in one place: the renderer imports these (and
 * only these) from electron/, as types, so no service code ever reaches the
 * browser bundle (the layer rule in eslint.config.js enforces it).
 */
export type { ErrorInfo, Outcome } from '../contract';
export type { BackupListing, BackupManifest, BackupProgress, RestoreImpact, RestoreResult, TenantLoss } from '../../backup/types';
export type { LaunchState, StoreInfo } from '../../upgrade/launch-state';
export type { UpgradePhase, UpgradeProgress, UpgradeReport } from '../../upgrade/types';
export type { CustomerDetail, GiftCardView, ProductDetail, SignedInView, Store, WorkOrderList } from '../../tenancy/pos/types';
export type { Customer, ProductSummary, VehicleOption, WorkOrderDetail, WorkOrderListItem, WorkOrderStatus } from '../../tenancy/models';
export type {
  ApprovalInput,
  CartInput,
  CartLineInput,
  Discount,
  LookupResult,
  PricedCart,
  Quote,
  ReceiptView,
  ReturnableSale,
  SalesSetup,
  SaleView,
  ShiftSummary,
  Slip,
  TenderInput,
  WorkOrderSearch,
  WorkOrderView,
} from '../../sales/types';
export type { QueuedItem, SyncHeader, SyncHeaderState, SyncItem, SyncPanel } from '../../sync/overview';
export type { SyncNowResult } from '../../worker/ops/sync';
export type { SyncFirstResult, UnsentBeforeRestore, UnsentTenant } from '../../worker/ops/restore-sync';
export type { BackgroundSyncState } from '../../worker/background-sync';
export type { ConflictChoice } from '../../../contracts/sync/operations';
export type { CustomerVehicle, Sale, SaleListItem, Shift, Fitment } from '../../tenancy/models';
