import pg from 'pg';
import { Umzug, type UmzugStorage } from 'umzug';
import { FutureHubSchemaError } from '../errors';
import type { HubMigration, HubMigrationContext } from './migration';
import { HUB_MIGRATIONS } from './migrations';

/** Umzug's record lives in the same database, outside schema hub (it is no tenant's data). */
export const MIGRATIONS_TABLE = 'hub_meta.migrations';
/** Two hubs starting at once migrate one after the other (a transaction-level advisory lock). */
const MIGRATION_LOCK = 0x706f7368;

export interface HubMigrationStatus {
  executed: string[];
  pending: string[];
  unknown: string[];
}

async function executed(client: pg.ClientBase): Promise<string[]> {
  const exists = await client.query(`SELECT to_regclass($1) AS t`, [MIGRATIONS_TABLE]);
  if (!exists.rows[0].t) return [];
  const r = await client.query<{ name: string }>(`SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY executed_at, name`);
  return r.rows.map((x) => x.name);
}

export async function hubMigrationStatus(client: pg.ClientBase, known: readonly HubMigration[] = HUB_MIGRATIONS): Promise<HubMigrationStatus> {
  const done = await executed(client);
  const names = known.map((m) => m.name);
  return { executed: done, pending: names.filter((n) => !done.includes(n)), unknown: done.filter((n) => !names.includes(n)) };
}

/** The storage's writes happen inside each migration's own transaction (see up below); Umzug's calls only read. */
class PgStorage implements UmzugStorage<HubMigrationContext> {
  constructor(private readonly client: pg.ClientBase) {}
  async logMigration(): Promise<void> {}
  async unlogMigration(): Promise<void> {}
  async executed(): Promise<string[]> {
    return executed(this.client);
  }
}

export interface MigrateOptions {
  appRole: string;
  migrations?: readonly HubMigration[];
}

/**
 * Runs the pending migrations as the schema owner, one transaction each: the
 * migration and its record commit together or not at all. A database that
 * holds a migration this hub does not know is refused before anything runs.
 */
export async function migrateHub(client: pg.PoolClient, options: MigrateOptions): Promise<string[]> {
  const migrations = options.migrations ?? HUB_MIGRATIONS;
  const appRole = pg.escapeIdentifier(options.appRole);
  await client.query(`CREATE SCHEMA IF NOT EXISTS hub_meta`);
  await client.query(`CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (name text PRIMARY KEY, executed_at timestamptz NOT NULL DEFAULT clock_timestamp())`);
  // Which hub this database is: part of every pull cursor, so a cursor of another hub means a resync.
  await client.query(
    `CREATE TABLE IF NOT EXISTS hub_meta.instance (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), created_at timestamptz NOT NULL DEFAULT now())`,
  );
  await client.query(`INSERT INTO hub_meta.instance (id) SELECT gen_random_uuid() WHERE NOT EXISTS (SELECT 1 FROM hub_meta.instance)`);
  const status = await hubMigrationStatus(client, migrations);
  if (status.unknown.length > 0) throw new FutureHubSchemaError(status.unknown);
  const umzug = new Umzug<HubMigrationContext>({
    migrations: migrations.map((m) => ({
      name: m.name,
      up: async ({ context }) => {
        await client.query('BEGIN');
        try {
          await client.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
          // Another hub may have run it while this one waited for the lock.
          const again = await client.query(`SELECT 1 FROM ${MIGRATIONS_TABLE} WHERE name = $1`, [m.name]);
          if (again.rowCount === 0) {
            await m.up(context);
            await client.query(`INSERT INTO ${MIGRATIONS_TABLE} (name) VALUES ($1)`, [m.name]);
          }
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK');
          throw err;
        }
      },
    })),
    context: { client, appRole },
    storage: new PgStorage(client),
    logger: undefined,
  });
  const ran = await umzug.up();
  await client.query(`GRANT USAGE ON SCHEMA hub_meta TO ${appRole}`);
  await client.query(`GRANT SELECT ON ${MIGRATIONS_TABLE}, hub_meta.instance TO ${appRole}`);
  return ran.map((m) => m.name);
}
