// Bench section `sync`: the hub on loopback. 20 simulated tills (4 stores of 5) push batches of 100
// stock movements at once; the same rows written by a bare multi-row INSERT into the same table, in the
// same run and at the same concurrency, are the ceiling. Then one till drains a week offline (10,000
// operations). The hub runs as its own process (`pos-hub serve`) so its RSS is its own.
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

async function serve(ownerUrl: string, appUrl: string, port: number): Promise<ChildProcess> {
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
    hub = await serve(db.ownerUrl, db.appUrl, port);
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
        const e = (await r.json()) as { token: string };
        tills.push({ token: e.token, tenant, seq: 0, products: products.map((p) => p.id) });
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

    // The ceiling: the same ledger rows, 20 connections at once, one multi-row INSERT per batch of 100 in its own transaction.
    const t1 = performance.now();
    await Promise.all(
      tills.map(async (t) => {
        const client = await owner.connect();
        try {
          for (let b = 0; b < BATCHES_PER_TILL; b++) {
            const rows = batch({ ...t }, BATCH).map((o) => ({ ...o.payload, v: undefined }));
            await client.query('BEGIN');
            await client.query(`SELECT set_config('app.tenant_id', $1, true)`, [t.tenant]);
            await client.query(
              `INSERT INTO hub.inventory_transactions (tenant_id, id, origin_till_id, row) SELECT current_setting('app.tenant_id'), r->>'id', NULL, r FROM jsonb_array_elements($1::jsonb) r`,
              [JSON.stringify(rows)],
            );
            await client.query('COMMIT');
          }
        } finally {
          client.release();
        }
      }),
    );
    const bareSeconds = (performance.now() - t1) / 1000;

    // A week offline: one till, 10,000 operations, in batches of the protocol's largest size.
    const drainer = tills[0]!;
    const t2 = performance.now();
    for (let n = 0; n < DRAIN; n += MAX_PUSH_BATCH) await push(url, drainer, batch(drainer, Math.min(MAX_PUSH_BATCH, DRAIN - n)));
    const drainSeconds = (performance.now() - t2) / 1000;
    const rssAfter = rssMb(hub.pid!, 'VmHWM');

    const opsPerSecond = applied / applySeconds;
    const barePerSecond = applied / bareSeconds;
    const ratio = opsPerSecond / barePerSecond;
    const p50 = pct(latencies, 50);
    const p99 = pct(latencies, 99);
    const peak = Math.max(rss, rssAfter);
    return [
      { section: 'sync', name: `push: ${TILLS} tills (${STORES} stores), batches of ${BATCH}, operations applied`, value: opsPerSecond, unit: 'ops/s' },
      { section: 'sync', name: 'bare multi-row INSERT of the same rows (ceiling)', value: barePerSecond, unit: 'rows/s' },
      { section: 'sync', name: 'push throughput / bare INSERT', value: ratio, unit: 'ratio', target: '>= 0.5', ok: ratio >= 0.5 },
      { section: 'sync', name: 'batch latency p50', value: p50, unit: 'ms' },
      { section: 'sync', name: 'batch latency p99', value: p99, unit: 'ms', target: '<= 100 ms', ok: p99 <= 100 },
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
