import type { Db } from '../db/open';
import { tenantsInStore } from '../tenancy/tenants/in-store';
import { probeHub } from './http';
import { tenantStatus } from './status';
import { enrolledTenants } from './store';

/** One enrolled store of the file, before a restore replaces it. */
export interface UnsentTenant {
  tenantId: string;
  name: string;
  /** Operations this database holds that the hub has not acknowledged (in flight included): a restore to an older backup loses those made since it. */
  notReceived: number;
  /** The store's hub answered its health check just now. */
  hubReachable: boolean;
}

export interface UnsentBeforeRestore {
  tenants: UnsentTenant[];
  /** Offer "Sync first" (and make it the default): something is unsent and its hub answers. */
  offerSyncFirst: boolean;
}

/** How long the preview waits for each hub's health check: the technician is looking at the confirmation. */
export const RESTORE_PROBE_TIMEOUT_MS = 3_000;

/** The unsent counts of every enrolled store of the file, read at once (synchronously), without asking any hub. */
export function countUnsent(db: Db): (Omit<UnsentTenant, 'hubReachable'> & { hubUrl: string })[] {
  const names = new Map(tenantsInStore(db).map((t) => [t.id, t.name]));
  return enrolledTenants(db).map((tenantId) => {
    const status = tenantStatus(db, tenantId);
    return { tenantId, name: names.get(tenantId) ?? tenantId, notReceived: status.queued, hubUrl: status.enrolled!.hubUrl };
  });
}

/**
 * What a restore would do to work the hub has not received, per enrolled store of the current
 * database, and whether to offer syncing first. Reads the file first, then asks each distinct hub
 * for its health (in parallel, `timeoutMs` each): a store file that is not enrolled has nothing to say.
 */
export async function unsentBeforeRestore(
  db: Db,
  options: { timeoutMs?: number; probe?: (hubUrl: string, timeoutMs: number) => Promise<boolean> } = {},
): Promise<UnsentBeforeRestore> {
  const counted = countUnsent(db);
  const probe = options.probe ?? probeHub;
  const hubs = [...new Set(counted.map((t) => t.hubUrl))];
  const answers = new Map(await Promise.all(hubs.map(async (url) => [url, await probe(url, options.timeoutMs ?? RESTORE_PROBE_TIMEOUT_MS)] as const)));
  const tenants = counted.map(({ hubUrl, ...t }) => ({ ...t, hubReachable: answers.get(hubUrl) === true }));
  return { tenants, offerSyncFirst: tenants.some((t) => t.notReceived > 0 && t.hubReachable) };
}
