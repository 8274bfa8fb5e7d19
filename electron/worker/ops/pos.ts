import type { PosOperationName } from '../../tenancy/pos/operations';
import { posCall, posMe, posSignIn, posSignOut, posStores } from '../../tenancy/pos/service';
import type { SignedInView, SignInInput, Store } from '../../tenancy/pos/types';
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

export const posCallOp: WorkerOp<{ token: string; op: PosOperationName; input: unknown }, unknown> = ({ token, op, input }, { store }) =>
  posCall(store(), token, op, input);
