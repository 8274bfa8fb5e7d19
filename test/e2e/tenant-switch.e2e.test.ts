import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/db/open';
import { tenantConfig } from '../../electron/tenancy/tenants';
import { copyDatabase } from '../helpers';
import { CAPS, NORTHSIDE, twoTenantDatabase } from '../tenancy/fixtures';
import { openApp, TILL } from './harness/app';
import { useE2eBrowser } from './harness/use-browser';

/**
 * White-label in the real renderer: one upgraded store database holding CAPS
 * Automotive and Northside Tires, whose SKUs overlap. Sign in to CAPS, find a
 * SKU; sign out, sign in to Northside: the same SKU is Northside's product,
 * under Northside's name, logo and colours.
 */

const e2e = useE2eBrowser('pos-e2e-tenant-');
const { dir } = e2e;
let fixture: string;
const SKU = 'BOS-010000';

beforeAll(async () => {
  fixture = await twoTenantDatabase(dir);
}, 180_000);

function userDataWithStore(name: string): string {
  const userData = path.join(dir, name);
  fs.mkdirSync(userData);
  copyDatabase(fixture, path.join(userData, 'pos.sqlite'));
  return userData;
}

function productName(tenant: string, sku: string): string {
  const db = openDatabase(fixture, { readonly: true });
  try {
    return (db.prepare(`SELECT name FROM products WHERE tenant_id = ? AND sku = ?`).get(tenant, sku) as { name: string }).name;
  } finally {
    db.close();
  }
}

const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;

async function signIn(page: Page, storeName: string) {
  await page.getByRole('radio', { name: storeName }).check();
  await page.getByRole('heading', { name: storeName, level: 1 }).waitFor();
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('PIN').fill('1234');
  await page.getByRole('button', { name: `Sign in to ${storeName}` }).click();
  await page.getByTestId('store-name').filter({ hasText: storeName }).waitFor();
}

async function findSku(page: Page, sku: string) {
  await page.getByRole('button', { name: 'Products', exact: true }).click();
  await page.getByLabel('SKU', { exact: true }).fill(sku);
  await page.getByLabel('SKU', { exact: true }).press('Enter');
  await page.getByTestId('product-card').waitFor();
}

const fitsTheTill = (page: Page) => page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]);

describe('tenant switching (white-label) in the POS', () => {
  it("signs in to CAPS and finds a SKU; switches to Northside, where the same SKU is Northside's product and branding", async () => {
    const capsName = productName(CAPS, SKU);
    const northName = productName(NORTHSIDE, SKU);
    expect(capsName).not.toBe(northName);
    const caps = tenantConfig(CAPS);
    const north = tenantConfig(NORTHSIDE);

    const app = await openApp(e2e.browser, { userData: userDataWithStore('switch') });
    try {
      const { page } = app;
      await page.getByRole('heading', { name: 'CAPS Automotive' }).waitFor();
      await expect(page.getByText('The store database is up to date and the till is ready.').isVisible()).resolves.toBe(true);
      await app.screenshot('pos-sign-in');

      await signIn(page, caps.name);
      await findSku(page, SKU);
      await expect(page.getByTestId('product-name').innerText()).resolves.toBe(capsName);
      await expect(page.getByTestId('product-sku').innerText()).resolves.toBe(SKU);
      await expect(page.getByTestId('store-logo').innerText()).resolves.toBe(caps.branding.logoText);
      await expect(page.locator('.pos-topbar').evaluate((e) => getComputedStyle(e).backgroundColor)).resolves.toBe(rgb(caps.branding.colors.primary));
      expect(await fitsTheTill(page)).toEqual([TILL.width, TILL.height]);
      await app.screenshot('pos-caps-product');

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { name: 'CAPS Automotive' }).waitFor();
      await signIn(page, north.name);
      await expect(page.locator('.pos-topbar').evaluate((e) => getComputedStyle(e).backgroundColor)).resolves.toBe(rgb(north.branding.colors.primary));
      await findSku(page, SKU);
      await expect(page.getByTestId('product-name').innerText()).resolves.toBe(northName);
      await expect(page.getByTestId('product-sku').innerText()).resolves.toBe(SKU);
      await expect(page.getByTestId('store-logo').innerText()).resolves.toBe(north.branding.logoText);
      await expect(page.locator('main').innerText()).resolves.not.toContain(capsName);
      expect(await fitsTheTill(page)).toEqual([TILL.width, TILL.height]);
      await app.screenshot('pos-northside-product');
      expect(app.problems).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('is keyboard operable, and shows each POS screen of the signed-in store only', async () => {
    const app = await openApp(e2e.browser, { userData: userDataWithStore('screens') });
    try {
      const { page } = app;
      await page.getByRole('heading', { name: 'CAPS Automotive' }).waitFor();
      // Keyboard only: Tab to the store choice, arrow to Northside, Tab to the fields, Enter signs in.
      await page.keyboard.press('Tab');
      await page.keyboard.press('ArrowRight');
      await page.getByRole('heading', { name: 'Northside Tires', level: 1 }).waitFor();
      await page.keyboard.press('Tab');
      await page.keyboard.type('admin');
      await page.keyboard.press('Tab');
      await page.keyboard.type('1234');
      await page.keyboard.press('Enter');
      await page.getByTestId('store-name').filter({ hasText: 'Northside Tires' }).waitFor();

      const db = openDatabase(fixture, { readonly: true });
      const customer = db
        .prepare(
          `SELECT last_name FROM customers WHERE tenant_id = ? AND EXISTS (SELECT 1 FROM customer_vehicles v WHERE v.customer_id = customers.id) LIMIT 1`,
        )
        .get(NORTHSIDE) as { last_name: string };
      const order = db
        .prepare(
          `SELECT number FROM work_orders w WHERE tenant_id = ? AND EXISTS (SELECT 1 FROM work_order_lines l WHERE l.work_order_id = w.id) ORDER BY opened_at DESC LIMIT 1`,
        )
        .get(NORTHSIDE) as { number: string };
      const card = db.prepare(`SELECT code, balance_cents FROM gift_cards WHERE tenant_id = ? AND status = 'active' LIMIT 1`).get(NORTHSIDE) as {
        code: string;
        balance_cents: number;
      };
      db.close();

      await page.getByRole('button', { name: 'Customers' }).click();
      await page.getByLabel('Last name or phone').fill(customer.last_name);
      await page.getByLabel('Last name or phone').press('Enter');
      await page.getByRole('list', { name: 'Customers found' }).getByRole('button').first().click();
      await page.getByTestId('customer-card').getByRole('list', { name: 'Vehicles' }).waitFor();
      await app.screenshot('pos-customer');

      await page.getByRole('button', { name: 'Work orders' }).click();
      await page.getByLabel('Number, customer or plate').fill(order.number);
      await page.getByLabel('Number, customer or plate').press('Enter');
      await page.getByRole('table', { name: 'Work orders found' }).getByRole('button', { name: order.number }).click();
      await page.getByTestId('work-order').waitFor();
      await expect(page.getByTestId('work-order').innerText()).resolves.toContain(order.number);
      await app.screenshot('pos-work-order');

      await page.getByRole('button', { name: 'Gift cards' }).click();
      await page.getByLabel('Card code').fill(card.code);
      await page.getByLabel('Card code').press('Enter');
      const balance = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(card.balance_cents / 100);
      await expect(page.getByTestId('gift-card-balance').innerText()).resolves.toBe(balance);
      await app.screenshot('pos-gift-card');
      expect(await fitsTheTill(page)).toEqual([TILL.width, TILL.height]);
      expect(app.problems).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
