import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/index';
import { openDatabase } from '../../electron/db/open';
import type { SyncNowResult, SyncPanel } from '../../electron/ipc/contracts';
import type { Outcome } from '../../electron/ipc/contract';
import { tenantStatus, type TenantSyncStatus } from '../../electron/sync';
import { freePort } from '../../hub/db/embedded';
import { ensureBuilt } from '../app/support/build';
import { copyDatabase, tempDir } from '../helpers';
import { startHub, type StartedHub } from '../hub/support/start-hub';
import { captureIo } from '../support/cli-io';
import { startHubProxy, type HubProxy } from '../sync/support/proxy';
import { CAPS, seedHubFrom, twoStoreFile } from '../sync/support/tills';
import { launchBrowser, openApp, type E2eApp } from './harness/app';
import { hubCli, serveHub, type HubProcess } from './harness/hub-process';
import { counts, disagreements, hubContent, tillContent } from './harness/store-content';

/**
 * Two tills of CAPS Automotive, each the whole app (the real main process,
 * IPC and database worker on its own userData folder, the built renderer in
 * Chromium), and the hub as it ships (`pos-hub serve` in its own process) on
 * a real PostgreSQL. Both tills start from copies of one store file the hub
 * imported, enrolled with `pos-db sync enroll`; from then on only the tills'
 * own sync moves data: the background sync, and Sync now (`sync.now`, the
 * channel the Sync panel's button calls). Till 1 reaches the hub through a
 * loopback proxy, so the test can hold one answer back and see "Queued".
 *
 * Till 1 opens a shift and a work order; till 2 finds the order after Sync
 * now; the hub stops, till 2 opens its own shift (two tills each with an open
 * shift: migration 0011) and sells; the hub comes back and till 2's queue
 * drains by itself; a price set with `pos-hub price set` reaches both; then
 * both tills and the hub hold the same content (store-content.ts).
 */

let browser: Browser;
let hub: StartedHub;
let server: HubProcess | null = null;
let proxy: HubProxy;
let port: number;
let fixture: string;
const dir = tempDir('pos-e2e-two-tills-');

beforeAll(async () => {
  await ensureBuilt('node', 'renderer');
  [browser, hub, fixture] = await Promise.all([launchBrowser(), startHub({ serve: false }), twoStoreFile(dir, 14)]);
  await seedHubFrom(hub, fixture, { [CAPS]: 'CAPS Automotive' });
  port = await freePort();
  server = await serveHub(hub, port);
  proxy = await startHubProxy(server.url);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await proxy?.close();
  await server?.stop();
  await hub?.stop();
});

interface Till {
  name: string;
  userData: string;
  file: string;
  app: E2eApp;
}

/** A till's userData folder with its copy of the store file, enrolled by a technician with a one-time code. */
async function enrolledTill(name: string, hubUrl: string): Promise<Omit<Till, 'app'>> {
  const userData = path.join(dir, name);
  fs.mkdirSync(userData);
  const file = copyDatabase(fixture, path.join(userData, 'pos.sqlite'));
  const io = captureIo();
  const code = await hub.enrollCode(CAPS, name);
  expect(await runCli(['sync', 'enroll', '--db', file, '--hub', hubUrl, '--code', code, '--name', name], io), io.stderr.join('\n')).toBe(0);
  return { name, userData, file };
}

/** Where the till's sync stands, read from its file as `pos-db sync status` reads it (the app keeps running). */
function syncState(till: Pick<Till, 'file'>): TenantSyncStatus {
  const db = openDatabase(till.file, { readonly: true });
  try {
    return tenantStatus(db, CAPS);
  } finally {
    db.close();
  }
}

