import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/index';
import { openDatabase } from '../../electron/db/open';
import { tenantStatus, type TenantSyncStatus } from '../../electron/sync';
import { freePort } from '../../hub/db/embedded';
import { ensureBuilt } from '../app/support/build';
import { copyDatabase, tempDir } from '../helpers';
import { startHub, type StartedHub } from '../hub/support/start-hub';
import { captureIo } from '../support/cli-io';
import { CAPS, seedHubFrom, twoStoreFile } from '../sync/support/tills';
import { launchBrowser, openApp, type E2eApp } from './harness/app';
import { hubCli, serveHub, type HubProcess } from './harness/hub-process';
import { counts, hubContent, tillContent } from './harness/store-content';

/**
 * Two tills of CAPS Automotive, each the whole app (the real main process,
 * IPC and database worker on its own userData folder, the built renderer in
 * Chromium), and the hub as it ships (`pos-hub serve` in its own process) on
 * a real PostgreSQL. Both tills start from copies of one store file the hub
 * imported, enrolled with `pos-db sync enroll`; from then on nothing but the
 * tills' own background sync moves data. A work order opened on till 1 reaches
 * till 2; the hub stops, till 2 sells offline, the hub comes back and till 2's
 * queue drains by itself; a price set with `pos-hub price set` reaches both;
 * then both tills and the hub hold the same content (store-content.ts).
 */

let browser: Browser;
let hub: StartedHub;
let server: HubProcess | null = null;
let port: number;
let fixture: string;
const dir = tempDir('pos-e2e-two-tills-');

