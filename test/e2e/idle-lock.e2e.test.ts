import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/db/open';
import { copyDatabase } from '../helpers';
import { CAPS, twoTenantDatabase } from '../tenancy/fixtures';
import { axeViolations } from './harness/axe';
import { openApp, type E2eApp } from './harness/app';
import { useE2eBrowser } from './harness/use-browser';

/**
 * The idle lock and the PIN lock-out in the real renderer, over the real
 * main-process handlers and the real worker, whose clock the test moves
 * (harness/clocked-worker.ts): past the store's 15 minutes a scan is refused
 * by the worker, the lock screen covers the kept cart, the right PIN unlocks
 * and the scan goes through. Then a cashier locked out after 5 wrong PINs:
 * the sign-in answer says to ask a manager, and the manager unlocks.
 */
const e2e = useE2eBrowser('pos-e2e-lock-');
const { dir } = e2e;
let fixture: string;

beforeAll(async () => {
  fixture = await twoTenantDatabase(dir);
}, 180_000);

function userDataWithStore(name: string): string {
  const userData = path.join(dir, name);
  fs.mkdirSync(userData);
  copyDatabase(fixture, path.join(userData, 'pos.sqlite'));
  return userData;
}

function facts() {
  const db = openDatabase(fixture, { readonly: true });
  try {
    const skus = db.prepare(`SELECT sku FROM products WHERE tenant_id = ? AND active = 1 ORDER BY sku LIMIT 2`).pluck().all(CAPS) as string[];
    const cashier = db
      .prepare(`SELECT username FROM users WHERE tenant_id = ? AND role = 'cashier' AND active = 1 ORDER BY username LIMIT 1`)
      .pluck()
      .get(CAPS) as string;
    return { skus, cashier };
  } finally {
    db.close();
  }
}

const MIN = 60_000;

