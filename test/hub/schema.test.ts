import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubMigrationStatus, migrateHub } from '../../hub/db/migrator';
import { HUB_MIGRATIONS } from '../../hub/db/migrations';
import { APP_ROLE, OWNER_ROLE } from '../../hub/db/roles';
import { FutureHubSchemaError } from '../../hub/errors';
import { startHub, type StartedHub } from './support/start-hub';

/**
 * The hub's schema: migrated by Umzug with its record in the same database, one
 * transaction per migration, a newer database refused; and over the whole
 * catalogue (pg_catalog), every table carries tenant_id and leads every
 * primary key, unique key, foreign key and index with it, with row-level
 * security enabled and forced.
 */
let hub: StartedHub;
beforeAll(async () => {
  hub = await startHub({ serve: false });
}, 120_000);
afterAll(async () => hub?.stop());

/** A scratch database owned by the hub's owner, on the same server. */
async function scratch(name: string): Promise<pg.Client> {
  await hub.querySuper(`CREATE DATABASE ${name} OWNER ${OWNER_ROLE}`);
  await hub.querySuper(`GRANT CONNECT ON DATABASE ${name} TO ${APP_ROLE}`);
  const c = new pg.Client({ connectionString: hub.ownerUrl.replace(/\/pos_hub$/, `/${name}`) });
  await c.connect();
  return c;
}

describe('hub migrations', () => {
  it('a fresh database gets every migration, and a second run does nothing', async () => {
    const c = await scratch('fresh');
    try {
      expect(await migrateHub(c as unknown as pg.PoolClient, { appRole: APP_ROLE })).toEqual(HUB_MIGRATIONS.map((m) => m.name));
      expect(await migrateHub(c as unknown as pg.PoolClient, { appRole: APP_ROLE })).toEqual([]);
      expect(await hubMigrationStatus(c)).toEqual({ executed: HUB_MIGRATIONS.map((m) => m.name), pending: [], unknown: [] });
    } finally {
      await c.end();
    }
  });

  it('a migration that fails leaves neither its tables nor its record', async () => {
    const c = await scratch('failing');
    try {
      const broken = {
        name: '9000-broken',
        up: async ({ client }: { client: pg.PoolClient }) => {
          await client.query('CREATE TABLE hub.half_done (tenant_id text)');
          await client.query('SELECT 1/0');
        },
      };
      await expect(migrateHub(c as unknown as pg.PoolClient, { appRole: APP_ROLE, migrations: [...HUB_MIGRATIONS, broken] })).rejects.toThrow(
        /division by zero/,
      );
      expect((await c.query(`SELECT to_regclass('hub.half_done') AS t`)).rows).toEqual([{ t: null }]);
      expect((await hubMigrationStatus(c, [...HUB_MIGRATIONS, broken])).pending).toEqual(['9000-broken']);
      // The migrations before it committed on their own.
      expect((await hubMigrationStatus(c)).executed).toEqual(HUB_MIGRATIONS.map((m) => m.name));
    } finally {
      await c.end();
    }
  });

  it('a database migrated by a newer hub is refused before anything runs', async () => {
    const c = await scratch('newer');
    try {
      await migrateHub(c as unknown as pg.PoolClient, { appRole: APP_ROLE });
      await c.query(`INSERT INTO hub_meta.migrations (name) VALUES ('0099-from-the-future')`);
      await expect(migrateHub(c as unknown as pg.PoolClient, { appRole: APP_ROLE })).rejects.toBeInstanceOf(FutureHubSchemaError);
    } finally {
      await c.end();
    }
  });
});

describe('the catalogue of schema hub', () => {
  const tables = () =>
    hub.querySuper<{ t: string; rls: boolean; forced: boolean; owner: string }>(
      `SELECT c.relname AS t, c.relrowsecurity AS rls, c.relforcerowsecurity AS forced, pg_get_userbyid(c.relowner) AS owner
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'hub' AND c.relkind IN ('r', 'p') ORDER BY 1`,
    );

  it('every table has a NOT NULL tenant_id, row-level security enabled and forced, the tenant policy, and the owner role as owner', async () => {
    const list = await tables();
    expect(list.length).toBeGreaterThanOrEqual(30);
    for (const t of list) {
      expect({ t: t.t, rls: t.rls, forced: t.forced, owner: t.owner }).toEqual({ t: t.t, rls: true, forced: true, owner: OWNER_ROLE });
      expect(await hub.querySuper(`SELECT attnotnull FROM pg_attribute WHERE attrelid = $1::regclass AND attname = 'tenant_id'`, [`hub.${t.t}`]), t.t).toEqual([
        { attnotnull: true },
      ]);
      const policies = await hub.querySuper<{ qual: string; with_check: string }>(
        `SELECT qual, with_check FROM pg_policies WHERE schemaname = 'hub' AND tablename = $1`,
        [t.t],
      );
      expect(policies, t.t).toEqual([
        { qual: "(tenant_id = current_setting('app.tenant_id'::text, true))", with_check: "(tenant_id = current_setting('app.tenant_id'::text, true))" },
      ]);
    }
  });

  it('every index (so every primary and unique key) leads with tenant_id', async () => {
    const rows = await hub.querySuper<{ index: string; first: string }>(
      `SELECT i.indexrelid::regclass::text AS index, coalesce(a.attname, '(expression)') AS first
       FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
       WHERE n.nspname = 'hub'`,
    );
    expect(rows.length).toBeGreaterThan(40);
    expect(rows.filter((r) => r.first !== 'tenant_id')).toEqual([]);
  });

  it('every table has a primary key, and every foreign key leads with tenant_id on both sides', async () => {
    const withoutPk = await hub.querySuper(
      `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'hub' AND c.relkind = 'r'
       AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'p')`,
    );
    expect(withoutPk).toEqual([]);
    const fks = await hub.querySuper<{ name: string; child: string; parent: string }>(
      `SELECT k.conname AS name, ca.attname AS child, pa.attname AS parent FROM pg_constraint k
       JOIN pg_namespace n ON n.oid = k.connamespace
       JOIN pg_attribute ca ON ca.attrelid = k.conrelid AND ca.attnum = k.conkey[1]
       JOIN pg_attribute pa ON pa.attrelid = k.confrelid AND pa.attnum = k.confkey[1]
       WHERE n.nspname = 'hub' AND k.contype = 'f'`,
    );
    expect(fks.length).toBeGreaterThan(20);
    expect(fks.filter((f) => f.child !== 'tenant_id' || f.parent !== 'tenant_id')).toEqual([]);
  });
});
