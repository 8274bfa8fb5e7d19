import {
  TILL_OPERATIONS,
  type TillInput as PosInput,
  type TillOperationName as PosOperationName,
  type TillOutput as PosOutput,
} from '../../sales/till-operations';
import type { SignedInView, SignInInput, Store } from '../../tenancy/pos/types';
import { operation, type Contract, type Operation } from '../contract';

/** The session-bound operations, derived from their one declaration (electron/sales/till-operations.ts). */
type SessionBound = { readonly [K in PosOperationName]: Operation<PosInput<K>, PosOutput<K>> };

const sessionBound = Object.fromEntries(Object.keys(TILL_OPERATIONS).map((name) => [name, operation()])) as unknown as SessionBound;

/**
 * The POS screens. The page never holds a session token or sends a tenant id:
 * it chooses a store once, at sign-in; the main process keeps the session and
 * every later call runs in that session's store. Five operations manage the
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
    /** The quick switch: another employee of the signed-in store, by username and PIN (the store stays the session's). */
    switchUser: operation<{ username: string; pin: string }, SignedInView>(),
    /** The same user's PIN on a session the idle lock closed (SESSION_LOCKED): the session, its cart and shift go on. */
    unlockSession: operation<{ pin: string }, SignedInView>(),
    ...sessionBound,
  },
  events: {},
} as const satisfies Contract;
