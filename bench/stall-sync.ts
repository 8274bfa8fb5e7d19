// Bench section `stall-sync` (issue 14): does the main process stay responsive while the database worker
// syncs 10,000 queued operations to a real hub? This process plays Electron's main process: the DbClient
// and the bundled worker thread the app ships, every worker event relayed as webContents.send does (a
// structured clone), its event loop watched (bench/loop-watch.ts). The hub is `pos-hub serve` in its own
// process on embedded PostgreSQL 18, started and stopped here.
//
// The till is a medium demo store holding two stores (CAPS Automotive and Northside Tires), upgraded, with
// their sales histories rung up by the sale service. Not enrolled yet (a till that sold offline for a
// week), the clerk's POS calls go through the worker (look up a SKU, quote the cart, check out in cash:
// what a clerk does most; a call every 100 ms), 150 sales at Northside: the POS figures without sync. More sales are rung up
// by the same sale service in this process until each store has 10,000 operations queued. Then:
// 1. CAPS is enrolled and the app launched: the sign-in screen's first call starts the background sync,
//    and nothing else runs while its 10,000 operations drain;
// 2. a copy of the same file, enrolled for Northside alone (a second till: no operation reaches the hub
//    twice), the app launched on it: the clerk signs in at Northside and sells, a call every 100 ms, while
//    its 10,000 drain: the main loop, and each POS call's latency, during the sync.
// Each drain counts until the hub holds the last operation queued before it. The pull that follows is not
// measured: a till's first pull after enrolling fetches every row the hub holds of its store (about 113,000
// changes for CAPS here, most of them the catalogue imported from this very file), which takes minutes.
import { spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type Db } from '../electron/db/open';
import { runPendingMigrations } from '../electron/db/migrator';
import { buildMissingPerfIndexes } from '../electron/db/perf-indexes';
import { createDemoDatabase } from '../electron/demo/generate';
import { addDemoSales } from '../electron/demo/sales-history';
import { addDemoTenant } from '../electron/demo/second-tenant';
import { checkout, quote } from '../electron/sales/checkout';
import { currentShift, openShift } from '../electron/sales/shift';
import { runAsTenant } from '../electron/tenancy/context';
import { createRepositories } from '../electron/tenancy/repositories';
import { enrollTill } from '../electron/sync';
import { DEMO_PIN } from '../electron/tenancy/pin';
import { DbClient, threadWorker } from '../electron/worker/client';
import { addTenant, createEnrollmentCode } from '../hub/admin';
import { importCatalogue } from '../hub/catalogue';
import { freePort, startEmbeddedHubDatabase } from '../hub/db/embedded';
import { migrateHub } from '../hub/db/migrator';
import { APP_ROLE } from '../hub/db/roles';
import { readStoreFile } from '../hub/store-file';
import { MIGRATIONS } from '../migrations';
import { CACHE_DIR, copyFixture, type BenchContext, type BenchRow } from './lib';
import { watchLoop, type LoopFigures } from './loop-watch';
import type { BenchSection } from './sections';
import { serveHub } from './sync';

/** Electron's main process must never stall longer than this (issue 14 item 1). */
const MAX_STALL_MS = 50;
/** Operations each store has queued when its sync starts (BENCH_STALL_OPS for a quick look). */
const QUEUED = Number(process.env.BENCH_STALL_OPS ?? 10_000);
const CAPS = 'caps-automotive';
const NORTH = 'northside-tires';
const SEED = 5;
/** Sales through the worker, not enrolled: the POS without sync. */
const BASELINE_SALES = 150;
/**
 * A busy clerk: a POS call every 100 ms (a sale of three calls every 0.3 s, far more than a counter
 * sells). Calls back to back, with no pause, queue operations faster than any sync drains them (tried:
 * 20,000 more in 5 minutes), which no till does.
 */
const CALL_EVERY_MS = 100;
const DRAIN_TIMEOUT_MS = 600_000;