/** Polls a condition (never a fixed sleep): resolves with the first value that passes, fails with the last one seen. */
async function until<T>(what: string, probe: () => T | Promise<T>, ok: (v: T) => boolean, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The till has nothing queued and has pulled since `since` (the hub answered a whole round). */
const inStepSince = (till: Pick<Till, 'file' | 'name'>, since: string) =>
  until(
    `${till.name} in step`,
    () => syncState(till),
    (s) => s.queued === 0 && s.lastError === null && (s.lastPullAt ?? '') > since,
  );

/** The header's sync indicator in this state (it asks the worker on every sync:state event and every 5 s). */
const header = (till: Till, state: string) => till.app.page.locator(`[data-testid="sync-state"][data-state="${state}"]`).waitFor({ timeout: 20_000 });

async function signIn(page: Page) {
  await page.getByRole('radio', { name: 'CAPS Automotive' }).check();
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('PIN').fill('1234');
  await page.getByRole('button', { name: 'Sign in to CAPS Automotive' }).click();
  await page.getByTestId('store-name').waitFor();
}

async function openShift(page: Page, float: string) {
  await page.getByRole('button', { name: 'Shift', exact: true }).click();
  await page.getByLabel('Opening float ($)').fill(float);
  await page.getByRole('button', { name: 'Open a shift' }).click();
  await page.getByTestId('shift-open').waitFor();
}

async function launch(till: Omit<Till, 'app'>): Promise<Till> {
  const app = await openApp(browser, { userData: till.userData });
  await signIn(app.page);
  return { ...till, app };
}

/** A `sync` channel called from the page as the Sync panel calls it (window.pos, the real IPC and worker, the session's store). */
async function syncCall<T>(till: Till, op: 'now' | 'panel' | 'resolve', input?: unknown): Promise<T> {
  const out = (await till.app.page.evaluate(
    ([name, arg]) => (window as unknown as { pos: { sync: Record<string, (input?: unknown) => Promise<unknown>> } }).pos.sync[name]!(arg),
    [op, input] as const,
  )) as Outcome<T>;
  if (!out.ok) throw new Error(`${till.name}: sync.${op} refused: ${out.error.message}`);
  return out.value;
}

/** Sync now, as the Sync panel's button does it. */
async function syncNow(till: Till): Promise<SyncNowResult> {
  const result = await syncCall<SyncNowResult>(till, 'now');
  expect(result.error, `${till.name}: Sync now`).toBeNull();
  return result;
}

/** A manager acknowledges every rejection and conflict the Sync panel lists (each choice is itself an operation that syncs). */
async function acknowledgeAll(till: Till): Promise<number> {
  let done = 0;
  for (;;) {
    const panel = await syncCall<SyncPanel>(till, 'panel');
    const items = [...panel.rejected, ...panel.conflicts];
    if (items.length === 0) return done;
    for (const item of items) await syncCall(till, 'resolve', { conflictId: item.id, choice: 'acknowledged' });
    done += items.length;
  }
}

const FIND_ORDER = 'Number, customer or plate';

describe('two tills of one store and the hub, end to end', () => {
  it('a work order reaches the other till; a till sells offline and catches up; a hub price reaches both; tills and hub agree', async () => {
    const started = new Date().toISOString();
    const t0 = Date.now();
    const step = (what: string) => console.log(`[two-tills] ${((Date.now() - t0) / 1000).toFixed(1)} s: ${what}`);
    const [t1, t2] = await Promise.all([enrolledTill('till-1', proxy.url), enrolledTill('till-2', server!.url)]);
    const till1 = await launch(t1);
    const till2 = await launch(t2);
    try {
      // At launch each till pushes the store file's queue (the second till's copies are duplicates to the hub) and pulls.
      await Promise.all([inStepSince(till1, started), inStepSince(till2, started)]);
      // The store file came with what its v1 till left unsettled (conflicts the hub of the time reported): the header says so.
      await Promise.all([header(till1, 'attention'), header(till2, 'attention')]);
      await expect(till1.app.page.getByTestId('sync-state').innerText()).resolves.toMatch(/^Needs attention \(\d+\)$/);
      await till1.app.screenshot('two-tills-0-needs-attention');
      step('attention');
      // A manager settles them on each till; the choices sync, and both tills are in step.
      for (const till of [till1, till2]) {
        expect(await acknowledgeAll(till)).toBeGreaterThan(0);
        await syncNow(till);
      }
      await Promise.all([header(till1, 'in_step'), header(till2, 'in_step')]);
      await till1.app.screenshot('two-tills-0-in-step');

      const db = openDatabase(fixture, { readonly: true });
      const customer = db
        .prepare(
          `SELECT c.phone, c.last_name FROM customers c WHERE c.tenant_id = ? AND c.phone IS NOT NULL
            AND (SELECT count(*) FROM customers d WHERE d.tenant_id = c.tenant_id AND d.phone = c.phone) = 1 ORDER BY c.phone LIMIT 1`,
        )
        .get(CAPS) as { phone: string; last_name: string };
      const [sold, priced] = db
        .prepare(
          `SELECT p.sku, p.price_cents, i.quantity_on_hand FROM products p JOIN inventory i ON i.product_id = p.id
            WHERE p.tenant_id = ? AND p.active = 1 AND i.quantity_on_hand > 5 AND p.price_cents BETWEEN 1000 AND 9000 ORDER BY p.sku LIMIT 2 OFFSET 3`,
        )
        .all(CAPS) as { sku: string; price_cents: number; quantity_on_hand: number }[];
      db.close();

      step('1');

      // 1. Till 1 opens its drawer and a work order. The hub's answer to the push is held back a moment: "Queued".
      const p1 = till1.app.page;
      await openShift(p1, '100.00');
      await until(
        'till 1 to push its shift',
        () => syncState(till1),
        (s) => s.queued === 0,
      );
      let release!: () => void;
      const answerHeld = new Promise<void>((resolve) => (release = resolve));
      proxy.onPushAnswered = () => answerHeld;
      await p1.getByRole('button', { name: 'Work orders', exact: true }).click();
      await p1.getByRole('button', { name: 'New work order' }).click();
      await p1.getByLabel('Customer (last name or phone)').fill(customer.phone.replace(/\D/g, ''));
      await p1.getByLabel('Customer (last name or phone)').press('Enter');
      await p1.getByRole('list', { name: 'Customers found' }).getByRole('button').first().click();
      await p1.getByLabel('What the customer reports').fill('Grinding noise from the front left wheel');
      await p1.getByRole('button', { name: 'Open work order' }).click();
      await p1.getByTestId('work-order').waitFor();
      const number = /WO-\d+/.exec(await p1.getByTestId('work-order').innerText())![0];
      // The background sync pushed it by itself; the hub has it, the till does not know yet.
      await until(
        'the work order on the hub',
        () => hub.queryAs<{ n: number }>(CAPS, `SELECT count(*)::int AS n FROM hub.work_orders WHERE row->>'number' = $1`, [number]),
        (r) => r[0]!.n === 1,
      );
      await header(till1, 'queued');
      await expect(p1.getByTestId('sync-state').innerText()).resolves.toMatch(/^Queued [1-9]\d*$/);
      await till1.app.screenshot('two-tills-1-queued');
      proxy.onPushAnswered = null;
      release();
      await header(till1, 'in_step');

      step('2');

      // 2. Till 2 syncs now and finds it, as a clerk would: by its number. It also holds till 1's open shift now.
      const pulled = await syncNow(till2);
      expect(pulled.pulled).toBeGreaterThan(0);
      expect(pulled.header.state).toBe('in_step');
      const p2 = till2.app.page;
      await p2.getByRole('button', { name: 'Work orders', exact: true }).click();
      await p2.getByLabel(FIND_ORDER).fill(number);
      await p2.getByLabel(FIND_ORDER).press('Enter');
      const found = p2.getByRole('table', { name: 'Work orders found' });
      await found.getByRole('button', { name: number }).waitFor();
      await expect(found.innerText()).resolves.toContain(customer.last_name);
      await till2.app.screenshot('two-tills-2-work-order-arrived');

      step('3');

      // 3. The hub stops. Till 2 opens its own drawer (till 1's is open too) and sells: the sale completes and waits in its queue.
      await server!.stop();
      server = null;
      await openShift(p2, '150.00');
      await p2.getByRole('button', { name: 'Sell', exact: true }).click();
      await p2.getByLabel('Scan or search').fill(sold!.sku);
      await p2.getByLabel('Scan or search').press('Enter');
      await p2.getByTestId('cart-line').waitFor();
      await p2.getByRole('radio', { name: 'Card (terminal)' }).check();
      await p2.getByRole('button', { name: 'Add payment' }).click();
      await p2.getByRole('button', { name: 'Complete sale' }).click();
      await p2.getByTestId('sale-message').waitFor();
      await expect(p2.getByTestId('sale-message').innerText()).resolves.toBe('Paid in full.');
      const receipt = /Sale (R\d{6}-[0-9A-Z]{6})/.exec(await p2.getByRole('heading', { level: 1 }).innerText())![1]!;
      const offline = await until(
        'till 2 to find the hub unreachable',
        () => syncState(till2),
        (s) => s.queued > 0 && s.lastError !== null,
      );
      expect(offline.lastError).toMatch(/could not be reached/);
      await header(till2, 'offline');
      await expect(p2.getByTestId('sync-state').innerText()).resolves.toMatch(/^Offline since \d/);
      await till2.app.screenshot('two-tills-3-offline-sale');

      step('4');

      // 4. The hub comes back on the same address: till 2 notices by itself (its health probe) and drains its queue.
      const back = new Date().toISOString();
      server = await serveHub(hub, port);
      await inStepSince(till2, back);
      await header(till2, 'in_step');
      const onHub = await hub.queryAs<{ n: number }>(CAPS, `SELECT count(*)::int AS n FROM hub.sales WHERE row->>'number' = $1`, [receipt]);
      expect(onHub[0]!.n).toBe(1);

      step('5');

      // 5. The administrator sets a price on the hub; both tills take it with Sync now.
      const newPrice = priced!.price_cents + 111;
      const set = hubCli(hub, ['price', 'set', '--tenant', CAPS, '--sku', priced!.sku, '--cents', String(newPrice)]);
      expect(set.status, set.stderr).toBe(0);
      for (const till of [till1, till2]) {
        await syncNow(till);
        const page = till.app.page;
        await page.getByRole('button', { name: 'Products', exact: true }).click();
        await page.getByLabel('SKU', { exact: true }).fill(priced!.sku);
        await page.getByLabel('SKU', { exact: true }).press('Enter');
        await page.getByTestId('product-card').waitFor();
        await expect.poll(() => page.getByTestId('product-price').innerText()).toBe(`$${(newPrice / 100).toFixed(2)}`);
      }
      await till1.app.screenshot('two-tills-4-hub-price-on-till-1');

      step('6');

      // 6. Both tills and the hub hold the same store.
      const [onHubNow, on1, on2] = [await hubContent(hub, CAPS), tillContent(till1.file, CAPS), tillContent(till2.file, CAPS)];
      expect(counts(on1)).toEqual(counts(on2));
      for (const table of Object.keys(on1)) expect(on2[table], `till 2 and till 1, ${table}`).toEqual(on1[table]);
      expect(disagreements(onHubNow, on1), 'the hub and till 1').toEqual([]);
      expect(disagreements(onHubNow, on2), 'the hub and till 2').toEqual([]);
      // What this test did is in it: the work order, both open shifts, the offline sale, its stock movement, the new price.
      expect(onHubNow.work_orders!.some((w) => w.number === number)).toBe(true);
      expect(onHubNow.shifts!.filter((s) => s.status === 'open')).toHaveLength(2);
      expect(onHubNow.sales!.some((s) => s.number === receipt)).toBe(true);
      expect(onHubNow.products!.find((p) => p.sku === priced!.sku)?.price_cents).toBe(newPrice);
      // Each open shift is its own till's drawer, on the hub and on both tills (the hub names the till that pushed it).
      const tillIdOf = (till: Till) => {
        const d = openDatabase(till.file, { readonly: true });
        try {
          const id = d.prepare(`SELECT id FROM sync_credentials WHERE tenant_id = ?`).pluck().get(CAPS) as string;
          const open = d.prepare(`SELECT id, till_id FROM shifts WHERE tenant_id = ? AND status = 'open' ORDER BY id`).all(CAPS) as {
            id: string;
            till_id: string;
          }[];
          return { id, open };
        } finally {
          d.close();
        }
      };
      const [own1, own2] = [tillIdOf(till1), tillIdOf(till2)];
      const openOnHub = await hub.queryAs<{ id: string; till_id: string }>(
        CAPS,
        `SELECT id, row->>'till_id' AS till_id FROM hub.shifts WHERE row->>'status' = 'open' ORDER BY id`,
      );
      expect(openOnHub.map((s) => s.till_id).sort()).toEqual([own1.id, own2.id].sort());
      expect(own1.open).toEqual(openOnHub);
      expect(own2.open).toEqual(openOnHub);
      for (const till of [till1, till2]) expect(till.app.problems).toEqual([]);
    } catch (err) {
      // What each till showed when it failed, for whoever reads the failure.
      await till1.app.screenshot('two-tills-failed-till-1').catch(() => {});
      await till2.app.screenshot('two-tills-failed-till-2').catch(() => {});
      throw err;
    } finally {
      proxy.onPushAnswered = null;
      await till1.app.close().catch(() => {});
      await till2.app.close().catch(() => {});
    }
  }, 120_000);
});