beforeAll(async () => {
  await ensureBuilt('node', 'renderer');
  [browser, hub, fixture] = await Promise.all([launchBrowser(), startHub({ serve: false }), twoStoreFile(dir, 14)]);
  await seedHubFrom(hub, fixture, { [CAPS]: 'CAPS Automotive' });
  port = await freePort();
  server = await serveHub(hub, port);
}, 180_000);
afterAll(async () => {
  await browser?.close();
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
async function enrolledTill(name: string): Promise<Omit<Till, 'app'>> {
  const userData = path.join(dir, name);
  fs.mkdirSync(userData);
  const file = copyDatabase(fixture, path.join(userData, 'pos.sqlite'));
  const io = captureIo();
  const code = await hub.enrollCode(CAPS, name);
  expect(await runCli(['sync', 'enroll', '--db', file, '--hub', `http://127.0.0.1:${port}`, '--code', code, '--name', name], io), io.stderr.join('\n')).toBe(0);
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
  until(`${till.name} in step`, () => syncState(till), (s) => s.queued === 0 && s.lastError === null && (s.lastPullAt ?? '') > since);

async function signIn(page: Page) {
  await page.getByRole('radio', { name: 'CAPS Automotive' }).check();
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('PIN').fill('1234');
  await page.getByRole('button', { name: 'Sign in to CAPS Automotive' }).click();
  await page.getByTestId('store-name').waitFor();
}

async function openShift(page: Page) {
  await page.getByRole('button', { name: 'Shift', exact: true }).click();
  await page.getByLabel('Opening float ($)').fill('100.00');
  await page.getByRole('button', { name: 'Open a shift' }).click();
  await page.getByTestId('shift-open').waitFor();
}

async function launch(till: Omit<Till, 'app'>): Promise<Till> {
  const app = await openApp(browser, { userData: till.userData });
  await signIn(app.page);
  return { ...till, app };
}

/**
 * Makes the till sync now. Until the Sync panel's "Sync now" is on main, the
 * till is restarted: the background sync's first round at launch pushes and pulls.
 */
async function syncNow(till: Till): Promise<Till> {
  const since = new Date().toISOString();
  await till.app.close();
  const again = await launch(till);
  await inStepSince(again, since);
  return again;
}

const FIND_ORDER = 'Number, customer or plate';

describe('two tills of one store and the hub, end to end', () => {
  it('a work order reaches the other till; a till sells offline and catches up; a hub price reaches both; tills and hub agree', async () => {
    const started = new Date().toISOString();
    const [t1, t2] = await Promise.all([enrolledTill('till-1'), enrolledTill('till-2')]);
    let till1 = await launch(t1);
    let till2 = await launch(t2);
    try {
      // At launch each till pushes the store file's queue (the second till's copies are duplicates to the hub) and pulls.
      await Promise.all([inStepSince(till1, started), inStepSince(till2, started)]);

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

      // 1. Till 1 opens a work order.
      const p1 = till1.app.page;
      await p1.getByRole('button', { name: 'Work orders', exact: true }).click();
      await p1.getByRole('button', { name: 'New work order' }).click();
      await p1.getByLabel('Customer (last name or phone)').fill(customer.phone.replace(/\D/g, ''));
      await p1.getByLabel('Customer (last name or phone)').press('Enter');
      await p1.getByRole('list', { name: 'Customers found' }).getByRole('button').first().click();
      await p1.getByLabel('What the customer reports').fill('Grinding noise from the front left wheel');
      await p1.getByRole('button', { name: 'Open work order' }).click();
      await p1.getByTestId('work-order').waitFor();
      const number = /WO-\d+/.exec(await p1.getByTestId('work-order').innerText())![0];
      await till1.app.screenshot('two-tills-1-work-order-opened');
      // Till 1's background sync pushes it by itself.
      await until(
        'the work order on the hub',
        () => hub.queryAs<{ n: number }>(CAPS, `SELECT count(*)::int AS n FROM hub.work_orders WHERE row->>'number' = $1`, [number]),
        (r) => r[0]!.n === 1,
      );

      // 2. Till 2 syncs and finds it, as a clerk would: by its number.
      till2 = await syncNow(till2);
      const p2 = till2.app.page;
      await p2.getByRole('button', { name: 'Work orders', exact: true }).click();
      await p2.getByLabel(FIND_ORDER).fill(number);
      await p2.getByLabel(FIND_ORDER).press('Enter');
      const found = p2.getByRole('table', { name: 'Work orders found' });
      await found.getByRole('button', { name: number }).waitFor();
      await expect(found.innerText()).resolves.toContain(customer.last_name);
      await till2.app.screenshot('two-tills-2-work-order-arrived');

      // 3. The hub stops; till 2 sells offline: the sale completes and waits in its queue.
      await server!.stop();
      server = null;
      await openShift(p2);
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
      await till2.app.screenshot('two-tills-3-offline-sale');
      const offline = await until(
        'till 2 to find the hub unreachable',
        () => syncState(till2),
        (s) => s.queued > 0 && s.lastError !== null,
      );
      expect(offline.lastError).toMatch(/could not be reached/);

      // 4. The hub comes back on the same address: till 2 notices by itself (its health probe) and drains its queue.
      const back = new Date().toISOString();
      server = await serveHub(hub, port);
      await inStepSince(till2, back);
      const onHub = await hub.queryAs<{ n: number }>(CAPS, `SELECT count(*)::int AS n FROM hub.sales WHERE row->>'number' = $1`, [receipt]);
      expect(onHub[0]!.n).toBe(1);

      // 5. The administrator sets a price on the hub; both tills take it.
      const newPrice = priced!.price_cents + 111;
      const set = hubCli(hub, ['price', 'set', '--tenant', CAPS, '--sku', priced!.sku, '--cents', String(newPrice)]);
      expect(set.status, set.stderr).toBe(0);
      till1 = await syncNow(till1);
      till2 = await syncNow(till2);
      for (const till of [till1, till2]) {
        const page = till.app.page;
        await page.getByRole('button', { name: 'Products', exact: true }).click();
        await page.getByLabel('SKU', { exact: true }).fill(priced!.sku);
        await page.getByLabel('SKU', { exact: true }).press('Enter');
        await page.getByTestId('product-card').waitFor();
        await expect.poll(() => page.getByTestId('product-price').innerText()).toBe(`$${(newPrice / 100).toFixed(2)}`);
      }
      await till1.app.screenshot('two-tills-4-hub-price-on-till-1');

      // 6. Both tills and the hub hold the same store.
      const [onHubNow, on1, on2] = [await hubContent(hub, CAPS), tillContent(till1.file, CAPS), tillContent(till2.file, CAPS)];
      expect(counts(on1)).toEqual(counts(onHubNow));
      expect(counts(on2)).toEqual(counts(onHubNow));
      for (const table of Object.keys(onHubNow)) {
        expect(on1[table], `till 1, ${table}`).toEqual(onHubNow[table]);
        expect(on2[table], `till 2, ${table}`).toEqual(onHubNow[table]);
      }
      // What this test did is in it: the work order, the offline sale, its stock movement, the new price.
      expect(onHubNow.work_orders!.some((w) => w.number === number)).toBe(true);
      expect(onHubNow.sales!.some((s) => s.number === receipt)).toBe(true);
      expect(onHubNow.products!.find((p) => p.sku === priced!.sku)?.price_cents).toBe(newPrice);
      for (const till of [till1, till2]) expect(till.app.problems).toEqual([]);
    } finally {
      await till1.app.close().catch(() => {});
      await till2.app.close().catch(() => {});
    }
  }, 120_000);
});