const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The medium demo store at the legacy schema, generated once (seed 5) and cached beside the large one. */
async function mediumFixture(): Promise<string> {
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const file = path.join(CACHE_DIR, `medium-seed${SEED}.sqlite`);
  if (!fs.existsSync(file)) await createDemoDatabase(file, { size: 'medium', seed: SEED });
  return file;
}

/** The till's file: upgraded, both stores with a sales history, every performance index built (as the app runs). */
async function prepareTill(file: string): Promise<void> {
  const db = openDatabase(file);
  try {
    await runPendingMigrations(db, { migrations: MIGRATIONS });
    db.transaction(() => addDemoSales(db, { tenantId: CAPS, size: 'large', seed: SEED }))();
    addDemoTenant(db, { tenantId: NORTH, size: 'medium', seed: SEED + 1 });
    await buildMissingPerfIndexes(db);
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

/** SKUs with the most stock of a store, and its store id for sign-in. */
function sellable(file: string, tenantId: string): { sku: string; id: string }[] {
  const db = openDatabase(file, { readonly: true });
  try {
    return db
      .prepare(
        `SELECT p.sku, p.id FROM products p JOIN inventory i ON i.tenant_id = p.tenant_id AND i.product_id = p.id
         WHERE p.tenant_id = ? AND p.active = 1 ORDER BY i.quantity_on_hand DESC, p.sku LIMIT 300`,
      )
      .all(tenantId) as { sku: string; id: string }[];
  } finally {
    db.close();
  }
}

/**
 * Sales rung up by the sale service in this process (the till's own code, as the demo's history is) until
 * the store has `target` operations queued: the rest of a week offline, quicker than through the worker.
 */
function ringUpSales(db: Db, tenantId: string, products: { id: string }[], target: number): number {
  const queuedNow = () => db.prepare(`SELECT count(*) FROM pending_operations WHERE tenant_id = ? AND status <> 'done'`).pluck().get(tenantId) as number;
  const admin = db.prepare(`SELECT id FROM users WHERE tenant_id = ? AND username = 'admin'`).pluck().get(tenantId) as string;
  const repos = createRepositories(db);
  let sales = 0;
  runAsTenant({ tenantId, userId: admin }, () => {
    const session = { scope: { tenantId, userId: admin }, user: repos.users.byId(admin)!, expiresAt: new Date(Date.now() + 86_400_000).toISOString() };
    if (!currentShift(repos)) openShift(repos, 20_000);
    while (queuedNow() < target) {
      db.transaction(() => {
        for (let i = 0; i < 20; i++, sales++) {
          const lines = Array.from({ length: 1 + (sales % 3) }, (_, j) => products[(sales * 11 + j * 17) % products.length]!);
          const cart = {
            customerId: null,
            lines: lines.map((p) => ({ kind: 'part' as const, productId: p.id, quantity: 1 })),
            orderDiscount: null,
            promotionCode: null,
          };
          const total = quote(repos, cart).cart.totalCents;
          checkout(repos, session, { cart, tenders: [{ method: 'cash', tenderedCents: total }] });
        }
      })();
    }
  });
  return sales;
}

type PosKind = 'lookUp' | 'quote' | 'checkout';
type Latencies = Record<PosKind, number[]>;
const noLatencies = (): Latencies => ({ lookUp: [], quote: [], checkout: [] });
const all = (l: Latencies) => [...l.lookUp, ...l.quote, ...l.checkout];

interface Clerk {
  token: string;
  products: { sku: string; id: string }[];
  n: number;
}

async function signIn(client: DbClient, storeId: string, products: Clerk['products']): Promise<Clerk> {
  const { token } = await client.call('pos.signIn', { storeId, username: 'admin', pin: DEMO_PIN });
  const shift = await client.call('pos.call', { token, op: 'shift', input: undefined });
  if (!shift) await client.call('pos.call', { token, op: 'openShift', input: { floatCents: 20_000 } });
  return { token, products, n: 0 };
}

/** One sale as a clerk rings it: scan a SKU, the cart priced, paid in cash. Each call's latency as the main process sees it. */
async function sale(client: DbClient, clerk: Clerk, into: Latencies): Promise<void> {
  const { token, products } = clerk;
  const pause = () => sleep(CALL_EVERY_MS);
  const k = clerk.n++;
  const lines = Array.from({ length: 1 + (k % 3) }, (_, j) => products[(k * 7 + j * 13) % products.length]!);
  let t = performance.now();
  await client.call('pos.call', { token, op: 'lookUp', input: { query: lines[0]!.sku } });
  into.lookUp.push(performance.now() - t);
  await pause();
  const cart = {
    customerId: null,
    lines: lines.map((p) => ({ kind: 'part' as const, productId: p.id, quantity: 1 })),
    orderDiscount: null,
    promotionCode: null,
  };
  t = performance.now();
  const quoted = (await client.call('pos.call', { token, op: 'quote', input: { cart } })) as { cart: { totalCents: number } };
  into.quote.push(performance.now() - t);
  await pause();
  t = performance.now();
  await client.call('pos.call', { token, op: 'checkout', input: { cart, tenders: [{ method: 'cash', tenderedCents: quoted.cart.totalCents }] } });
  into.checkout.push(performance.now() - t);
  await pause();
}

async function queued(client: DbClient, clerk: Clerk): Promise<number> {
  return (await client.call('sync.status', { token: clerk.token })).queued;
}

function startWorker(file: string, dir: string): { client: DbClient; running: () => boolean; events: () => number; last: () => unknown } {
  const client = new DbClient(threadWorker(path.resolve('dist/electron/worker.cjs'), { databasePath: file, backupDir: path.join(dir, 'backups') }));
  let running = false;
  let events = 0;
  let last: unknown = null;
  client.onEvent((event) => {
    structuredClone(event.payload); // what webContents.send does with it
    events++;
    if (event.domain === 'sync' && event.name === 'state') {
      last = event.payload;
      running = (event.payload as { running: boolean }).running;
    }
  });
  return { client, running: () => running, events: () => events, last: () => last };
}

async function stopHub(hub: ChildProcess | null): Promise<void> {
  if (!hub || hub.exitCode !== null || hub.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => hub.once('exit', () => resolve()));
  hub.kill('SIGTERM');
  await Promise.race([exited, sleep(10_000).then(() => hub.kill('SIGKILL'))]);
}

async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const section = 'stall-sync';
  const dir = path.join(ctx.scratch, 'stall-sync');
  fs.mkdirSync(dir);
  const build = spawnSync(process.execPath, ['scripts/build-node.mjs'], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);

  const log = (m: string) => console.log(`bench: stall-sync: ${m}`);
  const till = copyFixture(await mediumFixture(), path.join(dir, 'till.sqlite'));
  await prepareTill(till);
  log('till prepared (medium store, two tenants, sales histories)');
  const products: Record<string, Clerk['products']> = { [CAPS]: sellable(till, CAPS), [NORTH]: sellable(till, NORTH) };

  // 0. Not enrolled: the POS without sync.
  const baseline = noLatencies();
  const offline = startWorker(till, dir);
  const atQueue: Record<string, number> = {};
  let baselineLoop: LoopFigures;
  {
    const { client } = offline;
    try {
      const watch = watchLoop();
      // Northside, the store the clerk sells at during the sync below.
      const clerk = await signIn(client, NORTH, products[NORTH]!);
      for (let n = 0; n < BASELINE_SALES; n++) await sale(client, clerk, baseline);
      for (const tenant of [CAPS, NORTH]) atQueue[tenant] = await queued(client, tenant === NORTH ? clerk : await signIn(client, CAPS, products[CAPS]!));
      log(`${BASELINE_SALES} sales at ${NORTH} without sync`);
      baselineLoop = watch.stop();
    } finally {
      await client.close();
    }
  }

  // The rest of the week offline: each store up to QUEUED operations.
  {
    const file = openDatabase(till);
    try {
      for (const tenant of [CAPS, NORTH]) {
        const sold = ringUpSales(file, tenant, products[tenant]!, QUEUED);
        log(`${tenant}: ${sold} more sales rung up in process`);
      }
      file.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      file.close();
    }
  }

  // The second till: the same file, enrolled for Northside alone (the first is enrolled for CAPS alone, so no
  // operation reaches the hub twice). Each till's first round pushes its own store's queue at once.
  const tillB = copyFixture(till, path.join(dir, 'till-b.sqlite'));

  // The hub: embedded PostgreSQL (its own folder under the system temp dir, which user postgres can reach as root).
  const pgFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'pos-bench-stall-hub-'));
  const db = await startEmbeddedHubDatabase(pgFolder);
  const owner = new pg.Pool({ connectionString: db.ownerUrl, max: 2 });
  const superuser = new pg.Pool({ connectionString: db.superuserUrl.replace(/\/postgres$/, '/pos_hub'), max: 1 });
  for (const pool of [owner, superuser]) pool.on('error', () => {});
  let hub: ChildProcess | null = null;
  let online: ReturnType<typeof startWorker> | null = null;
  try {
    const c = await owner.connect();
    await migrateHub(c, { appRole: APP_ROLE }).finally(() => c.release());
    const port = await freePort();
    hub = await serveHub(db.ownerUrl, db.appUrl, port);
    const url = `http://127.0.0.1:${port}`;
    for (const [tenant, name] of [
      [CAPS, 'CAPS Automotive'],
      [NORTH, 'Northside Tires'],
    ] as const) {
      await addTenant(owner, tenant, name);
      await importCatalogue(owner, tenant, readStoreFile(till, tenant));
    }
    const enroll = async (tenant: string, tillFile: string) => {
      const { code } = await createEnrollmentCode(owner, tenant, `bench-till-${tenant}`);
      const file = openDatabase(tillFile);
      try {
        return await enrollTill(file, { hubUrl: url, code, tillName: `bench-till-${tenant}` });
      } finally {
        file.close();
      }
    };
    /** What the hub has applied or rejected of a credential's operations, by wire seq (1, 2, 3 ... in order). */
    const hubSeq = async (tillId: string) =>
      Number((await superuser.query(`SELECT coalesce(max(seq), 0) AS s FROM hub.applied_operations WHERE till_id = $1`, [tillId])).rows[0].s);
    const hubRejected = async (tillId: string) =>
      Number((await superuser.query(`SELECT count(*) AS n FROM hub.applied_operations WHERE till_id = $1 AND outcome = 'rejected'`, [tillId])).rows[0].n);
    /** Polls the hub (async I/O: nothing on this thread waits) until it holds the first `n` operations of the till. */
    const drained = async (tillId: string, n: number, started: number): Promise<number> => {
      let at = 0;
      while ((at = await hubSeq(tillId)) < n) {
        if (performance.now() - started > DRAIN_TIMEOUT_MS)
          throw new Error(
            `the worker did not drain ${n} operations within ${DRAIN_TIMEOUT_MS / 1000} s: the hub holds ${at}; last sync state ${JSON.stringify(online?.last())}`,
          );
        await sleep(50);
      }
      return performance.now() - started;
    };

    // 1. CAPS enrolled, the app launched: the sync drains with nothing else running.
    log('hub serving, catalogues imported');
    const caps = await enroll(CAPS, till);
    online = startWorker(till, dir);
    const client = online.client;
    const load1 = os.loadavg()[0] ?? 0;
    const watch1 = watchLoop();
    const t1 = performance.now();
    await client.call('pos.stores'); // the sign-in screen's first call: starts the background sync
    const drain1Ms = await drained(caps.tillId, caps.queued, t1);
    const alone = watch1.stop();
    log(`${caps.queued} operations drained in ${(drain1Ms / 1000).toFixed(1)} s`);
    // The pull that follows (a first pull after enrolling fetches the whole store the hub holds) is not measured.
    const events1 = online.events();
    await online.client.close();

    // 2. The second till, enrolled for Northside: the app launched, the clerk signs in and sells there, a call
    //    every 100 ms, while its queue drains.
    const north = await enroll(NORTH, tillB);
    online = startWorker(tillB, dir);
    const client2 = online.client;
    const during = noLatencies();
    const load2 = os.loadavg()[0] ?? 0;
    const watch2 = watchLoop();
    const t2 = performance.now();
    // The clerk signs in (the first POS call: it starts the background sync) and sells.
    const clerk = await signIn(client2, NORTH, products[NORTH]!);
    let done = false;
    const selling = (async () => {
      while (!done) await sale(client2, clerk, during);
    })();
    const drain2Ms = await drained(north.tillId, north.queued, t2).finally(() => (done = true));
    await selling;
    const withPos = watch2.stop();
    log(`${north.queued} operations drained in ${(drain2Ms / 1000).toFixed(1)} s while the clerk sold`);
    const rejected = (await hubRejected(caps.tillId)) + (await hubRejected(north.tillId));

    const lagRows = (label: string, f: LoopFigures, load: number): BenchRow[] => [
      {
        section,
        name: `main loop max delay, ${label}`,
        value: f.maxMs,
        unit: 'ms',
        target: `<= ${MAX_STALL_MS} ms`,
        ok: f.maxMs <= MAX_STALL_MS,
        note: `load average ${load.toFixed(1)} on ${os.cpus().length} cores`,
      },
      { section, name: `main loop p99 delay, ${label}`, value: f.p99Ms, unit: 'ms', target: `<= ${MAX_STALL_MS} ms`, ok: f.p99Ms <= MAX_STALL_MS },
      { section, name: `10 ms timer max lateness, ${label}`, value: f.lateMaxMs, unit: 'ms', target: `<= ${MAX_STALL_MS} ms`, ok: f.lateMaxMs <= MAX_STALL_MS },
    ];
    const posRows = (label: string, l: Latencies): BenchRow[] => [
      { section, name: `POS call p50 latency, ${label}`, value: pct(all(l), 50), unit: 'ms', note: `${all(l).length} calls` },
      { section, name: `POS call p99 latency, ${label}`, value: pct(all(l), 99), unit: 'ms' },
      { section, name: `POS call max latency, ${label}`, value: Math.max(...all(l)), unit: 'ms' },
      {
        section,
        name: `checkout p99 latency, ${label}`,
        value: pct(l.checkout, 99),
        unit: 'ms',
        note: `lookUp p99 ${pct(l.lookUp, 99).toFixed(1)} ms, quote p99 ${pct(l.quote, 99).toFixed(1)} ms`,
      },
    ];
    return [
      { section, name: 'operations queued when the sync starts (CAPS, Northside)', value: caps.queued, unit: 'ops', note: `Northside ${north.queued}` },
      {
        section,
        name: `worker drains ${caps.queued} operations, nothing else running`,
        value: drain1Ms / 1000,
        unit: 's',
        note: 'until the hub holds the last one',
      },
      ...lagRows('sync of 10,000 operations in the worker', alone, load1),
      {
        section,
        name: `worker drains ${north.queued} operations while the clerk sells`,
        value: drain2Ms / 1000,
        unit: 's',
        note: `${during.checkout.length} sales meanwhile`,
      },
      ...lagRows('the same sync with POS calls running', withPos, load2),
      ...lagRows('POS calls, no sync (not enrolled)', baselineLoop, load1),
      ...posRows('no sync', baseline),
      ...posRows('during the sync', during),
      {
        section,
        name: 'POS call p99 latency: during the sync / no sync',
        value: pct(all(during), 99) / pct(all(baseline), 99),
        unit: 'ratio',
        note: 'informational: same calls, same store',
      },
      {
        section,
        name: 'operations the hub rejected',
        value: rejected,
        unit: 'ops',
        note: `${atQueue[CAPS]} / ${atQueue[NORTH]} queued by the POS sales without sync, before the rest was rung up`,
      },
      { section, name: 'worker events relayed', value: events1 + online.events(), unit: 'events' },
    ];
  } finally {
    await online?.client.close();
    await stopHub(hub);
    await owner.end();
    await superuser.end();
    await db.stop();
    fs.rmSync(pgFolder, { recursive: true, force: true });
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export const stallSyncSection: BenchSection = { name: 'stall-sync', usesLargeStore: false, run };
