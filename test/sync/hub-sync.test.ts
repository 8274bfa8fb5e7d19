import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../electron/db/open';
import { createSyncService, HubUnreachableError, pushTenant, type SyncService } from '../../electron/sync';
import { runAsTenant } from '../../electron/tenancy/context';
import { createRepositories } from '../../electron/tenancy/repositories';
import { setPrice } from '../../hub/admin';
import { startHub, type StartedHub } from '../hub/support/start-hub';
import { tempDir } from '../helpers';
import { startHubProxy, type HubProxy } from './support/proxy';
import { CAPS, NORTH, openTill, seedHubFrom, tillCopy, twoStoreFile } from './support/tills';

/**
 * Two stores with overlapping SKUs, usernames and gift card codes, two tills
 * each (four store files), one hub on a real PostgreSQL. Every till starts as
 * a copy of the same two-store file with its legacy queue and a month of CAPS
 * sales, and syncs only the store it is enrolled for.
 */
const dir = tempDir('pos-sync-');
let hub: StartedHub;
let proxy: HubProxy;
let file: string;

interface Till {
  name: string;
  tenantId: string;
  db: Db;
  sync: SyncService;
  tillId: string;
}
const tills: Record<'a1' | 'a2' | 'b1' | 'b2', Till> = {} as never;

beforeAll(async () => {
  hub = await startHub();
  proxy = await startHubProxy(hub.url);
  file = await twoStoreFile(dir);
  await seedHubFrom(hub, file, { [CAPS]: 'CAPS Automotive', [NORTH]: 'Northside Tires' });
  for (const [name, tenantId] of [
    ['a1', CAPS],
    ['a2', CAPS],
    ['b1', NORTH],
    ['b2', NORTH],
  ] as const) {
    const db = openTill(tillCopy(file, dir, name));
    const sync = createSyncService(db, { timeoutMs: 10_000 });
    const enrolled = await sync.enroll({ hubUrl: proxy.url, code: await hub.enrollCode(tenantId, name) });
    expect(enrolled.tenantId).toBe(tenantId);
    tills[name] = { name, tenantId, db, sync, tillId: enrolled.tillId };
  }
}, 180_000);
afterAll(async () => {
  for (const t of Object.values(tills)) t.db.close();
  await proxy?.close();
  await hub?.stop();
});

type QueuedOp = { id: string; seq: number; entity_type: string; entity_id: string; operation: string; status: string };
const queueOf = (t: Till) =>
  t.db
    .prepare(`SELECT id, seq, entity_type, entity_id, operation, status FROM pending_operations WHERE tenant_id = ? AND seq IS NOT NULL ORDER BY seq`)
    .all(t.tenantId) as QueuedOp[];
type HubOp = { tenant_id: string; seq: string; op_id: string; entity_type: string; entity_id: string; operation: string; outcome: string };
const hubOpsOf = (t: Till) =>
  hub.querySuper<HubOp>(
    `SELECT tenant_id, seq, op_id, entity_type, entity_id, operation, outcome FROM hub.applied_operations WHERE till_id = $1 ORDER BY seq`,
    [t.tillId],
  );

/** The hub holds the till's queue exactly: one record per operation, numbered 1..N in the till's order, same operation, same store. */
async function expectQueueOnHubOnce(t: Till): Promise<void> {
  const local = queueOf(t);
  const remote = await hubOpsOf(t);
  const base = t.db.prepare(`SELECT seq_base FROM sync_credentials WHERE tenant_id = ?`).pluck().get(t.tenantId) as number;
  const sent = local.filter((o) => o.seq > base);
  expect(sent.every((o) => o.status === 'done')).toBe(true);
  expect(remote.map((r) => Number(r.seq))).toEqual(sent.map((o) => o.seq - base));
  expect(remote.map((r) => [r.tenant_id, r.op_id.split('#')[0], r.entity_type, r.entity_id, r.operation])).toEqual(
    sent.map((o) => [t.tenantId, o.id, o.entity_type, o.entity_id, o.operation]),
  );
}

const userOf = (t: Till) => t.db.prepare(`SELECT id FROM users WHERE tenant_id = ? AND username = 'admin'`).pluck().get(t.tenantId) as string;
const asClerk = <T>(t: Till, fn: (repos: ReturnType<typeof createRepositories>) => T): T =>
  runAsTenant({ tenantId: t.tenantId, userId: userOf(t) }, () => fn(createRepositories(t.db)));
