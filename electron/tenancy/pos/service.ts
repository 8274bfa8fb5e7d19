import type { Database } from 'better-sqlite3';
import { BadInputError } from '../../errors';
import { signIn, signOut, withSession, type ResolvedSession } from '../auth';
import { createRepositories, type RepoOptions, type Repositories } from '../repositories';
import { bundledTenants } from '../tenants';
import { POS_OPERATIONS, storeOf } from './operations';
import type { PosOperationName, PosOperations, SignedInView, SignInInput, Store } from './types';

/**
 * The POS as a service over one database connection: what the worker runs for
 * the Electron app, and what tests and the Chromium harness call directly.
 * The token is the caller's to keep (the main process, per window); it never
 * goes to the page.
 */

export function posStores(): Store[] {
  return bundledTenants().map((t) => storeOf(t.id));
}

export function posSignIn(db: Database, input: SignInInput, options: RepoOptions = {}): { token: string; view: SignedInView } {
  const signedIn = signIn(db, { tenantId: input.storeId, username: input.username.trim(), pin: input.pin }, options);
  const u = signedIn.user;
  return {
    token: signedIn.token,
    view: {
      user: { id: u.id, tenant_id: u.tenant_id, username: u.username, display_name: u.display_name, role: u.role },
      store: storeOf(u.tenant_id),
      expiresAt: signedIn.expiresAt,
    },
  };
}

export function posSignOut(db: Database, token: string, options: RepoOptions = {}): void {
  signOut(db, token, options);
}

/** One POS request: resolve the session, then run the operation inside that user's tenant. */
export function posCall<K extends PosOperationName>(
  db: Database,
  token: string,
  op: K,
  input: PosOperations[K]['input'],
  options: RepoOptions = {},
): PosOperations[K]['output'] {
  const handler = POS_OPERATIONS[op] as (r: Repositories, i: unknown, s: ResolvedSession) => PosOperations[K]['output'];
  if (!handler) throw new BadInputError(`unknown POS operation ${String(op)}`, 'The screen and the app are from different builds; restart POS Desktop');
  const repos = createRepositories(db, options);
  return withSession(db, token, (session) => handler(repos, input, session), options);
}
