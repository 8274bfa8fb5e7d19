import { openDatabase } from '../../db/open';
import { posCall, posSignIn, posSignOut, posStores } from '../../tenancy/pos/service';
import type { PosOperationName, PosOperations, SignedInView, SignInInput, Store } from '../../tenancy/pos/types';
import type { WorkerOp } from '../context';

/**
 * The POS in the worker: each request opens the store database, runs inside
 * the session's tenant (posCall's middleware), and closes it again, so a
 * backup or restore between two requests never finds a POS connection open.
 */
function withStore<T>(path: string, fn: (db: ReturnType<typeof openDatabase>) => T): T {
  const db = openDatabase(path);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

export const posStoresOp: WorkerOp<undefined, Store[]> = () => posStores();

export const posSignInOp: WorkerOp<SignInInput, { token: string; view: SignedInView }> = (input, { config }) => withStore(config.databasePath, (db) => posSignIn(db, input));

export const posSignOutOp: WorkerOp<{ token: string }, void> = ({ token }, { config }) => withStore(config.databasePath, (db) => posSignOut(db, token));

export const posCallOp: WorkerOp<{ token: string; op: PosOperationName; input: unknown }, unknown> = ({ token, op, input }, { config }) =>
  withStore(config.databasePath, (db) => posCall(db, token, op, input as PosOperations[typeof op]['input']));
