import { AsyncLocalStorage } from 'node:async_hooks';
import { NoTenantError } from './errors';
import { isValidTenantId } from '../../contracts/tenant-id';

/** Who a piece of work runs for: the signed-in user's tenant (and the user, for the audit log). */
export interface TenantScope {
  readonly tenantId: string;
  /** null for work done on a tenant's behalf without a user (sign-in itself, demo data). */
  readonly userId: string | null;
}

type Store = { kind: 'tenant'; scope: TenantScope } | { kind: 'unscoped'; reason: string };

const storage = new AsyncLocalStorage<Store>();

/**
 * Runs fn for one tenant. Everything it calls, synchronously or across awaits,
 * sees this tenant and no other; the repositories read it from here, never
 * from their arguments.
 */
export function runAsTenant<T>(scope: TenantScope, fn: () => T): T {
  if (!isValidTenantId(scope.tenantId)) throw new NoTenantError(`'${scope.tenantId}' is not a valid tenant id`);
  return storage.run({ kind: 'tenant', scope: { tenantId: scope.tenantId, userId: scope.userId } }, fn);
}

/** The current tenant, or NoTenantError: data access never falls back to "all tenants". */
export function currentScope(): TenantScope {
  const store = storage.getStore();
  if (!store) throw new NoTenantError('called outside a signed-in request');
  if (store.kind === 'unscoped') throw new NoTenantError(`called inside withoutTenant("${store.reason}"), which tenant-scoped code must not use`);
  return store.scope;
}

export function currentTenantId(): string {
  return currentScope().tenantId;
}

/**
 * The one explicit escape from tenant scoping, for the migration, backups and
 * verification only (a test greps the code base for its callers). It clears any
 * tenant scope, so the tenant repositories refuse to run inside it: code in
 * here works on the raw database and must say why.
 */
export function withoutTenant<T>(reason: string, fn: () => T): T {
  if (reason.trim().length === 0) throw new Error('withoutTenant needs a reason');
  return storage.run({ kind: 'unscoped', reason }, fn);
}

/** The reason given to the enclosing withoutTenant, or null when not inside one. */
export function unscopedReason(): string | null {
  const store = storage.getStore();
  return store?.kind === 'unscoped' ? store.reason : null;
}
