import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/index';
import { openDatabase, type Db } from '../../electron/db/open';
import { DEMO_PIN } from '../../electron/tenancy/pin';
import { copyDatabase } from '../helpers';
import { startHub, type StartedHub } from '../hub/support/start-hub';
import { captureIo } from '../support/cli-io';
import { startHubProxy, type HubProxy } from '../sync/support/proxy';
import { CAPS, seedHubFrom, twoStoreFile } from '../sync/support/tills';
import { openApp } from './harness/app';
import { axeViolations } from './harness/axe';
import { useE2eBrowser } from './harness/use-browser';

/**
 * The Sync panel in the real renderer over the real main process and worker, with a real hub (embedded
 * PostgreSQL) behind a loopback proxy: a till enrolled with a month of sales queued, the hub holding one of
 * its gift cards at $0 (so the redemption a sale made is refused for real, naming the sale and the amount to
 * collect), and the contact conflicts v1 left in the store file. A manager reads the queue, syncs now, keeps
 * their version of a contact, acknowledges the money rejection (both queued as operations that sync),
 * syncs again and closes back to the sale with the cart intact. A cashier sees the state and no panel.
 */
const e2e = useE2eBrowser('pos-e2e-sync-panel-');
let hub: StartedHub;
let proxy: HubProxy;
let userData: string;
let file: string;
let manager: string;
let cashier: string;
let sku: string;
let money: { saleNumber: string; cardId: string };
/** Three contact conflicts of real customers: another till's edit won on the hub (the till's version kept as local_data). */
let contacts: { id: string; customerId: string; name: string; mine: { phone: string; email: string }; store: { phone: string | null; email: string | null } }[];

beforeAll(async () => {
  hub = await startHub();
  proxy = await startHubProxy(hub.url);
  const fixture = await twoStoreFile(e2e.dir, 31);
  await seedHubFrom(hub, fixture, { [CAPS]: 'CAPS Automotive' });
  userData = path.join(e2e.dir, 'till');
  fs.mkdirSync(userData);
  file = copyDatabase(fixture, path.join(userData, 'pos.sqlite'));
  expect(await runCli(['sync', 'enroll', '--db', file, '--hub', proxy.url, '--code', await hub.enrollCode(CAPS, 'Front counter')], captureIo())).toBe(0);

  const db = openDatabase(file);
  try {
    // The background sync keeps away until Sync now (a backoff far ahead): the queue stays to be looked at.
    db.prepare(
      `INSERT INTO sync_state (id, tenant_id, acked_seq, next_attempt_at) VALUES ('st-e2e', @t, 0, '2099-01-01T00:00:00.000Z')
       ON CONFLICT (tenant_id) DO UPDATE SET next_attempt_at = excluded.next_attempt_at`,
    ).run({ t: CAPS });
    const user = (role: string) =>
      db.prepare(`SELECT username FROM users WHERE tenant_id = ? AND role = ? AND active = 1 ORDER BY username LIMIT 1`).pluck().get(CAPS, role) as string;
    manager = user('manager');
    cashier = user('technician');
    // One technician works the counter as a cashier in this store.
    db.prepare(`UPDATE users SET role = 'cashier' WHERE tenant_id = ? AND username = ?`).run(CAPS, cashier);
    sku = db
      .prepare(
        `SELECT p.sku FROM products p JOIN inventory i ON i.product_id = p.id WHERE p.tenant_id = ? AND p.active = 1 AND i.quantity_on_hand > 5 ORDER BY p.sku LIMIT 1`,
      )
      .pluck()
      .get(CAPS) as string;
    // A gift card redemption a sale queued; the hub holds the card at $0 (spent at another till meanwhile).
    const op = db
      .prepare(
        `SELECT payload FROM pending_operations WHERE tenant_id = ? AND entity_type = 'gift_card_transaction' AND status <> 'done' AND payload LIKE '%"saleId":"%' ORDER BY seq LIMIT 1`,
      )
      .pluck()
      .get(CAPS) as string;
    const { giftCardId, saleId } = JSON.parse(op) as { giftCardId: string; saleId: string };
    money = { cardId: giftCardId, saleNumber: db.prepare(`SELECT number FROM sales WHERE id = ?`).pluck().get(saleId) as string };
    // The v1 demo's contact conflicts name customers the file no longer holds: set aside, as test/sync/overview.test.ts does.
    db.prepare(`UPDATE sync_conflicts SET resolved_at = '2026-12-01T00:00:00.000Z', resolution = 'remote' WHERE resolved_at IS NULL`).run();
    const customers = db
      .prepare(`SELECT id, trim(first_name || ' ' || last_name) AS name, phone, email FROM customers WHERE tenant_id = ? ORDER BY id LIMIT 3`)
      .all(CAPS) as { id: string; name: string; phone: string | null; email: string | null }[];
    contacts = customers.map((c, i) => ({
      id: `0e2e0000-0000-4000-8000-00000000000${i + 1}`,
      customerId: c.id,
      name: c.name,
      mine: { phone: `(555) 010-100${i}`, email: `counter${i}@example.com` },
      store: { phone: c.phone, email: c.email },
    }));
    for (const [i, c] of contacts.entries())
      db.prepare(
        `INSERT INTO sync_conflicts (id, tenant_id, sync_log_id, entity_type, entity_id, local_data, remote_data, resolution, detected_at, resolved_at, operation_id, code, reason)
         VALUES (@id, @t, NULL, 'customer', @customerId, @mine, @store, NULL, @at, NULL, NULL, NULL, NULL)`,
      ).run({ id: c.id, t: CAPS, customerId: c.customerId, mine: JSON.stringify(c.mine), store: JSON.stringify(c.store), at: `2026-12-02T1${i}:00:00.000Z` });
  } finally {
    db.close();
  }
  await hub.querySuper(`UPDATE hub.gift_cards SET balance_cents = 0 WHERE tenant_id = $1 AND id = $2`, [CAPS, money.cardId]);
}, 300_000);
afterAll(async () => {
  await proxy?.close();
  await hub?.stop();
});

