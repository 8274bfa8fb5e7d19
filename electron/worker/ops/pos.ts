import { TILL_OPERATIONS, type TillOperationName } from '../../sales/till-operations';
import { posCall, posMe, posSignIn, posSignOut, posStores, posSwitchUser } from '../../tenancy/pos/service';
import type { SignedInView, SignInInput, Store } from '../../tenancy/pos/types';
import { callWithHubMoney, spendsHubMoney } from '../../sync/hub-money';
import type { WorkerOp } from '../context';

/**
 * The POS in the worker: each request runs on the worker's shared store
 * connection (ctx.store()) inside the session's tenant (posCall's middleware).
 * serveOps closes that connection before any upgrade, backup or restore.
 */
export const posStoresOp: WorkerOp<undefined, Store[]> = () => posStores();

export const posSignInOp: WorkerOp<SignInInput, { token: string; view: SignedInView }> = (input, { store }) => posSignIn(store(), input);

export const posSignOutOp: WorkerOp<{ token: string }, void> = ({ token }, { store }) => posSignOut(store(), token);

export const posMeOp: WorkerOp<{ token: string }, SignedInView> = ({ token }, { store }) => posMe(store(), token);

/** A call that spends a gift card or store credit is confirmed by the hub first on an enrolled store (sync/hub-money.ts). */
export const posCallOp: WorkerOp<{ token: string; op: TillOperationName; input: unknown }, unknown> = ({ token, op, input }, { store, waitOutsideQueue }) =>
  spendsHubMoney(op, input) ? callWithHubMoney({ store, waitOutsideQueue, token, op, input }) : posCall(TILL_OPERATIONS, store(), token, op, input);

export const posSwitchUserOp: WorkerOp<{ token: string; username: string; pin: string }, { token: string; view: SignedInView }> = (
  { token, username, pin },
  { store },
) => posSwitchUser(store(), token, { username, pin });
