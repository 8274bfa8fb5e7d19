import { POS_OPERATIONS, type PosInput, type PosOperationName, type PosOutput } from '../../tenancy/pos/operations';
import type { SignedInView, SignInInput, Store } from '../../tenancy/pos/types';
import { operation, type Contract, type Operation } from '../contract';

/** The session-bound operations, derived from their one declaration (electron/tenancy/pos/operations.ts). */
type SessionBound = { readonly [K in PosOperationName]: Operation<PosInput<K>, PosOutput<K>> };

const sessionBound = Object.fromEntries(Object.keys(POS_OPERATIONS).map((name) => [name, operation()])) as unknown as SessionBound;

/**
 * The POS screens. The page never holds a session token or sends a tenant id:
 * it chooses a store once, at sign-in; the main process keeps the session and
 * every later call runs in that session's store. Four operations manage the
 * session itself; every other one comes from the POS declarations.
 */
export const posContract = {
  domain: 'pos',
  operations: {
    /** The stores this build ships, with their branding, for the sign-in chooser. */
    stores: operation<void, Store[]>(),
    signIn: operation<SignInInput, SignedInView>(),
    signOut: operation<void, void>(),
    /** Who is signed in, and to which store (null when no one is). */
    me: operation<void, SignedInView | null>(),
    ...sessionBound,
  },
  events: {},
} as const satisfies Contract;