/** What the hub has not acknowledged yet, as the header counts it. */
const queuedInDb = (db: Db) =>
  db
    .prepare(
      `SELECT count(*) FROM pending_operations WHERE tenant_id = @t AND status <> 'done' AND seq > (SELECT coalesce(max(acked_seq), 0) FROM sync_state WHERE tenant_id = @t)`,
    )
    .pluck()
    .get({ t: CAPS }) as number;

async function signIn(page: Page, username: string) {
  await page.getByRole('radio', { name: 'CAPS Automotive' }).check();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('PIN').fill(DEMO_PIN);
  await page.getByRole('button', { name: 'Sign in to CAPS Automotive' }).click();
  await page.getByTestId('store-name').waitFor();
}

async function expectAccessible(page: Page, screen: string) {
  const violations = await axeViolations(page);
  expect(violations, `${screen}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
}

/** The store name is shown whole (or, at worst, cut with an ellipsis and the full name as its title), never squeezed away. */
const storeNameFits = (page: Page) =>
  page.getByTestId('store-name').evaluate((el) => ({ width: el.clientWidth, whole: el.scrollWidth <= el.clientWidth, title: el.getAttribute('title') }));

describe('the Sync panel', () => {
  it('lists the queue and what needs attention, syncs now against the hub, queues each choice, and closes back to the sale', async () => {
    const app = await openApp(e2e.browser, { userData });
    const db = openDatabase(file);
    const { page } = app;
    const panel = page.getByTestId('sync-panel');
    const items = (kind: 'rejection' | 'conflict') => panel.locator(`[data-testid="sync-item"][data-kind="${kind}"]`);
    try {
      await signIn(page, manager);
      await page.getByLabel('Scan or search').fill(sku);
      await page.keyboard.press('Enter');
      await page.getByTestId('cart-line').first().waitFor();

      // The v1 contact conflicts of the store file need attention: the header says so, the name stays readable.
      const indicator = page.getByRole('button', { name: /^Needs attention \(\d+\)$/ });
      await indicator.waitFor({ timeout: 12_000 });
      await app.screenshot('sync-panel-topbar-attention');
      const name = await storeNameFits(page);
      expect(name.whole, JSON.stringify(name)).toBe(true);
      expect(name.title).toBe('CAPS Automotive');

      await indicator.click();
      await page.getByRole('heading', { name: 'Sync', exact: true }).waitFor();
      const queued = queuedInDb(db);
      expect(queued).toBeGreaterThan(50);
      await expect.poll(() => panel.getByTestId('sync-queued').count()).toBe(50);
      expect(await panel.getByRole('heading', { name: `Queued (${queued})` }).count()).toBe(1);
      expect(await panel.innerText()).toContain(`and ${queued - 50} more operations`);
      const words = await panel.getByTestId('sync-queued').allInnerTexts();
      // In words, never a table and an operation.
      for (const w of words) expect(w).not.toMatch(/^[a-z_]+ (insert|update|delete)\b/);
      expect(words.some((w) => /^Gift card GC-\S+ redeemed for \$\d+\.\d\d/.test(w))).toBe(true);
      expect(await page.getByTestId('sync-last-push').innerText()).toBe('Never');
      expect(await items('conflict').count()).toBe(3);
      const conflict = (i: number) => panel.locator(`[data-testid="sync-item"][data-id="${contacts[i]!.id}"]`);
      const first = await conflict(0).innerText();
      expect(first).toContain(`Contact of ${contacts[0]!.name}`);
      expect(first).toContain(`Another till changed ${contacts[0]!.name}'s phone or email at the same time`);
      expect(first).toContain(`phone ${contacts[0]!.mine.phone}, email ${contacts[0]!.mine.email}`);
      expect(await conflict(0).getByRole('button').allInnerTexts()).toEqual(['Acknowledge', 'Keep mine', "Keep the store's"]);
      expect(await items('rejection').count()).toBe(0);
      expect(await page.getByTestId('sync-state').innerText()).toBe('Needs attention (3)');
      await app.screenshot('sync-panel-queued');
      await expectAccessible(page, 'the Sync panel with a queue');

      // Sync now, held on the wire until the busy state has been seen.
      let open!: () => void;
      const gate = new Promise<void>((resolve) => (open = resolve));
      proxy.beforeForward = (url) => (url === '/v1/push' ? gate : Promise.resolve());
      await panel.getByRole('button', { name: 'Sync now' }).click();
      const busy = panel.locator('[data-testid="sync-now"][aria-busy="true"]');
      await busy.waitFor();
      expect(await busy.innerText()).toBe('Syncing…');
      expect(await busy.isDisabled()).toBe(true);
      await app.screenshot('sync-panel-syncing');
      open();
      await panel
        .getByTestId('sync-now-result')
        .filter({ hasText: /^Sent \d/ })
        .waitFor({ timeout: 60_000 });
      proxy.beforeForward = null;
      // Away again until the next Sync now, so each choice below is seen queued (the worker nudges it after every call).
      db.prepare(`UPDATE sync_state SET next_attempt_at = '2099-01-01T00:00:00.000Z' WHERE tenant_id = ?`).run(CAPS);
      const result = await panel.getByTestId('sync-now-result').innerText();
      expect(result).toMatch(
        /^Sent [\d,]+ operations to the store server; received [\d,]+ changes?\. The store server refused \d+ operations?: see Needs attention\.$/,
      );
      expect(queuedInDb(db)).toBe(0);
      expect(await panel.getByRole('heading', { name: 'Queued (0)' }).count()).toBe(1);
      expect(await page.getByTestId('sync-last-push').innerText()).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(just now\)$/);
      expect(await page.getByTestId('sync-last-pull').innerText()).toMatch(/\(just now\)$/);

      // The money rejection, in a clerk's words: the sale and the amount to collect; the hub's sentence smaller beside it.
      const rejection = items('rejection')
        .filter({ hasText: `on sale ${money.saleNumber}` })
        .first();
      await rejection.waitFor();
      const reason = await rejection.getByTestId('sync-reason').innerText();
      expect(reason).toMatch(new RegExp(`Collect \\$\\d+\\.\\d\\d from the customer on sale ${money.saleNumber}\\.`));
      expect(reason).toContain('(it had $0.00 left)');
      expect(await rejection.getByTestId('sync-hub-reason').innerText()).toMatch(/^Store server: .+ \(insufficient_balance\)$/);
      expect(await rejection.getByRole('button').allInnerTexts()).toEqual(['Acknowledge']);
      await app.screenshot('sync-panel-attention');
      await expectAccessible(page, 'the Sync panel with a rejection');

      // Keep mine on a contact conflict: the conflict closes, this till's version is back and queued with the choice.
      await conflict(0).getByRole('button', { name: 'Keep mine' }).click();
      await conflict(0).waitFor({ state: 'detached' });
      await expect
        .poll(() => panel.getByTestId('sync-queued').allInnerTexts())
        .toEqual([
          expect.stringMatching(new RegExp(`^Customer's phone or email changed for ${contacts[0]!.name}\\n`)),
          expect.stringMatching(/^Sync conflict resolved \(this till's version kept\)\n/),
        ]);
      const contactOf = (i: number) => db.prepare(`SELECT phone, email FROM customers WHERE id = ?`).get(contacts[i]!.customerId);
      expect(contactOf(0)).toEqual(contacts[0]!.mine);
      const choiceOp = db
        .prepare(`SELECT status, payload FROM pending_operations WHERE tenant_id = ? AND entity_type = 'sync_conflict' AND entity_id = ?`)
        .get(CAPS, contacts[0]!.id) as { status: string; payload: string };
      expect(choiceOp.status).toBe('pending');
      expect(JSON.parse(choiceOp.payload)).toMatchObject({ conflictId: contacts[0]!.id, choice: 'keep_mine' });
      // Keep the store's on the second: the hub's version here, only the choice to send.
      await conflict(1).getByRole('button', { name: "Keep the store's" }).click();
      await conflict(1).waitFor({ state: 'detached' });
      expect(contactOf(1)).toEqual(contacts[1]!.store);
      // Acknowledge the rejection: the store collects the money; the choice is queued too.
      const rejectionId = (await rejection.getAttribute('data-id'))!;
      await rejection.getByRole('button', { name: 'Acknowledge' }).click();
      await panel.locator(`[data-testid="sync-item"][data-id="${rejectionId}"]`).waitFor({ state: 'detached' });
      await expect.poll(() => panel.getByTestId('sync-queued').count()).toBe(4);
      expect(await panel.getByRole('heading', { name: 'Queued (4)' }).count()).toBe(1);
      expect((await panel.getByTestId('sync-queued').allInnerTexts()).slice(2)).toEqual([
        expect.stringMatching(/^Sync conflict resolved \(the store's version kept\)\n/),
        expect.stringMatching(/^Sync conflict resolved \(acknowledged\)\n/),
      ]);
      await app.screenshot('sync-panel-resolved');

      // A conflict another till (or the technician) closed meanwhile: the refusal in staff words, nothing changed.
      db.prepare(`UPDATE sync_conflicts SET resolved_at = ?, resolution = 'remote' WHERE id = ?`).run(new Date().toISOString(), contacts[2]!.id);
      await conflict(2).getByRole('button', { name: 'Acknowledge' }).click();
      const alert = panel.getByRole('alert');
      await alert.waitFor();
      expect(await alert.innerText()).toBe(
        'This conflict is no longer open: it was resolved, or is not one of this store. Refresh the Sync panel and choose again.',
      );
      expect(queuedInDb(db)).toBe(4);
      await app.screenshot('sync-panel-refused');

      // Sync now again: the choices reach the hub, which records them.
      await panel.getByRole('button', { name: 'Sync now' }).click();
      await panel
        .getByTestId('sync-now-result')
        .filter({ hasText: /^Sent 4 operations to the store server/ })
        .waitFor({ timeout: 60_000 });
      expect(queuedInDb(db)).toBe(0);
      expect(await panel.getByRole('alert').count()).toBe(0);
      const recorded = await hub.queryAs<{ entity_id: string; kind: string }>(
        CAPS,
        `SELECT entity_id, kind FROM hub.sync_conflicts WHERE entity_type = 'sync_conflict' ORDER BY kind`,
      );
      expect(recorded).toEqual([
        { entity_id: rejectionId, kind: 'resolved_acknowledged' },
        { entity_id: contacts[0]!.id, kind: 'resolved_keep_mine' },
        { entity_id: contacts[1]!.id, kind: 'resolved_keep_store' },
      ]);
      // This till's version of the first contact reached the store.
      const [onHub] = await hub.queryAs<{ phone: string; email: string }>(
        CAPS,
        `SELECT row->>'phone' AS phone, row->>'email' AS email FROM hub.customers WHERE id = $1`,
        [contacts[0]!.customerId],
      );
      expect(onHub).toEqual(contacts[0]!.mine);
      await app.screenshot('sync-panel-synced');

      // Close: back to the sale, the cart as it was, the scan field ready.
      await panel.getByRole('button', { name: 'Close' }).click();
      await panel.waitFor({ state: 'detached' });
      expect(await page.getByTestId('cart-line').count()).toBe(1);
      await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('scan');
      expect(app.problems).toEqual([]);
    } finally {
      proxy.beforeForward = null;
      db.close();
      await app.close();
    }
  }, 240_000);

  it('gives a cashier the state in the header and no panel; the worker refuses the panel to the page', async () => {
    const app = await openApp(e2e.browser, { userData });
    const { page } = app;
    try {
      await signIn(page, cashier);
      const state = page.getByTestId('sync-state');
      await state.waitFor({ timeout: 12_000 });
      expect(await state.evaluate((el) => el.tagName)).toBe('SPAN');
      expect(await state.getAttribute('role')).toBe('status');
      expect(await state.innerText()).toMatch(/^(Needs attention \(\d+\)|In step|Queued \d+)$/);
      await state.click();
      expect(await page.getByTestId('sync-panel').count()).toBe(0);
      const refused = await page.evaluate(async () => {
        const o = await (
          window as unknown as { pos: { sync: { panel(): Promise<{ ok: boolean; error?: { code: string; message: string } }> } } }
        ).pos.sync.panel();
        return o.ok ? null : o.error;
      });
      expect(refused).toMatchObject({ code: 'PERMISSION_DENIED' });
      expect(refused!.message).toMatch(/^A cashier may not open the Sync panel/);
      await app.screenshot('sync-panel-cashier-header');
      expect(app.problems).toEqual([]);
    } finally {
      await app.close();
    }
  }, 120_000);
});
