import type { Database, RunResult, Statement } from 'better-sqlite3';
import { currentScope } from '../context';
import { CrossTenantReferenceError, TenantIdImmutableError } from '../errors';

type Params = Record<string, unknown>;

/** Statements are prepared once per connection: the repositories' SQL is a fixed set of constants. */
const cache = new WeakMap<Database, Map<string, Statement>>();

function prepared(db: Database, sql: string): Statement {
  let perDb = cache.get(db);
  if (!perDb) cache.set(db, (perDb = new Map()));
  let stmt = perDb.get(sql);
  if (!stmt) perDb.set(sql, (stmt = db.prepare(sql)));
  return stmt;
}

/**
 * The database as one tenant sees it, for one repository call. Built from the
 * tenant context (NoTenantError when there is none), it binds @tenantId into
 * every statement, so a repository cannot forget it or take it from a caller.
 */
export interface Scoped {
  readonly tenantId: string;
  readonly userId: string | null;
  get<T>(sql: string, params?: Params): T | undefined;
  all<T>(sql: string, params?: Params): T[];
  run(sql: string, params?: Params): RunResult;
  /** Runs fn in one transaction (a savepoint when nested). */
  transaction<T>(fn: () => T): T;
}

export function scoped(db: Database): Scoped {
  const { tenantId, userId } = currentScope();
  const bind = (params: Params | undefined) => ({ ...params, tenantId });
  return {
    tenantId,
    userId,
    get: <T>(sql: string, params?: Params) => prepared(db, sql).get(bind(params)) as T | undefined,
    all: <T>(sql: string, params?: Params) => prepared(db, sql).all(bind(params)) as T[],
    run: (sql, params) => {
      try {
        return prepared(db, sql).run(bind(params));
      } catch (err) {
        throw typedTriggerError(err);
      }
    },
    transaction: (fn) => db.transaction(fn)(),
  };
}

/** The tenant triggers of migration 0003 abort with fixed messages; turn them into the typed errors. */
function typedTriggerError(err: unknown): unknown {
  const message = err instanceof Error ? err.message : '';
  const cross = /^cross-tenant reference: (\w+)\.(\w+) -> (\w+)$/.exec(message);
  if (cross) return new CrossTenantReferenceError(cross[1]!, cross[2]!, cross[3]!, '(refused by the database)');
  const immutable = /^tenant_id is immutable \((\w+)\)$/.exec(message);
  if (immutable) return new TenantIdImmutableError(immutable[1]!);
  return err;
}
