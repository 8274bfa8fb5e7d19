import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tableContentHash } from '../../electron/db/content-hash';
import { openDatabase } from '../../electron/db/open';
import { copyDatabase } from '../helpers';
import { CAPS, twoTenantDatabase } from '../tenancy/fixtures';
import { openApp } from './harness/app';
import { useE2eBrowser } from './harness/use-browser';

/**
 * Money the hub owns, at the counter: CAPS is enrolled with a hub that cannot
 * be reached (nothing listens on its port) and takes no gift card money offline,
 * so a sale paid partly by gift card is refused at the payment step with the
 * clerk's message, the payments stay as taken, and nothing is sold.
 */
const SALE_TABLES = ['sales', 'sale_lines', 'sale_payments', 'gift_cards', 'gift_card_transactions', 'inventory', 'inventory_transactions', 'audit_log'];
const e2e = useE2eBrowser('pos-e2e-money-');
const { dir } = e2e;
let fixture: string;

beforeAll(async () => {
  fixture = await twoTenantDatabase(dir);
}, 180_000);

describe('a gift card the hub cannot confirm', () => {
  it('is refused at the payment step, in words the clerk can act on, and nothing is sold', async () => {
    const userData = path.join(dir, 'money');
    fs.mkdirSync(userData);
    const file = copyDatabase(fixture, path.join(userData, 'pos.sqlite'));
    const db = openDatabase(file);
    db.prepare(
      `INSERT INTO sync_credentials (id, tenant_id, hub_url, hub_id, till_name, token, seq_base, enrolled_at)
       VALUES ('cred-e2e', ?, 'http://127.0.0.1:9', 'hub-1', 'Front counter', 'caps-automotive.x', 0, '2026-12-03T08:00:00.000Z')`,
    ).run(CAPS);
    // A backoff far ahead keeps the background sync from touching the file: only the hold request meets the dead hub.
    db.prepare(`INSERT INTO sync_state (id, tenant_id, next_attempt_at) VALUES ('st-e2e', ?, '2099-01-01T00:00:00.000Z')`).run(CAPS);
    const product = db
      .prepare(
        `SELECT p.barcode FROM products p JOIN inventory i ON i.product_id = p.id
         WHERE p.tenant_id = ? AND p.active = 1 AND p.barcode IS NOT NULL AND i.quantity_on_hand > 5 AND p.price_cents BETWEEN 2000 AND 9000
         ORDER BY p.sku LIMIT 1 OFFSET 5`,
      )
      .get(CAPS) as { barcode: string };
    const card = db
      .prepare(`SELECT code FROM gift_cards WHERE tenant_id = ? AND status = 'active' AND expires_at IS NULL AND balance_cents >= 1500 ORDER BY code LIMIT 1`)
      .get(CAPS) as { code: string };
    const app = await openApp(e2e.browser, { userData });
    const { page } = app;
    try {
      await page.getByRole('radio', { name: 'CAPS Automotive' }).check();
      await page.getByLabel('Username').fill('admin');
      await page.getByLabel('PIN').fill('1234');
      await page.getByRole('button', { name: 'Sign in to CAPS Automotive' }).click();
      await page.getByTestId('store-name').waitFor();
      await page.getByRole('button', { name: 'Shift', exact: true }).click();
      await page.getByLabel('Opening float ($)').fill('150.00');
      await page.getByRole('button', { name: 'Open a shift' }).click();
      await page.getByTestId('shift-open').waitFor();
      await page.getByRole('button', { name: 'Sell', exact: true }).click();
      await page.getByLabel('Scan or search').waitFor();
      await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name === 'scan')).toBe(true);
      await page.keyboard.type(product.barcode, { delay: 5 });
      await page.keyboard.press('Enter');
      await page.getByTestId('cart-line').first().waitFor();
      const total = Math.round(Number((await page.getByTestId('total').innerText()).replace(/[$,]/g, '')) * 100);

      await page.getByRole('radio', { name: 'Gift card' }).check();
      await page.getByLabel('Gift card code').fill(card.code);
      await page.getByLabel('Amount ($)').fill('10.00');
      await page.getByRole('button', { name: 'Add payment' }).click();
      await page.getByRole('radio', { name: 'Cash' }).check();
      await page.getByLabel('Amount ($)').fill(((total - 1000) / 100).toFixed(2));
      await page.getByRole('button', { name: 'Add payment' }).click();
      // The sale's tables (the background sync may note its own attempts in sync_state meanwhile).
      const sold = () => SALE_TABLES.map((t) => tableContentHash(db, t));
      const before = sold();
      await page.getByRole('button', { name: 'Complete sale' }).click();

      const payment = page.getByRole('region', { name: 'Payment' });
      const alert = payment.getByRole('alert');
      await alert.waitFor({ timeout: 15_000 });
      await expect(alert.innerText()).resolves.toBe(
        `The store server cannot be reached to confirm $10.00 from gift card ${card.code}. Take another form of payment (cash or card).`,
      );
      // The payments are still there to change, and nothing was sold.
      await expect(payment.getByRole('list', { name: 'Payments taken' }).getByRole('listitem').count()).resolves.toBe(2);
      expect(sold()).toEqual(before);
      await app.screenshot('sell-money-hub-unreachable');
    } finally {
      db.close();
      await app.close();
    }
  }, 120_000);
});
