import { Umzug, MigrationError, type UmzugStorage } from 'umzug';
import type { Migration, MigrationContext, MigrationStepEvent } from './migration';
import { DatabaseBusyError, FutureDatabaseError, MigrationFailedError, PosError } from '../errors';
import { isBusy, type Db } from './open';

export const MIGRATIONS_TABLE = 'schema_migrations';

export interface MigrationStatus {
  executed: string[];
  pending: string[];
  /** Executed here but unknown to this build: a newer app version wrote the file. */
  unknown: string[];
  /** The newest executed migration, or null for an empty file. */
  schemaVersion: string | null;
}

/** Umzug's record of executed migrations, kept in the same database so it commits with the migration itself. */
class SqliteStorage implements UmzugStorage<MigrationContext> {
  constructor(private readonly db: Db) {}

  async logMigration({ name }: { name: string }): Promise<void> {
    this.db.prepare(`INSERT INTO ${MIGRATIONS_TABLE} (name, executed_at) VALUES (?, ?)`).run(name, new Date().toISOString());
  }

  async unlogMigration({ name }: { name: string }): Promise<void> {
    this.db.prepare(`DELETE FROM ${MIGRATIONS_TABLE} WHERE name = ?`).run(name);
  }

  async executed(): Promise<string[]> {
    return executedMigrations(this.db);
  }
}

export function executedMigrations(db: Db): string[] {
  const exists = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(MIGRATIONS_TABLE);
  if (!exists) return [];
  return (db.prepare(`SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY rowid`).all() as { name: string }[]).map((r) => r.name);
}

/** Where the file stands against `known`, the migrations this build ships (migrations/index.ts: the migrator itself knows none). */
export function migrationStatus(db: Db, known: readonly Migration[]): MigrationStatus {
  const executed = executedMigrations(db);
  const knownNames = known.map((m) => m.name);
  const done = new Set(executed);
  return {
    executed,
    pending: knownNames.filter((n) => !done.has(n)),
    unknown: executed.filter((n) => !knownNames.includes(n)),
    schemaVersion: executed.at(-1) ?? null,
  };
}

export interface RunOptions {
  /** Stop after this migration (a fresh install creates the legacy schema first). */
  to?: string;
  progress?: (event: MigrationStepEvent) => void;
  /** Runs inside the transaction right after BEGIN, before any migration; throwing rolls back (e.g. a check that nobody else wrote since). */
  afterBegin?: (db: Db) => void;
  /** Runs inside the transaction after every migration and the foreign key check; throwing rolls everything back. */
  beforeCommit?: (db: Db) => void;
  /** Every migration this build knows, in order (the app passes migrations/index.ts's MIGRATIONS; tests pass their own). */
  migrations: readonly Migration[];
  /**
   * Narrows the foreign key check before COMMIT. Called inside the transaction
   * once every migration has run; it returns the tables whose rows the
   * migrations (or the caller since its proof) may have written, or null for
   * the full check. The caller vouches for everything else: that the content
   * before the migration had no violation (proven elsewhere, e.g. on a
   * verified copy) and that no other row a foreign key depends on changed.
   * With a list, each named table is checked as a child
   * (`PRAGMA foreign_key_check(t)`) and every foreign key of the schema must
   * still name an existing parent whose key is its PRIMARY KEY or a UNIQUE
   * index (what SQLite calls a "foreign key mismatch"). Default: the whole
   * database, `PRAGMA foreign_key_check`.
   */
  foreignKeyScope?: (db: Db) => readonly string[] | null;
}

/**
 * Runs every pending migration in ONE transaction: the migrations and their
 * records commit together or not at all. Foreign keys are switched off before
 * BEGIN (SQLite ignores the pragma inside a transaction) so table rebuilds do
 * not cascade, and checked in full before COMMIT.
 */
