// Bench section `sync`: the hub on loopback. 20 simulated tills (4 stores of 5) push batches of 100
// stock movements, first back to back (throughput, against the same rows written by bare multi-row INSERTs
// into the same tables at the same concurrency: the ceiling), then each on its own one-second clock (the
// latency target's load). Then one till drains a week offline (10,000 operations). The hub runs as its own
// process (`pos-hub serve`) so its RSS is its own.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { MAX_PUSH_BATCH, SYNC_PROTOCOL_VERSION, type PushedOperation } from '../contracts/sync/protocol';
import { addTenant, createEnrollmentCode } from '../hub/admin';
import { importCatalogue } from '../hub/catalogue';
import { freePort, startEmbeddedHubDatabase } from '../hub/db/embedded';
import { migrateHub } from '../hub/db/migrator';
import { APP_ROLE } from '../hub/db/roles';
import type { BenchRow } from './lib';
import type { BenchSection } from './sections';

const TILLS = 20;
const STORES = 4;
const BATCH = 100;
const BATCHES_PER_TILL = 10;
const DRAIN = 10_000;
// The latency target's load: every till pushes a batch of 100 once a second (2,000 operations a second
// offered, about half of what the hub applies flat out here), the 20 tills' sends spread over the second.
const PACE_MS = 1_000;
const PACED_ROUNDS = 10;
const PRODUCTS = 200;
const HELLO = { protocolVersion: SYNC_PROTOCOL_VERSION, appVersion: '2.0.0', schema: '0006-pin-lockouts' };

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

function rssMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

export async function serveHub(ownerUrl: string, appUrl: string, port: number): Promise<ChildProcess> {
  const p = spawn(process.execPath, ['--import', 'tsx', path.resolve('hub/cli/main.ts'), 'serve', '--port', String(port)], {
    env: { ...process.env, DATABASE_URL: ownerUrl, HUB_APP_DATABASE_URL: appUrl, HUB_POOL_SIZE: '20' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    p.stdout!.on('data', (d) => String(d).includes('serving') && resolve());
    p.on('exit', (code) => reject(new Error(`pos-hub serve exited ${code}`)));
  });
  return p;
}

interface Till {
  token: string;
  tillId: string;
  tenant: string;
  seq: number;
  products: string[];
}

function batch(till: Till, n: number): PushedOperation[] {
  return Array.from({ length: n }, () => {
    till.seq += 1;
    const id = crypto.randomUUID();
    const productId = till.products[till.seq % till.products.length]!;
    const payload = {
      v: 1,
      id,
      productId,
      kind: 'sale',
      quantity: -1,
      unitCostCents: null,
      workOrderId: null,
      userId: null,
      createdAt: new Date().toISOString(),
      saleId: null,
    };
    return {
      seq: till.seq,
      id: crypto.randomUUID(),
      entityType: 'inventory_transaction',
      entityId: id,
      operation: 'insert' as const,
      payload,
      createdAt: payload.createdAt,
    };
  });
}

async function push(url: string, till: Till, ops: PushedOperation[]): Promise<number> {
  const t0 = performance.now();
  const r = await fetch(`${url}/v1/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${till.token}` },
    body: JSON.stringify({ ...HELLO, operations: ops }),
  });
  const body = (await r.json()) as { results?: { outcome: string }[] };
  if (r.status !== 200 || body.results!.some((x) => x.outcome !== 'applied')) throw new Error(`push failed: ${r.status} ${JSON.stringify(body).slice(0, 300)}`);
  return performance.now() - t0;
}

