import fs from 'node:fs';
import crypto from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type pg from 'pg';
import type { z } from 'zod';
import {
  EnrollRequest,
  HoldReleaseRequest,
  HoldRequest,
  PullRequest,
  PushRequest,
  SYNC_PROTOCOL_VERSION,
  MIN_TILL_SCHEMA,
  tillSchemaNumber,
  type EnrollResponse,
  type HubError,
  type TillHello,
} from '../contracts/sync/protocol';
import { newToken, sha256, tenantOf } from './credentials';
import { withTenant, type Tx } from './db/tenant-tx';
import { HubRefusal } from './errors';
import { DEFAULT_HOLD_TTL_MS, grantHolds } from './holds/grant';
import { releaseHolds } from './holds/release';
import { pullPage } from './pull';
import { applyBatch, type PushingTill } from './push/push';

export interface HubServerOptions {
  /** A pool of the app role: owns nothing, no BYPASSRLS. */
  pool: pg.Pool;
  /** PEM files: the hub serves https itself; without them, http (behind a TLS proxy, or on localhost). */
  tls?: { certFile: string; keyFile: string };
  logger?: boolean;
  /** How long a gift card or store credit hold reserves its amount when its sale's operation does not arrive (default 15 min). */
  holdTtlMs?: number;
}

function parse<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const r = schema.safeParse(body);
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
    throw new HubRefusal('bad_request', `the request does not match the sync contract: ${issues}`.slice(0, 500));
  }
  return r.data;
}

/** A till too old to sync is told to update, before anything else is looked at (its queue waits, nothing is lost). */
function checkHello(hello: TillHello): void {
  if (hello.protocolVersion < SYNC_PROTOCOL_VERSION) {
    throw new HubRefusal(
      'upgrade_required',
      `this hub speaks sync protocol ${SYNC_PROTOCOL_VERSION}, the till ${hello.protocolVersion}: install the update on the till`,
    );
  }
  if (hello.protocolVersion > SYNC_PROTOCOL_VERSION) {
    throw new HubRefusal(
      'upgrade_required',
      `the till speaks sync protocol ${hello.protocolVersion}, newer than this hub's ${SYNC_PROTOCOL_VERSION}: update the hub`,
    );
  }
  const n = tillSchemaNumber(hello.schema);
  if (n === null || n < MIN_TILL_SCHEMA) {
    throw new HubRefusal(
      'upgrade_required',
      `the till's database is at ${hello.schema}, before the sync migration 000${MIN_TILL_SCHEMA}: install the update on the till`,
    );
  }
}

function bearer(request: FastifyRequest): string {
  const h = request.headers.authorization;
  if (!h || !h.startsWith('Bearer ')) throw new HubRefusal('unauthorized', 'no till credential: enroll the till with `pos-db sync enroll`');
  return h.slice(7).trim();
}

interface TillRow {
  id: string;
  last_seq: string;
  pulled_version: string;
  revoked_at: Date | null;
}

/** The till a token belongs to, in the tenant it names (set before the lookup, so RLS sees only that tenant's tills). */
async function authenticate(tx: Tx, token: string, hello: TillHello, lock: boolean): Promise<TillRow> {
  const r = await tx.query<TillRow>(
    `UPDATE hub.tills SET last_seen_at = now(), app_version = $2, schema = $3, protocol_version = $4
     WHERE token_sha256 = $1 AND revoked_at IS NULL RETURNING id, last_seq, pulled_version, revoked_at`,
    [sha256(token), hello.appVersion, hello.schema, hello.protocolVersion],
  );
  void lock; // the UPDATE above locks the till's row: a retry of the same till waits for the push in flight
  if (r.rowCount !== 1) throw new HubRefusal('unauthorized', 'the till credential is unknown or revoked: enroll the till again with a new code');
  return r.rows[0]!;
}

/** The till a token belongs to, for the holds endpoints: without the push's row lock, so a hold never waits behind this till's push in flight. */
async function holdingTill(tx: Tx, token: string): Promise<string> {
  const till = await tx.query<{ id: string }>(`SELECT id FROM hub.tills WHERE token_sha256 = $1 AND revoked_at IS NULL`, [sha256(token)]);
  if (till.rowCount !== 1) throw new HubRefusal('unauthorized', 'the till credential is unknown or revoked: enroll the till again with a new code');
  return till.rows[0]!.id;
}

function tenantOfToken(token: string): string {
  const tenant = tenantOf(token);
  if (!tenant) throw new HubRefusal('unauthorized', 'the till credential is not one this hub issued: enroll the till again');
  return tenant;
}

export async function hubId(pool: pg.Pool): Promise<string> {
  const r = await pool.query<{ id: string }>(`SELECT id FROM hub_meta.instance LIMIT 1`);
  if (r.rowCount !== 1) throw new Error('the hub database is not migrated (no hub_meta.instance): run `pos-hub migrate`');
  return r.rows[0]!.id;
}