export async function runPendingMigrations(db: Db, options: RunOptions): Promise<string[]> {
  const migrations = options.migrations;
  const status = migrationStatus(db, migrations);
  if (status.unknown.length > 0) throw new FutureDatabaseError(status.unknown);
  const wanted = options.to ? status.pending.slice(0, status.pending.indexOf(options.to) + 1) : status.pending;
  if (options.to && !status.pending.includes(options.to) && !status.executed.includes(options.to)) {
    throw new Error(`Unknown migration ${options.to}`);
  }
  if (wanted.length === 0) return [];
  if (db.inTransaction) throw new Error('runPendingMigrations needs a connection with no open transaction');

  const progress = options.progress ?? (() => {});
  const umzug = new Umzug<MigrationContext>({
    migrations: migrations.map((m) => ({ name: m.name, up: async ({ context }) => m.up(context) })),
    context: { db, progress },
    storage: new SqliteStorage(db),
    logger: undefined,
  });

  db.pragma('foreign_keys = OFF');
  try {
    try {
      db.exec('BEGIN IMMEDIATE');
    } catch (err) {
      if (isBusy(err)) throw new DatabaseBusyError(db.name);
      throw err;
    }
    try {
      options.afterBegin?.(db);
      db.exec(`CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (name TEXT PRIMARY KEY NOT NULL, executed_at TEXT NOT NULL)`);
      const ran = await umzug.up(options.to ? { to: options.to } : {});
      const scope = options.foreignKeyScope?.(db) ?? null;
      const violations = scope === null ? (db.pragma('foreign_key_check') as unknown[]) : targetedForeignKeyCheck(db, scope);
      if (violations.length > 0) {
        throw new MigrationFailedError(ran.at(-1)?.name ?? '?', `${violations.length} foreign key violations after migrating`);
      }
      options.beforeCommit?.(db);
      db.exec('COMMIT');
      return ran.map((m) => m.name);
    } catch (err) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw asTypedError(err);
    }
  } finally {
    db.pragma('foreign_keys = ON');
  }
}

/**
 * The foreign key check restricted to `tables` as children, plus the schema
 * half of the full check: every foreign key's parent exists and its parent key
 * is the PRIMARY KEY or carries a UNIQUE index with exactly those columns
 * (the full check would fail with "foreign key mismatch" otherwise).
 * Returns the violations (a mismatch counts as one).
 */
export function targetedForeignKeyCheck(db: Db, tables: readonly string[]): unknown[] {
  const violations: unknown[] = [];
  const names = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).pluck().all() as string[];
  const fkList = db.prepare(`SELECT id, seq, "table" AS parent, "from" AS child_col, "to" AS parent_col FROM pragma_foreign_key_list(?) ORDER BY id, seq`);
  const pkColumns = db.prepare(`SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk`).pluck();
  const uniqueIndexes = db.prepare(`SELECT name FROM pragma_index_list(?) WHERE "unique" = 1 AND partial = 0`).pluck();
  // A UNIQUE index counts only with BINARY key columns: SQLite also wants the parent column's collation,
  // which no pragma reports, so anything else is treated as a mismatch (fails closed).
  const indexColumns = db.prepare(`SELECT CASE WHEN coll = 'BINARY' THEN name END FROM pragma_index_xinfo(?) WHERE key = 1 ORDER BY seqno`).pluck();
  const keyed = new Map<string, Set<string>>();
  const parentKeys = (parent: string): Set<string> => {
    let keys = keyed.get(parent);
    if (!keys) {
      const uniques = (uniqueIndexes.all(parent) as string[])
        .map((i) => indexColumns.all(i) as (string | null)[])
        .filter((cols) => cols.every((c) => c !== null));
      keys = new Set([(pkColumns.all(parent) as string[]).join(','), ...uniques.map((cols) => cols.join(','))].map((k) => k.toLowerCase()));
      keyed.set(parent, keys);
    }
    return keys;
  };
  for (const child of names) {
    const byId = new Map<number, { parent: string; cols: (string | null)[] }>();
    for (const r of fkList.all(child) as { id: number; parent: string; parent_col: string | null }[]) {
      const fk = byId.get(r.id) ?? { parent: r.parent, cols: [] };
      fk.cols.push(r.parent_col);
      byId.set(r.id, fk);
    }
    for (const fk of byId.values()) {
      const parent = names.find((n) => n.toLowerCase() === fk.parent.toLowerCase());
      // "to" is NULL when the clause names no column: the parent's PRIMARY KEY.
      const key = fk.cols.every((c) => c === null) ? (parent ? (pkColumns.all(parent) as string[]).join(',') : '') : fk.cols.join(',');
      if (!parent || key === '' || !parentKeys(parent).has(key.toLowerCase())) violations.push({ table: child, parent: fk.parent, mismatch: true });
    }
  }
  for (const t of tables) violations.push(...(db.pragma(`foreign_key_check("${t.replace(/"/g, '""')}")`) as unknown[]));
  return violations;
}

function asTypedError(err: unknown): Error {
  if (err instanceof MigrationError) {
    const cause = err.cause;
    if (cause instanceof PosError) return cause;
    const name = (err.migration as { name?: string } | undefined)?.name ?? 'unknown';
    const code = (cause as { code?: unknown } | null)?.code;
    return new MigrationFailedError(name, cause instanceof Error ? cause.message : String(cause), typeof code === 'string' ? code : undefined);
  }
  return err instanceof Error ? err : new Error(String(err));
}