async function expectAccessible(app: E2eApp, screen: string) {
  const violations = await axeViolations(app.page);
  expect(violations, `${screen}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
}

async function signIn(page: Page, username: string, pin: string) {
  await page.getByLabel('Username', { exact: true }).fill(username);
  await page.getByLabel('PIN', { exact: true }).fill(pin);
  await page.getByRole('button', { name: 'Sign in to CAPS Automotive' }).click();
}

async function scan(page: Page, text: string) {
  await page.getByLabel('Scan or search').fill(text);
  await page.getByLabel('Scan or search').press('Enter');
}

describe('idle lock and lock-out in the till', () => {
  it('locks after the idle time with the cart kept; the PIN unlocks and the refused scan goes through', async () => {
    const { skus } = facts();
    const skew = new Float64Array(new SharedArrayBuffer(8));
    const app = await openApp(e2e.browser, { userData: userDataWithStore('idle'), workerClockSkew: skew });
    try {
      const { page } = app;
      await page.getByRole('heading', { name: 'CAPS Automotive' }).waitFor();
      // A demo store: the hint with the demo PIN.
      await expect(page.getByTestId('demo-hint').innerText()).resolves.toBe('Demo store: username admin, PIN 1234.');
      await signIn(page, 'admin', '1234');
      await page.getByTestId('store-name').waitFor();
      await page.getByRole('button', { name: 'Shift', exact: true }).click();
      await page.getByLabel('Opening float ($)').fill('150.00');
      await page.getByRole('button', { name: 'Open a shift' }).click();
      await page.getByTestId('shift-badge').filter({ hasText: 'Shift open' }).waitFor();
      await page.getByRole('button', { name: 'Sell', exact: true }).click();
      await scan(page, skus[0]!);
      await expect.poll(() => page.getByTestId('cart-line').count()).toBe(1);

      // 16 minutes later by the worker's clock: the next scan is refused there, and the lock screen shows.
      // (Typed first and sent right after the clock moves, so the scan, not the header's poll, meets the lock.)
      await page.getByLabel('Scan or search').fill(skus[1]!);
      skew[0] = 16 * MIN;
      await page.getByLabel('Scan or search').press('Enter');
      const lock = page.getByTestId('lock-screen');
      await lock.waitFor();
      expect(await lock.getByRole('alert').count()).toBe(0);
      await expect(page.getByTestId('lock-user').innerText()).resolves.toBe((await lockUserName(page)) ?? '');
      expect(await lock.innerText()).toMatch(/The till is locked[\s\S]*It locked after 15 min without use; the sale in progress is kept/);
      await app.screenshot('lock-screen');
      await expectAccessible(app, 'lock screen');

      // A wrong PIN on the pad: the one answer, the screen stays.
      for (const d of '9999') await lock.getByRole('button', { name: d, exact: true }).click();
      await lock.getByRole('button', { name: 'Unlock' }).click();
      await lock.getByRole('alert').waitFor();
      expect(await page.getByTestId('cart-line').count()).toBe(1); // the scan still waits
      expect(await lock.getByRole('alert').innerText()).toContain('Wrong username or PIN, or the username is locked after 5 wrong PINs');
      await app.screenshot('lock-screen-wrong-pin');

      // The right PIN: unlocked, the cart as it was plus the scan that waited.
      await lock.getByRole('textbox', { name: /PIN$/ }).fill('1234');
      await lock.getByRole('button', { name: 'Unlock' }).click();
      await lock.waitFor({ state: 'detached' });
      await expect.poll(() => page.getByTestId('cart-line').count()).toBe(2);
      // The resent scan's line shows a placeholder until its lookup answers: wait for both SKUs on screen.
      const cartText = () => page.getByRole('table', { name: 'Items' }).innerText();
      for (const sku of skus) await expect.poll(cartText).toContain(sku);
      await app.screenshot('lock-screen-unlocked-cart');
      expect(app.problems).toEqual([]);
    } finally {
      await app.close();
    }
  }, 120_000);

  it("a cashier locked after 5 wrong PINs gets the one answer that says to ask a manager; the manager's Locked PINs tab unlocks", async () => {
    const { cashier } = facts();
    const skew = new Float64Array(new SharedArrayBuffer(8));
    const app = await openApp(e2e.browser, { userData: userDataWithStore('lockout'), workerClockSkew: skew });
    try {
      const { page } = app;
      await page.getByRole('heading', { name: 'CAPS Automotive' }).waitFor();
      for (let i = 0; i < 5; i++) {
        await signIn(page, cashier, '999999');
        await page.getByRole('alert').waitFor();
        skew[0] = skew[0]! + 10 * MIN; // past each delay
      }
      // Even the right PIN now: the same answer, saying what to do.
      await signIn(page, cashier, '1234');
      await page.getByRole('alert').waitFor();
      expect(await page.getByRole('alert').innerText()).toBe(
        'Wrong username or PIN, or the username is locked after 5 wrong PINs. Check the store, the username and the PIN and try again; if it stays refused, ask a manager to unlock the username (the Locked PINs tab).',
      );
      await app.screenshot('sign-in-lock-message');
      skew[0] = skew[0]! + 10 * MIN;

      await signIn(page, 'admin', '1234');
      await page.getByTestId('store-name').waitFor();
      await page.getByRole('button', { name: 'Locked PINs', exact: true }).click();
      const table = page.getByTestId('locked-users');
      await table.waitFor();
      expect(await table.innerText()).toMatch(new RegExp(`${cashier.replace('.', '\\.')}\\s+6\\s+.*\\s+Locked since`));
      // Six: the right PIN after the lock was refused and counted too.
      await app.screenshot('manager-locked-pins');
      await expectAccessible(app, 'locked PINs');
      await page.getByRole('button', { name: `Unlock ${cashier}` }).click();
      await page.getByText(`Unlocked ${cashier}: the right PIN works again`).waitFor();
      await page.getByText('No wrong PINs counted in this store.').waitFor();
      await app.screenshot('manager-unlocked');

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('button', { name: 'Sign in to CAPS Automotive' }).waitFor();
      await signIn(page, cashier, '1234');
      await page.getByTestId('user-name').waitFor();
      // A cashier has no Locked PINs tab.
      expect(await page.getByRole('button', { name: 'Locked PINs', exact: true }).count()).toBe(0);
      expect(app.problems).toEqual([]);
    } finally {
      await app.close();
    }
  }, 120_000);
});

async function lockUserName(page: Page): Promise<string | null> {
  const text = await page.getByTestId('user-name').innerText();
  return text.replace(/\s*\(.*\)\s*$/, '').trim() || null;
}
