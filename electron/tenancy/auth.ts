import crypto from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { DEFAULT_TENANT_ID } from '../../contracts/tenant-id';
import { runAsTenant, type TenantScope } from './context';
import { InvalidSignInError, SessionExpiredError } from './errors';
import type { User } from './models';
import { hashToken } from '../security/token-hash';
import { checkPinGuarded } from './pin-guard';
import { createRepositories, type RepoOptions } from './repositories';
import { repoDeps } from './repositories/deps';
import { isValidTenantId } from '../../contracts/tenant-id';
import { tenantConfig } from './tenants';

/** A till session lasts one long shift. */
export const SESSION_TTL_MS = 12 * 3600_000;

export interface SignedIn {
  /** Opaque; stays in the main process, never reaches the page. */
  token: string;
  user: User;
  expiresAt: string;
}

/**
 * A new token names its tenant before the dot, so the session can be looked
 * up inside that tenant (every query constrains tenant_id, this one too).
 * Editing the prefix cannot switch stores: the whole token is what is stored,
 * under the tenant that issued it. Tokens of the single-tenant app have no
 * prefix and were all issued by CAPS Automotive.
 */
export function tenantOfToken(token: string): string | null {
  const dot = token.indexOf('.');
  if (dot === -1) return DEFAULT_TENANT_ID;
  const tenantId = token.slice(0, dot);
  return isValidTenantId(tenantId) ? tenantId : null;
}

const newToken = (tenantId: string) => `${tenantId}.${crypto.randomBytes(32).toString('base64url')}`;

/**
 * Store + username + PIN -> a session of that store. One error for every way
 * it can be wrong (unknown username, wrong PIN, inactive, locked), in the same
 * time; the lock-out (pin-guard.ts) counts and audits each failure. The
 * session row keeps the token's sha256 only.
 */
export function signIn(
  db: Database,
  input: { tenantId: string; username: string; pin: string; terminalId?: string | null },
  options: RepoOptions = {},
): SignedIn {
  tenantConfig(input.tenantId); // UnknownTenantError for a store this build does not ship
  const repos = createRepositories(db, options);
  return runAsTenant({ tenantId: input.tenantId, userId: null }, () => {
    const user = checkPinGuarded(repoDeps(db, options), {
      username: input.username,
      pin: input.pin,
      purpose: 'sign_in',
      accept: () => true,
      refusal: () => new InvalidSignInError(),
    });
    const now = (options.now ?? (() => new Date()))();
    const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
    const token = newToken(input.tenantId);
    runAsTenant({ tenantId: input.tenantId, userId: user.id }, () =>
      repos.sessions.create({ userId: user.id, token: hashToken(token), terminalId: input.terminalId ?? null, expiresAt }),
    );
    const { pin_hash: _drop, ...publicUser } = user;
    return { token, user: publicUser, expiresAt: expiresAt.toISOString() };
  });
}

export interface ResolvedSession {
  scope: TenantScope;
  user: User;
  expiresAt: string;
}

/** sessions -> users -> tenant: a live session of an active user, or SessionExpiredError. */
export function resolveSession(db: Database, token: string, options: RepoOptions = {}): ResolvedSession {
  const tenantId = tenantOfToken(token);
  if (!tenantId) throw new SessionExpiredError('missing');
  const repos = createRepositories(db, options);
  return runAsTenant({ tenantId, userId: null }, () => {
    const session = repos.sessions.byToken(hashToken(token));
    if (!session) throw new SessionExpiredError('missing');
    if (session.revoked_at) throw new SessionExpiredError('revoked');
    const now = (options.now ?? (() => new Date()))();
    // Written as 'not after now' so an unreadable expiry date fails closed.
    if (!(Date.parse(session.expires_at) > now.getTime())) throw new SessionExpiredError('expired');
    const user = repos.users.byId(session.user_id);
    if (!user || user.active !== 1) throw new SessionExpiredError('user inactive');
    return { scope: { tenantId, userId: user.id }, user, expiresAt: session.expires_at };
  });
}

/**
 * The middleware every POS request runs through: resolve the session, then
 * run the handler inside that user's tenant. The handler gets no tenant id to
 * pass around; the repositories read it from the context.
 */
export function withSession<T>(db: Database, token: string, handler: (session: ResolvedSession) => T, options: RepoOptions = {}): T {
  const session = resolveSession(db, token, options);
  return runAsTenant(session.scope, () => handler(session));
}

export function signOut(db: Database, token: string, options: RepoOptions = {}): void {
  const tenantId = tenantOfToken(token);
  if (!tenantId) return;
  const repos = createRepositories(db, options);
  runAsTenant({ tenantId, userId: null }, () => repos.sessions.revoke(hashToken(token)));
}