async function run(): Promise<BenchRow[]> {
  // Its own folder under the system temp dir: as root, PostgreSQL runs as user postgres, who must reach it.
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'pos-bench-hub-'));
  const db = await startEmbeddedHubDatabase(folder);
  const owner = new pg.Pool({ connectionString: db.ownerUrl, max: TILLS });
  let hub: ChildProcess | null = null;
  try {
    const c = await owner.connect();
    await migrateHub(c, { appRole: APP_ROLE }).finally(() => c.release());
    const port = await freePort();
    hub = await serveHub(db.ownerUrl, db.appUrl, port);
    const url = `http://127.0.0.1:${port}`;
    const now = new Date().toISOString();
    const tills: Till[] = [];
    for (let s = 0; s < STORES; s++) {
      const tenant = `bench-store-${s}`;
      await addTenant(owner, tenant, tenant);
      const products = Array.from({ length: PRODUCTS }, (_, i) => ({
        id: crypto.randomUUID(),
        sku: `SKU-${i}`,
        barcode: null,
        name: `Part ${i}`,
        description: null,
        brand: null,
        category_id: null,
        cost_cents: 100,
        price_cents: 200,
        taxable: 1,
        active: 1,
        created_at: now,
        updated_at: now,
      }));
      await importCatalogue(owner, tenant, { rows: { products }, queued: [] });
      for (let t = 0; t < TILLS / STORES; t++) {
        const { code } = await createEnrollmentCode(owner, tenant, `till-${t}`);
        const r = await fetch(`${url}/v1/enroll`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ ...HELLO, code }),
        });
        const e = (await r.json()) as { token: string; tillId: string };
        tills.push({ token: e.token, tillId: e.tillId, tenant, seq: 0, products: products.map((p) => p.id) });
      }
    }
    // Warm-up: one batch per till (connections, JIT), not measured.
    await Promise.all(tills.map((t) => push(url, t, batch(t, BATCH))));

    const latencies: number[] = [];
    const t0 = performance.now();
    await Promise.all(
      tills.map(async (t) => {
        for (let b = 0; b < BATCHES_PER_TILL; b++) latencies.push(await push(url, t, batch(t, BATCH)));
      }),
    );
    const applySeconds = (performance.now() - t0) / 1000;
    const applied = TILLS * BATCHES_PER_TILL * BATCH;
    const rss = rssMb(hub.pid!, 'VmHWM');

    // Paced: each till sends on its own clock. A batch's latency counts from the moment it was due, not from when a
    // late previous batch let it go (no coordinated omission): a hub falling behind shows in the figure.
    const paced: number[] = [];
    const pacedStart = performance.now() + 100;
    await Promise.all(
      tills.map(async (t, i) => {
        for (let b = 0; b < PACED_ROUNDS; b++) {
          const due = pacedStart + (i * PACE_MS) / TILLS + b * PACE_MS;
          const wait = due - performance.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          const lateBy = performance.now() - due;
          paced.push(lateBy + (await push(url, t, batch(t, BATCH))));
        }
      }),
    );

    // One batch with the hub otherwise idle: the service time a batch costs, the floor under the latencies above
    // (20 tills pushing back to back queue behind each other: latency = 20 batches / throughput, Little's law).
    const alone: number[] = [];
    for (let b = 0; b < 20; b++) alone.push(await push(url, tills[b % TILLS]!, batch(tills[b % TILLS]!, BATCH)));

    // The ceilings, 20 connections at once as the app role, each batch of 100 in its own transaction with the
    // tenant set as the hub sets it (RLS forced on every table, the same indexes and foreign keys):
    // - `full`: every row a push of these operations writes, with one bare multi-row INSERT per table: the ledger
    //   rows, the outcomes, the stock levels (INSERT ... ON CONFLICT DO UPDATE of the summed deltas) and their
    //   change-log rows, numbered from a counter of the bench's own (no lock: the hub's version counter is
    //   part of what the ratio measures);
    // - `ledger`: the ledger rows alone (what this bench compared against before: a fifth of the rows).
    const app = new pg.Pool({ connectionString: db.appUrl, max: TILLS });
    let version = 1e12;
    const bareLatencies: number[] = [];
    const ceiling = async (full: boolean): Promise<number> => {
      const t1 = performance.now();
      await Promise.all(
        tills.map(async (t) => {
          const client = await app.connect();
          // Its own sequence numbers, far past the till's: the drain below continues the till's real ones.
          const copy = { ...t, seq: 1e9 + (full ? 0 : 1e6) + t.seq };
          try {
            for (let b = 0; b < BATCHES_PER_TILL; b++) {
              const tb = performance.now();
              const ops = batch(copy, BATCH);
              const rows = ops.map((o) => ({ ...(o.payload as { id: string; productId: string; quantity: number }), v: undefined }));
              await client.query(`BEGIN; SELECT set_config('app.tenant_id', ${client.escapeLiteral(t.tenant)}, true)`);
              await client.query(
                `INSERT INTO hub.inventory_transactions (tenant_id, id, origin_till_id, row)
                 SELECT current_setting('app.tenant_id'), r->>'id', $2::uuid, r FROM jsonb_array_elements($1::jsonb) r`,
                [JSON.stringify(rows), t.tillId],
              );
              if (full) {
                await client.query(
                  `INSERT INTO hub.applied_operations (tenant_id, till_id, seq, op_id, entity_type, entity_id, operation, outcome)
                   SELECT current_setting('app.tenant_id'), $1, s, i, 'inventory_transaction', e, 'insert', 'applied' FROM unnest($2::bigint[], $3::text[], $4::text[]) AS d(s, i, e)`,
                  [t.tillId, ops.map((o) => o.seq), ops.map((o) => o.id), ops.map((o) => o.entityId)],
                );
                const deltas = new Map<string, number>();
                for (const r of rows) deltas.set(r.productId, (deltas.get(r.productId) ?? 0) + r.quantity);
                const ids = [...deltas.keys()].sort();
                const levels = await client.query<{ id: string; row: unknown }>(
                  `INSERT INTO hub.inventory (tenant_id, product_id, id, quantity_on_hand, row)
                   SELECT current_setting('app.tenant_id'), d.p, gen_random_uuid()::text, d.q, jsonb_build_object('product_id', d.p, 'quantity_on_hand', d.q)
                   FROM unnest($1::text[], $2::int[]) AS d(p, q)
                   ON CONFLICT (tenant_id, product_id) DO UPDATE SET quantity_on_hand = inventory.quantity_on_hand + EXCLUDED.quantity_on_hand,
                     row = inventory.row || jsonb_build_object('quantity_on_hand', inventory.quantity_on_hand + EXCLUDED.quantity_on_hand)
                   RETURNING id, row`,
                  [ids, ids.map((id) => deltas.get(id)!)],
                );
                const log = [
                  ...rows.map((r) => ({ version: ++version, table: 'inventory_transactions', id: r.id, origin: t.tillId, row: r })),
                  ...levels.rows.map((l) => ({ version: ++version, table: 'inventory', id: l.id, origin: null, row: l.row })),
                ];
                await client.query(
                  `INSERT INTO hub.change_log (tenant_id, version, table_name, row_id, op, origin_till_id, row)
                   SELECT current_setting('app.tenant_id'), (r->>'version')::bigint, r->>'table', r->>'id', 'upsert', (r->>'origin')::uuid, r->'row'
                   FROM jsonb_array_elements($1::jsonb) r`,
                  [JSON.stringify(log)],
                );
              }
              await client.query('COMMIT');
              if (full) bareLatencies.push(performance.now() - tb);
            }
          } finally {
            client.release();
          }
        }),
      );
      return (performance.now() - t1) / 1000;
    };
    const bareSeconds = await ceiling(true);
    const ledgerSeconds = await ceiling(false);
    await app.end();

    // A week offline: one till, 10,000 operations, in batches of the protocol's largest size.
    const drainer = tills[0]!;
    const t2 = performance.now();
    for (let n = 0; n < DRAIN; n += MAX_PUSH_BATCH) await push(url, drainer, batch(drainer, Math.min(MAX_PUSH_BATCH, DRAIN - n)));
    const drainSeconds = (performance.now() - t2) / 1000;
    const rssAfter = rssMb(hub.pid!, 'VmHWM');

    const opsPerSecond = applied / applySeconds;
    const barePerSecond = applied / bareSeconds;
    const ratio = opsPerSecond / barePerSecond;
    const ledgerPerSecond = applied / ledgerSeconds;
    const p50 = pct(latencies, 50);
    const p99 = pct(latencies, 99);
    const peak = Math.max(rss, rssAfter);
    return [
      { section: 'sync', name: `push: ${TILLS} tills (${STORES} stores), batches of ${BATCH}, operations applied`, value: opsPerSecond, unit: 'ops/s' },
      {
        section: 'sync',
        name: 'bare multi-row INSERTs of the same rows: ledger, outcomes, levels, change log (ceiling)',
        value: barePerSecond,
        unit: 'ops/s',
      },
      { section: 'sync', name: 'push throughput / bare INSERTs', value: ratio, unit: 'ratio', target: '>= 0.5', ok: ratio >= 0.5 },
      { section: 'sync', name: 'bare multi-row INSERT of the ledger rows alone', value: ledgerPerSecond, unit: 'ops/s' },
      { section: 'sync', name: 'push throughput / ledger rows alone', value: opsPerSecond / ledgerPerSecond, unit: 'ratio' },
      { section: 'sync', name: `batch latency p50, ${TILLS} tills each pushing a batch every ${PACE_MS / 1000} s`, value: pct(paced, 50), unit: 'ms' },
      {
        section: 'sync',
        name: `batch latency p99, ${TILLS} tills each pushing a batch every ${PACE_MS / 1000} s`,
        value: pct(paced, 99),
        unit: 'ms',
        target: '<= 100 ms',
        ok: pct(paced, 99) <= 100,
      },
      { section: 'sync', name: "batch latency p50, tills pushing back to back (saturated: queueing, Little's law)", value: p50, unit: 'ms' },
      { section: 'sync', name: 'batch latency p99, tills pushing back to back (saturated)', value: p99, unit: 'ms' },
      { section: 'sync', name: 'bare INSERTs back to back (ceiling): batch latency p99', value: pct(bareLatencies, 99), unit: 'ms' },
      { section: 'sync', name: 'batch latency, one till alone (median of 20)', value: pct(alone, 50), unit: 'ms' },
      {
        section: 'sync',
        name: `one till drains ${DRAIN} operations (batches of ${MAX_PUSH_BATCH})`,
        value: drainSeconds,
        unit: 's',
        target: '<= 10 s',
        ok: drainSeconds <= 10,
      },
      { section: 'sync', name: 'hub process peak RSS', value: peak, unit: 'MB', target: '<= 256 MB', ok: peak <= 256 },
    ];
  } finally {
    hub?.kill('SIGTERM');
    await owner.end();
    await db.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

export const syncSection: BenchSection = { name: 'sync', usesLargeStore: false, run };