const productBySku = (t: Till, sku: string) =>
  t.db.prepare(`SELECT id, price_cents FROM products WHERE tenant_id = ? AND sku = ?`).get(t.tenantId, sku) as { id: string; price_cents: number } | undefined;
const someSku = (t: Till) =>
  t.db
    .prepare(`SELECT sku FROM products WHERE tenant_id = ? AND active = 1 AND id IN (SELECT product_id FROM inventory) ORDER BY sku LIMIT 1`)
    .pluck()
    .get(t.tenantId) as string;

describe('two stores, two tills each, one hub', () => {
  it("every till drains its queue: each operation is on the hub exactly once, in its store, in the till's order", async () => {
    for (const t of Object.values(tills)) {
      const [result] = await t.sync.push();
      expect(result?.ok, JSON.stringify(result)).toBe(true);
      expect(t.sync.status().find((s) => s.tenantId === t.tenantId)?.queued).toBe(0);
      await expectQueueOnHubOnce(t);
    }
    // The second till of each store is a copy of the first: the hub recognised every operation by its id and applied none twice.
    for (const tenant of [CAPS, NORTH]) {
      const firsts = await hub.querySuper<{ op_id: string; n: number }>(
        `SELECT op_id, count(*)::int AS n FROM hub.applied_operations WHERE tenant_id = $1 AND op_id NOT LIKE '%#%' GROUP BY op_id HAVING count(*) > 1`,
        [tenant],
      );
      expect(firsts, tenant).toEqual([]);
    }
    const [copy] = await hub.querySuper<{ n: number }>(`SELECT count(*)::int AS n FROM hub.applied_operations WHERE till_id = $1 AND op_id NOT LIKE '%#%'`, [
      tills.a2.tillId,
    ]);
    expect(copy?.n).toBe(0);
  });

  it("a pull brings a till the other till's work and the hub's catalogue, never another store's", async () => {
    const customer = tills.a1.db.prepare(`SELECT id FROM customers WHERE tenant_id = ? ORDER BY id LIMIT 1`).pluck().get(CAPS) as string;
    const { order } = asClerk(tills.a1, (r) =>
      r.workOrders.create({
        customerId: customer,
        description: 'Brake pads, front',
        lines: [{ kind: 'labor', description: 'Pads', quantity: 1, unitPriceCents: 8000 }],
      }),
    );
    const sku = someSku(tills.a1);
    expect(productBySku(tills.b1, sku), 'the same SKU in the other store').toBeDefined();
    const northPrice = productBySku(tills.b1, sku)!.price_cents;
    await setPrice(hub.ownerPool, CAPS, sku, 4321);
    for (const t of Object.values(tills)) {
      const [pushed] = await t.sync.push();
      expect(pushed?.ok, JSON.stringify(pushed)).toBe(true);
    }
    for (const t of Object.values(tills)) {
      const [pulled] = await t.sync.pull();
      expect(pulled?.ok, JSON.stringify(pulled)).toBe(true);
    }
    const orderOn = (t: Till) => t.db.prepare(`SELECT tenant_id, description FROM work_orders WHERE id = ?`).get(order.id);
    expect(orderOn(tills.a2)).toEqual({ tenant_id: CAPS, description: 'Brake pads, front' });
    expect(orderOn(tills.b1)).toBeUndefined();
    expect(orderOn(tills.b2)).toBeUndefined();
    expect(tills.a2.db.prepare(`SELECT count(*) FROM work_order_lines WHERE work_order_id = ?`).pluck().get(order.id)).toBe(1);
    expect(productBySku(tills.a1, sku)?.price_cents).toBe(4321);
    expect(productBySku(tills.a2, sku)?.price_cents).toBe(4321);
    expect(productBySku(tills.b1, sku)?.price_cents).toBe(northPrice);
    expect(productBySku(tills.b2, sku)?.price_cents).toBe(northPrice);
    for (const t of Object.values(tills)) {
      const log = t.db
        .prepare(`SELECT direction, count(*) AS n FROM sync_log WHERE tenant_id = ? AND terminal_id = ? GROUP BY direction ORDER BY direction`)
        .all(t.tenantId, t.tillId);
      expect(
        log.map((l) => (l as { direction: string }).direction),
        t.name,
      ).toEqual(['pull', 'push']);
    }
  });

  it('two tills redeem the same gift card offline: the hub applies one, rejects the other into the till’s sync_conflicts, and the balance never goes below zero', async () => {
    const card = tills.a1.db
      .prepare(
        `SELECT id, code, balance_cents FROM gift_cards WHERE tenant_id = ? AND status = 'active' AND balance_cents >= 1000 AND (expires_at IS NULL OR expires_at > '2027') ORDER BY code LIMIT 1`,
      )
      .get(CAPS) as { id: string; code: string; balance_cents: number };
    const [hubBefore] = await hub.queryAs<{ balance_cents: number }>(CAPS, `SELECT balance_cents FROM hub.gift_cards WHERE id = $1`, [card.id]);
    expect(hubBefore?.balance_cents).toBe(card.balance_cents);
    const amount = Math.floor(card.balance_cents * 0.6);
    asClerk(tills.a1, (r) => r.giftCards.redeem({ code: card.code, amountCents: amount }));
    asClerk(tills.a2, (r) => r.giftCards.redeem({ code: card.code, amountCents: amount }));
    const redemption = queueOf(tills.a2).at(-1)!;

    const [first] = await tills.a1.sync.push();
    const [second] = await tills.a2.sync.push();
    expect(first).toMatchObject({ ok: true, applied: 1, rejected: 0 });
    expect(second).toMatchObject({ ok: true, applied: 0, rejected: 1, remaining: 0 });
    const conflict = tills.a2.db
      .prepare(`SELECT tenant_id, entity_id, code, reason, remote_data FROM sync_conflicts WHERE operation_id = ?`)
      .get(redemption.id) as { tenant_id: string; entity_id: string; code: string; reason: string; remote_data: string };
    expect(conflict).toMatchObject({ tenant_id: CAPS, entity_id: redemption.entity_id });
    expect(conflict.reason.length).toBeGreaterThan(0);
    expect(tills.a2.sync.status().find((s) => s.tenantId === CAPS)?.rejected).toBe(1);
    expect(tills.a2.sync.rejections(CAPS)[0]).toMatchObject({ operationId: redemption.id, code: conflict.code });

    const [hubAfter] = await hub.queryAs<{ balance_cents: number }>(CAPS, `SELECT balance_cents FROM hub.gift_cards WHERE id = $1`, [card.id]);
    expect(hubAfter?.balance_cents).toBe(card.balance_cents - amount);
    // The pull brings a1's redemption as history: it must apply (it once failed the page on the card's CHECK).
    const [pulled] = await tills.a2.sync.pull();
    expect(pulled?.ok, JSON.stringify(pulled)).toBe(true);
    expect(tills.a2.db.prepare(`SELECT balance_cents FROM gift_cards WHERE id = ?`).pluck().get(card.id)).toBe(card.balance_cents - amount);
    await expectQueueOnHubOnce(tills.a2);
  });

  it('while the hub is unreachable the queue grows, each attempt counted with its error and a backoff; then it drains in order', async () => {
    const t = tills.b1;
    const product = productBySku(t, someSku(t))!;
    const receive = () => asClerk(t, (r) => r.inventory.receive({ productId: product.id, quantity: 2, unitCostCents: 100 }));
    proxy.mode = 'down';
    try {
      receive();
      const [down] = await t.sync.push();
      expect(down).toMatchObject({ ok: false, error: { code: new HubUnreachableError('', '').code } });
      receive();
      receive();
      const [again] = await t.sync.push();
      expect(again?.ok).toBe(false);
      const waiting = queueOf(t).filter((o) => o.status !== 'done');
      expect(waiting).toHaveLength(3);
      const rows = t.db.prepare(`SELECT status, attempts, last_error FROM pending_operations WHERE id = ?`);
      expect(rows.get(waiting[0]!.id)).toMatchObject({ status: 'pending', attempts: 2 });
      expect(rows.get(waiting[2]!.id)).toMatchObject({ status: 'pending', attempts: 1 });
      expect((rows.get(waiting[0]!.id) as { last_error: string }).last_error).toMatch(/could not be reached/);
      const status = t.sync.status().find((s) => s.tenantId === NORTH)!;
      expect(status).toMatchObject({ queued: 3, failures: 2 });
      expect(Date.parse(status.nextAttemptAt!)).toBeGreaterThan(Date.now());
      expect(t.db.prepare(`SELECT count(*) FROM sync_log WHERE terminal_id = ? AND status = 'failed'`).pluck().get(t.tillId)).toBe(2);
    } finally {
      proxy.mode = 'forward';
    }
    const [back] = await t.sync.push();
    expect(back).toMatchObject({ ok: true, applied: 3, remaining: 0 });
    expect(t.sync.status().find((s) => s.tenantId === NORTH)).toMatchObject({ queued: 0, failures: 0, nextAttemptAt: null, lastError: null });
    await expectQueueOnHubOnce(t);
  });

  it('a till killed in the middle of a push (the hub applied a batch whose answer never came back) resends it: every operation once', async () => {
    const t = tills.b2;
    const product = productBySku(t, someSku(t))!;
    for (let i = 0; i < 45; i++) asClerk(t, (r) => r.inventory.receive({ productId: product.id, quantity: 1, unitCostCents: 100 }));
    const [levelBefore] = await hub.queryAs<{ q: number }>(NORTH, `SELECT quantity_on_hand AS q FROM hub.inventory WHERE product_id = $1`, [product.id]);
    t.db.close();
    proxy.pushes = 0;
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/sync/support/push-child.ts', t.db.name, NORTH, '10'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const killed = new Promise<void>((resolve) => {
      proxy.onPushAnswered = (n) => {
        if (n < 3) return 'pass';
        child.kill('SIGKILL');
        resolve();
        return 'hold';
      };
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    await killed;
    expect(await exited, output).toBe('SIGKILL');
    proxy.onPushAnswered = null;
    expect(output).not.toMatch(/^done/m);

    const db = openTill(t.db.name);
    tills.b2 = { ...t, db, sync: createSyncService(db) };
    const statuses = db
      .prepare(
        `SELECT status, count(*) AS n FROM pending_operations WHERE tenant_id = ? AND seq > (SELECT acked_seq FROM sync_state WHERE tenant_id = ?) GROUP BY status`,
      )
      .all(NORTH, NORTH);
    expect(statuses).toEqual([
      { status: 'in_flight', n: 10 },
      { status: 'pending', n: 15 },
    ]);
    const rerun = await pushTenant(db, NORTH);
    expect(rerun).toMatchObject({ duplicate: 10, applied: 15, remaining: 0 });
    await expectQueueOnHubOnce(tills.b2);
    const [levelAfter] = await hub.queryAs<{ q: number }>(NORTH, `SELECT quantity_on_hand AS q FROM hub.inventory WHERE product_id = $1`, [product.id]);
    expect(levelAfter!.q - levelBefore!.q).toBe(45);
  }, 60_000);

  it('a store file holding both stores syncs each with its own credential, never one with the other’s', async () => {
    const db = openTill(tillCopy(file, dir, 'both'));
    try {
      const sync = createSyncService(db);
      const caps = await sync.enroll({ hubUrl: proxy.url, code: await hub.enrollCode(CAPS, 'both-caps') });
      const north = await sync.enroll({ hubUrl: proxy.url, code: await hub.enrollCode(NORTH, 'both-north') });
      const results = await sync.push();
      expect(results.map((r) => [r.tenantId, r.ok])).toEqual([
        [CAPS, true],
        [NORTH, true],
      ]);
      for (const [enrollment, tenant] of [
        [caps, CAPS],
        [north, NORTH],
      ] as const) {
        const rows = await hub.querySuper<{ tenant_id: string; n: number }>(
          `SELECT tenant_id, count(*)::int AS n FROM hub.applied_operations WHERE till_id = $1 GROUP BY tenant_id`,
          [enrollment.tillId],
        );
        const queued = db.prepare(`SELECT count(*) FROM pending_operations WHERE tenant_id = ? AND seq IS NOT NULL`).pluck().get(tenant);
        expect(rows).toEqual([{ tenant_id: tenant, n: queued }]);
      }
    } finally {
      db.close();
    }
  });
});
