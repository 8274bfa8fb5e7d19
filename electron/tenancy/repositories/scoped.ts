import type { Database, RunResult, Statement } from 'better-sqlite3';
import { parseTenantTriggerMessage } from '../../../migrations/0003-tenant-integrity';
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
 * A class rather than an object of closures: one is made per call.
 */
export class Scoped {
  constructor(
    private readonly db: Database,
    readonly tenantId: string,
    readonly userId: string | null,
  ) {}

  get<T>(sql: string, params?: Params): T | undefined {
    return prepared(this.db, sql).get(this.bind(params)) as T | undefined;
  }

  all<T>(sql: string, params?: Params): T[] {
    return prepared(this.db, sql).all(this.bind(params)) as T[];
  }

  run(sql: string, params?: Params): RunResult {
    try {
      return prepared(this.db, sql).run(this.bind(params));
    } catch (err) {
      throw typedTriggerError(err);
    }
  }

  /** Runs fn in one transaction (a savepoint when nested). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  private bind(params: Params | undefined): Params {
    return params ? { ...params, tenantId: this.tenantId } : { tenantId: this.tenantId };
  }
}

export function scoped(db: Database): Scoped {
  const { tenantId, userId } = currentScope();
  return new Scoped(db, tenantId, userId);
}

/** The tenant triggers of migration 0003 abort with fixed messages; turn them into the typed errors. */
function typedTriggerError(err: unknown): unknown {
  const refusal = parseTenantTriggerMessage(err instanceof Error ? err.message : '');
  if (refusal?.kind === 'cross-tenant') return new CrossTenantReferenceError(refusal.table, refusal.column, refusal.parent, '(refused by the database)');
  if (refusal?.kind === 'immutable') return new TenantIdImmutableError(refusal.table);
  return err;
}
