import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { addTenant, createEnrollmentCode } from '../../../hub/admin';
import { startEmbeddedHubDatabase, type EmbeddedHubDatabase } from '../../../hub/db/embedded';
import { migrateHub } from '../../../hub/db/migrator';
import { APP_ROLE } from '../../../hub/db/roles';
import { buildHubServer } from '../../../hub/server';

/**
 * A real hub for a test: embedded PostgreSQL 18 on a temp data folder (mkdtemp
 * under /tmp; as root the package runs it as user postgres, so the folder is
 * left traversable), migrated, the hub's two roles, and Fastify on a free
 * loopback port serving as the app role. Every query helper sets the tenant
 * the way a request does, or runs as the superuser to look past RLS.
 */
export interface StartedHub {
  /** http://127.0.0.1:PORT, the base of /v1/... */
  url: string;
  /** Connection strings, e.g. to start `pos-hub serve` in a child process against the same database. */
  ownerUrl: string;
  appUrl: string;
  superuserUrl: string;
  /** The hub database's folder (PostgreSQL data in ./pg). */
  dataDir: string;
  ownerPool: pg.Pool;
  appPool: pg.Pool;
  createTenant(id: string, name: string): Promise<void>;
  /** A one-time enrollment code for a till of the tenant, as `pos-hub enroll-code` prints it. */
  enrollCode(tenantId: string, tillName: string, ttlHours?: number): Promise<string>;
  /** Rows as the app role sees them with the tenant set (RLS applies). */
  queryAs<T extends pg.QueryResultRow = Record<string, unknown>>(tenantId: string, sql: string, params?: unknown[]): Promise<T[]>;
  /** Rows as the superuser sees them (RLS does not apply): for assertions over every tenant. */
  querySuper<T extends pg.QueryResultRow = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Stops Fastify only (the database keeps running), e.g. before a test serves the same database from a child process. */
  stopServer(): Promise<void>;
  stop(): Promise<void>;
}

export async function startHub(options: { serve?: boolean } = {}): Promise<StartedHub> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pos-hub-test-'));
  let db: EmbeddedHubDatabase;
  try {
    db = await startEmbeddedHubDatabase(dataDir);
  } catch (err) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  return startHubOnDatabase(db, dataDir, options);
}

/** The same on a PostgreSQL started elsewhere (test/hub/support/pg15.ts): the hub's roles and database must exist. */
export async function startHubOnDatabase(
  db: Pick<EmbeddedHubDatabase, 'ownerUrl' | 'appUrl' | 'superuserUrl' | 'stop'>,
  dataDir: string,
  options: { serve?: boolean } = {},
): Promise<StartedHub> {
  const ownerPool = new pg.Pool({ connectionString: db.ownerUrl, max: 4 });
  const appPool = new pg.Pool({ connectionString: db.appUrl, max: 20 });
  const superPool = new pg.Pool({ connectionString: db.superuserUrl.replace(/\/postgres$/, '/pos_hub'), max: 2 });
  // A server stopping (or SIGKILLed by a test) terminates idle clients with 57P01; a pool without an
  // 'error' listener turns that into an unhandled error. Tests meet it on purpose, so it is expected here.
  for (const pool of [ownerPool, appPool, superPool]) pool.on('error', () => {});
  const client = await ownerPool.connect();
  try {
    await migrateHub(client, { appRole: APP_ROLE });
  } finally {
    client.release();
  }
  let server: FastifyInstance | null = null;
  let url = '';
  if (options.serve !== false) {
    server = await buildHubServer({ pool: appPool });
    url = await server.listen({ host: '127.0.0.1', port: 0 });
  }
  const queryAs = async (tenantId: string, sql: string, params: unknown[] = []) => {
    const c = await appPool.connect();
    try {
      await c.query('BEGIN');
      await c.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
      const r = await c.query(sql, params);
      await c.query('COMMIT');
      return r.rows;
    } catch (err) {
      await c.query('ROLLBACK');
      throw err;
    } finally {
      c.release();
    }
  };
  return {
    url,
    ownerUrl: db.ownerUrl,
    appUrl: db.appUrl,
    superuserUrl: db.superuserUrl,
    dataDir,
    ownerPool,
    appPool,
    createTenant: (id, name) => addTenant(ownerPool, id, name),
    enrollCode: async (tenantId, tillName, ttlHours) => (await createEnrollmentCode(ownerPool, tenantId, tillName, ttlHours)).code,
    queryAs: queryAs as StartedHub['queryAs'],
    querySuper: (async (sql: string, params: unknown[] = []) => (await superPool.query(sql, params)).rows) as StartedHub['querySuper'],
    stopServer: async () => {
      await server?.close();
      server = null;
    },
    stop: async () => {
      await server?.close();
      await Promise.all([ownerPool.end(), appPool.end(), superPool.end()]);
      await db.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
