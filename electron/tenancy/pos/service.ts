import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { TENANT_ID_PATTERN } from '../../../contracts/tenant-id';
import { BadInputError } from '../../errors';
import { resolveSession, signIn, signOut, type ResolvedSession } from '../auth';
import { createRepositories, type RepoOptions } from '../repositories';
import { bundledTenants, tenantConfig } from '../tenants';
import { idleLockMs } from '../config/schema';
import { isDemoStore } from '../../security/demo-marker';
import { runAsTenant } from '../context';
import { InvalidSignInError } from '../errors';
import { checkPinGuarded } from '../pin-guard';
import { repoDeps } from '../repositories/deps';
import type { PosOperation } from './declare';
import type { SignedInView, SignInInput, Store } from './types';

/**
 * The POS as a service over one database connection: what the worker runs for
 * the Electron app, and what tests and the Chromium harness call directly.
 * The token is the caller's to keep (the main process, per window); it never
 * goes to the page.
 */

/** Sign-in is the one input that names a store: the page's choice in the store chooser, checked against the PIN. */
export const SIGN_IN_INPUT = z.strictObject({
  storeId: z.string().max(255).regex(TENANT_ID_PATTERN, 'is not a store id'),
  username: z.string().trim().min(1).max(64),
  pin: z.string().regex(/^\d{4,8}$/, 'must be 4 to 8 digits'),
});

export function storeOf(tenantId: string, demo = false): Store {
  const { id, name, branding } = tenantConfig(tenantId);
  return { id, name, branding, demo };
}

/** The stores this build ships; `db` (the store file) tells which hold generated demo data. */
export function posStores(db?: Database): Store[] {
  return bundledTenants().map((t) => storeOf(t.id, db ? isDemoStore(db, t.id) : false));
}

/** `tenantId`: the session's store (the user row does not repeat it). */
export function viewOf(user: ResolvedSession['user'], tenantId: string, expiresAt: string, locked = false): SignedInView {
  return {
    user: { id: user.id, username: user.username, display_name: user.display_name, role: user.role },
    store: storeOf(tenantId),
    expiresAt,
    idleLockMinutes: idleLockMs(tenantConfig(tenantId)) / 60_000,
    locked,
  };
}

export function posSignIn(db: Database, input: SignInInput, options: RepoOptions = {}): { token: string; view: SignedInView } {
  const { storeId, username, pin } = SIGN_IN_INPUT.parse(input);
  const signedIn = signIn(db, { tenantId: storeId, username, pin }, options);
  return { token: signedIn.token, view: viewOf(signedIn.user, storeId, signedIn.expiresAt) };
}

export function posSignOut(db: Database, token: string, options: RepoOptions = {}): void {
  signOut(db, token, options);
}

/** Who holds this token, and in which store; throws SessionExpiredError when it is not a live session. */
export function posMe(db: Database, token: string, options: RepoOptions = {}): SignedInView {
  const session = resolveSession(db, token, options);
  return viewOf(session.user, session.scope.tenantId, session.expiresAt);
}

/** A set of declared POS operations, by name (tenancy's lookups; the till adds the selling day's, electron/sales/till-operations.ts). */
export type PosRegistry = Readonly<Record<string, PosOperation<z.ZodType, unknown>>>;
export type RegistryOutput<R extends PosRegistry, K extends keyof R> = ReturnType<R[K]['run']>;

/**
 * One POS request for a session the caller has just resolved on this connection, in this turn (the
 * worker's posCallOp, which checks the idle lock on it first): validate the input against the
 * operation's declaration (again: the worker trusts no caller), then run it inside that user's tenant.
 * A caller that waited in between (on the hub) resolves the token again before it calls.
 */
export function posCallAs<R extends PosRegistry, K extends keyof R & string>(
  registry: R,
  db: Database,
  session: ResolvedSession,
  op: K,
  input: unknown,
  options: RepoOptions = {},
): RegistryOutput<R, K> {
  return prepared(registry, db, op, input, options)(session);
}

/** The operation with its input validated, to run inside a session's tenant. */
function prepared<R extends PosRegistry, K extends keyof R & string>(
  registry: R,
  db: Database,
  op: K,
  input: unknown,
  options: RepoOptions,
): (session: ResolvedSession) => RegistryOutput<R, K> {
  if (!Object.hasOwn(registry, op))
    throw new BadInputError(`unknown POS operation ${String(op)}`, 'The screen and the app are from different builds; restart POS Desktop');
  const declaration = registry[op]!;
  const parsed = declaration.input.safeParse(input);
  if (!parsed.success)
    throw new BadInputError(`invalid input for ${op}: ${parsed.error.issues.map((i) => i.message).join('; ')}`, 'Check what was typed and try again');
  const repos = createRepositories(db, options);
  const run = declaration.run as (r: typeof repos, i: unknown, s: ResolvedSession) => RegistryOutput<R, K>;
  return (session) => runAsTenant(session.scope, () => run(repos, parsed.data, session));
}

/** The quick switch at the till: another employee of the same store by username and PIN; the old session ends, the shift goes on. */
export const SWITCH_USER_INPUT = z.strictObject({
  username: z.string().trim().min(1).max(64),
  pin: z.string().regex(/^\d{4,8}$/, 'must be 4 to 8 digits'),
});

export function posSwitchUser(
  db: Database,
  token: string,
  input: z.input<typeof SWITCH_USER_INPUT>,
  options: RepoOptions = {},
): { token: string; view: SignedInView } {
  const { username, pin } = SWITCH_USER_INPUT.parse(input);
  const current = resolveSession(db, token, options);
  const signedIn = signIn(db, { tenantId: current.scope.tenantId, username, pin }, options);
  signOut(db, token, options);
  return { token: signedIn.token, view: viewOf(signedIn.user, current.scope.tenantId, signedIn.expiresAt) };
}

export const UNLOCK_SESSION_INPUT = z.strictObject({ pin: z.string().regex(/^\d{4,8}$/, 'must be 4 to 8 digits') });

/**
 * An idle session unlocked by its own user's PIN, through the same lock-out
 * as sign-in (a delay after 3 wrong PINs, the username locked after 5). The
 * session stays the same one (the cart, the shift and the token go on).
 */
export function posUnlockSession(db: Database, token: string, input: z.input<typeof UNLOCK_SESSION_INPUT>, options: RepoOptions = {}): SignedInView {
  const { pin } = UNLOCK_SESSION_INPUT.parse(input);
  const session = resolveSession(db, token, options);
  return runAsTenant(session.scope, () => {
    checkPinGuarded(repoDeps(db, options), {
      username: session.user.username,
      pin,
      purpose: 'unlock',
      accept: (u) => u.id === session.user.id,
      refusal: () => new InvalidSignInError(),
    });
    return viewOf(session.user, session.scope.tenantId, session.expiresAt);
  });
}