/** Fastify with the endpoints of contracts/sync/protocol.ts. */
export async function buildHubServer(options: HubServerOptions): Promise<FastifyInstance> {
  const https = options.tls ? { key: fs.readFileSync(options.tls.keyFile), cert: fs.readFileSync(options.tls.certFile) } : null;
  const app = (
    https
      ? Fastify({ https, logger: options.logger ?? false, bodyLimit: 16 * 1024 * 1024 })
      : Fastify({ logger: options.logger ?? false, bodyLimit: 16 * 1024 * 1024 })
  ) as FastifyInstance;
  const { pool } = options;
  const id = await hubId(pool);

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, request: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof HubRefusal) {
      const body: HubError = { code: err.code, message: err.message, ...(err.expectedSeq !== undefined ? { expectedSeq: err.expectedSeq } : {}) };
      return reply.status(err.status).send(body);
    }
    if (err.statusCode && err.statusCode < 500) {
      return reply.status(400).send({ code: 'bad_request', message: err.message } satisfies HubError);
    }
    request.log.error(err);
    const dbDown = typeof err.code === 'string' && (err.code.startsWith('08') || err.code.startsWith('57') || err.code === 'ECONNREFUSED');
    return reply
      .status(dbDown ? 503 : 500)
      .send({ code: 'unavailable', message: dbDown ? 'the hub cannot reach its database: retry later' : 'the hub failed: retry later' } satisfies HubError);
  });

  app.get('/v1/health', async () => {
    const r = await pool.query<{ name: string }>(`SELECT name FROM hub_meta.migrations ORDER BY executed_at DESC, name DESC LIMIT 1`);
    return { ok: true, schemaVersion: r.rows[0]?.name ?? null, protocolVersion: SYNC_PROTOCOL_VERSION, hubId: id };
  });

  app.post('/v1/enroll', async (request): Promise<EnrollResponse> => {
    const body = parse(EnrollRequest, request.body);
    checkHello(body);
    const tenant = tenantOf(body.code);
    if (!tenant) throw new HubRefusal('unauthorized', 'that enrollment code is not one this hub issued: ask for a new code (`pos-hub enroll-code`)');
    return withTenant(pool, tenant, async (tx) => {
      const code = await tx.query<{ id: string; till_name: string; expired: boolean; used_at: Date | null }>(
        `SELECT id, till_name, expires_at < now() AS expired, used_at FROM hub.enrollment_codes WHERE code_sha256 = $1 FOR UPDATE`,
        [sha256(body.code)],
      );
      const row = code.rows[0];
      if (!row || row.used_at || row.expired)
        throw new HubRefusal('unauthorized', 'that enrollment code is unknown, used or expired: ask for a new code (`pos-hub enroll-code`)');
      const tillId = crypto.randomUUID();
      const token = newToken(tenant);
      const tillName = row.till_name;
      await tx.query(
        `INSERT INTO hub.tills (tenant_id, id, name, token_sha256, protocol_version, app_version, schema)
         VALUES (current_setting('app.tenant_id'), $1, $2, $3, $4, $5, $6)`,
        [tillId, tillName, sha256(token), body.protocolVersion, body.appVersion, body.schema],
      );
      await tx.query(`UPDATE hub.enrollment_codes SET used_at = now(), till_id = $2 WHERE id = $1`, [row.id, tillId]);
      return { tillId, tenantId: tenant, tillName, token, hubId: id };
    });
  });

  app.post('/v1/push', async (request) => {
    const token = bearer(request);
    const body = parse(PushRequest, request.body);
    checkHello(body);
    const tenant = tenantOfToken(token);
    return withTenant(pool, tenant, async (tx) => {
      const till = await authenticate(tx, token, body, true);
      const pushing: PushingTill = { id: till.id, tenantId: tenant, lastSeq: Number(till.last_seq), pulledVersion: Number(till.pulled_version) };
      return applyBatch(tx, pushing, body.operations, request.log);
    });
  });

  app.post('/v1/pull', async (request) => {
    const token = bearer(request);
    const body = parse(PullRequest, request.body ?? {});
    checkHello(body);
    const tenant = tenantOfToken(token);
    const till = await withTenant(pool, tenant, (tx) => authenticate(tx, token, body, false));
    const page = await withTenant(pool, tenant, (tx) => pullPage(tx, id, till.id, body.cursor, body.limit), 'ISOLATION LEVEL REPEATABLE READ READ ONLY');
    // What this till has seen, for the contact rule (a write it had not seen is a conflict).
    const seen = Number(/\.(\d+)(\.r)?$/.exec(page.cursor)?.[1] ?? 0);
    if (!page.more)
      await withTenant(pool, tenant, (tx) => tx.query(`UPDATE hub.tills SET pulled_version = greatest(pulled_version, $2) WHERE id = $1`, [till.id, seen]));
    return page;
  });

  // Money the hub owns: a till asks before a gift card or store credit sale completes. The credential is looked up
  // without the push's row lock, so a hold never waits behind this till's push in flight.
  app.post('/v1/holds', async (request) => {
    const token = bearer(request);
    const body = parse(HoldRequest, request.body);
    checkHello(body);
    const tenant = tenantOfToken(token);
    return withTenant(pool, tenant, async (tx) => grantHolds(tx, await holdingTill(tx, token), body.holds, options.holdTtlMs ?? DEFAULT_HOLD_TTL_MS));
  });

  // The sale failed at the till after its holds were granted: the till gives them back (its own, unconsumed only).
  app.post('/v1/holds/release', async (request) => {
    const token = bearer(request);
    const body = parse(HoldReleaseRequest, request.body);
    checkHello(body);
    const tenant = tenantOfToken(token);
    return withTenant(pool, tenant, async (tx) => releaseHolds(tx, await holdingTill(tx, token), body.holds));
  });

  return app;
}
