import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort } from '../../hub/db/embedded';
import { startHub, type StartedHub } from './support/start-hub';
import { FakeTill } from './support/fake-till';
import { giftCardRedeemed, seedStore, stockMoved, type SeededStore } from './support/store';

/**
 * SIGKILL of the hub in the middle of a batch: the batch's transaction never
 * commits, so after a retry against a new hub process every operation is on the
 * hub exactly once. The middle is made certain from the test side: a superuser
 * session holds the lock on a gift card the batch redeems half-way through, so
 * the hub is killed with half the batch applied in its open transaction.
 */
const A = 'caps-automotive';
let hub: StartedHub;
let store: SeededStore;
let child: ChildProcess | null = null;

async function serve(port: number): Promise<ChildProcess> {
  const p = spawn(process.execPath, ['--import', 'tsx', path.resolve('hub/cli/main.ts'), 'serve', '--port', String(port)], {
    env: { ...process.env, DATABASE_URL: hub.ownerUrl, HUB_APP_DATABASE_URL: hub.appUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    p.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('serving')) resolve();
    });
    p.stderr!.on('data', (d) => (out += d));
    p.on('exit', (code) => reject(new Error(`pos-hub serve exited ${code}: ${out}`)));
  });
  return p;
}

beforeAll(async () => {
  hub = await startHub({ serve: false });
  await hub.createTenant(A, 'CAPS Automotive');
  store = await seedStore(hub.ownerPool, A);
}, 120_000);
afterAll(async () => {
  child?.kill('SIGKILL');
  await hub?.stop();
});

it('every operation of a batch cut by SIGKILL is applied exactly once after the retry', async () => {
  const port = await freePort();
  child = await serve(port);
  const url = `http://127.0.0.1:${port}`;
  const till = await FakeTill.enroll(url, await hub.enrollCode(A, 'front'));
  const p = store.products[3]!.id;
  const card = store.giftCards[0]!;
  const ops = [
    ...Array.from({ length: 100 }, () => till.op('inventory_transaction', 'insert', stockMoved(p, -1))),
    till.op('gift_card_transaction', 'insert', giftCardRedeemed(card, 700)),
    ...Array.from({ length: 99 }, () => till.op('inventory_transaction', 'insert', stockMoved(p, 2))),
  ];

  const blocker = new pg.Client({ connectionString: hub.superuserUrl.replace(/\/postgres$/, '/pos_hub') });
  await blocker.connect();
  await blocker.query('BEGIN');
  await blocker.query(`SELECT 1 FROM hub.gift_cards WHERE id = $1 FOR UPDATE`, [card.id]);
  const cut = till.push(ops).catch((err: unknown) => err);
  // Wait until the hub's transaction sits on the card's lock: ops 1..100 applied, not committed.
  for (let i = 0; ; i++) {
    const w = await blocker.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE usename = 'pos_hub_app' AND wait_event_type = 'Lock'`);
    if (w.rows[0].n > 0) break;
    if (i > 200) throw new Error('the push never reached the gift card');
    await new Promise((r) => setTimeout(r, 50));
  }
  const applied = await blocker.query(`SELECT count(*)::int AS n FROM hub.inventory_transactions`);
  expect(applied.rows[0].n).toBe(0); // nothing committed yet
  child.kill('SIGKILL');
  expect(await cut).toBeInstanceOf(Error);
  await blocker.query('ROLLBACK');
  await blocker.end();

  child = await serve(port);
  const retry = await till.push(ops);
  expect(retry.status).toBe(200);
  expect(retry.body.results.map((r) => r.outcome)).toEqual(ops.map(() => 'applied'));
  const again = await till.push(ops);
  expect(again.body.results.every((r) => r.outcome === 'duplicate')).toBe(true);

  // Count and content, compared with what the till sent.
  const rows = await hub.queryAs<{ id: string; q: number }>(A, `SELECT id, (row->>'quantity')::int AS q FROM hub.inventory_transactions ORDER BY id`);
  const sent = ops.filter((o) => o.entityType === 'inventory_transaction').map((o) => ({ id: String(o.payload.id), q: Number(o.payload.quantity) }));
  expect(rows).toEqual(sent.sort((a, b) => (a.id < b.id ? -1 : 1)));
  expect(await hub.queryAs(A, `SELECT quantity_on_hand AS q FROM hub.inventory WHERE product_id = $1`, [p])).toEqual([{ q: 10 - 100 + 198 }]);
  expect(await hub.queryAs(A, `SELECT balance_cents FROM hub.gift_cards WHERE id = $1`, [card.id])).toEqual([{ balance_cents: card.balance - 700 }]);
  expect(await hub.queryAs(A, `SELECT count(*)::int AS n, max(seq)::int AS top FROM hub.applied_operations`)).toEqual([{ n: 200, top: 200 }]);
  expect(await hub.queryAs(A, `SELECT last_seq::int FROM hub.tills WHERE id = $1`, [till.tillId])).toEqual([{ last_seq: 200 }]);
}, 120_000);
