import { TILL_OPERATIONS, type TillOperationName } from '../../sales/till-operations';
import { resolveSession } from '../../tenancy/auth';
import { posCallAs, posMe, posSignIn, posSignOut, posStores, posSwitchUser, posUnlockSession } from '../../tenancy/pos/service';
import type { SignedInView, SignInInput, Store } from '../../tenancy/pos/types';
import { callWithHubMoney, spendsHubMoney } from '../../sync/hub-money';
import type { WorkerContext, WorkerOp } from '../context';
import { enforceIdleLock, sessionActive, sessionEnded, sessionIsIdle } from '../idle-lock';

/**
 * The POS in the worker: each request runs on the worker's shared store
 * connection (ctx.store()) inside the session's tenant (posCallAs),
 * on the worker's clock, and under the idle lock (idle-lock.ts).
 * serveOps closes that connection before any upgrade, backup or restore.
 */
const clock = (ctx: WorkerContext) => ({ now: ctx.now });

export const posStoresOp: WorkerOp<undefined, Store[]> = (_none, { store }) => posStores(store());

export const posSignInOp: WorkerOp<SignInInput, { token: string; view: SignedInView }> = (input, ctx) => {
  const signedIn = posSignIn(ctx.store(), input, clock(ctx));
  sessionActive(ctx, signedIn.token);
  return signedIn;
};

export const posSignOutOp: WorkerOp<{ token: string }, void> = ({ token }, ctx) => {
  sessionEnded(ctx, token);
  posSignOut(ctx.store(), token, clock(ctx));
};

/** Who is signed in, and whether the session went idle (the page then shows its lock screen). Asking is not activity. */
export const posMeOp: WorkerOp<{ token: string }, SignedInView> = ({ token }, ctx) => {
  const view = posMe(ctx.store(), token, clock(ctx));
  return { ...view, locked: sessionIsIdle(ctx, token, view.store.id) };
};

export const posCallOp: WorkerOp<{ token: string; op: TillOperationName; input: unknown }, unknown> = ({ token, op, input }, ctx) => {
  // access.check already asked; asked again here, so no path to a till operation skips the idle lock.
  const session = resolveSession(ctx.store(), token, clock(ctx));
  enforceIdleLock(ctx, token, session.scope.tenantId, `pos.${op}`);
  // A call that spends a gift card or store credit is confirmed by the hub first on an enrolled store (sync/hub-money.ts).
  // The session resolved above is the call's: the operation does not look the token up again.
  if (spendsHubMoney(op, input)) return callWithHubMoney({ store: ctx.store, waitOutsideQueue: ctx.waitOutsideQueue, session, token, op, input, now: ctx.now });
  return posCallAs(TILL_OPERATIONS, ctx.store(), session, op, input, clock(ctx));
};

export const posSwitchUserOp: WorkerOp<{ token: string; username: string; pin: string }, { token: string; view: SignedInView }> = (
  { token, username, pin },
  ctx,
) => {
  const switched = posSwitchUser(ctx.store(), token, { username, pin }, clock(ctx));
  sessionEnded(ctx, token);
  sessionActive(ctx, switched.token);
  return switched;
};

/** The same user's PIN on an idle session (the lock-out counts it like a sign-in); the session goes on. */
export const posUnlockSessionOp: WorkerOp<{ token: string; pin: string }, SignedInView> = ({ token, pin }, ctx) => {
  const view = posUnlockSession(ctx.store(), token, { pin }, clock(ctx));
  sessionActive(ctx, token);
  return view;
};
