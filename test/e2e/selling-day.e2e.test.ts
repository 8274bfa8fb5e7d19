import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/db/open';
import { copyDatabase } from '../helpers';
import { CAPS, twoTenantDatabase } from '../tenancy/fixtures';
import { openApp, SCREENSHOTS, TILL, type E2eApp } from './harness/app';
import { useE2eBrowser } from './harness/use-browser';
import { axeViolations } from './harness/axe';

/**
 * The selling day in Chromium, through the real main process, IPC and
 * worker: open the shift; scan three items (a barcode with Enter, a SKU, words
 * of a name); pay part cash part gift card; print the receipt and save it as
 * a PDF (rendered to a picture to look at); return one item; close the shift
 * a dollar short. axe-core on every screen on the way.
 */

const e2e = useE2eBrowser('pos-e2e-sell-');
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

const usd = (cents: number) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(cents / 100);
const centsIn = (text: string) => Math.round(Number(text.replace(/[$,]/g, '')) * 100);

async function signIn(page: Page) {
  await page.getByRole('radio', { name: 'CAPS Automotive' }).check();
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('PIN').fill('1234');
  await page.getByRole('button', { name: 'Sign in to CAPS Automotive' }).click();
  await page.getByTestId('store-name').waitFor();
}

async function expectAccessible(app: E2eApp, screen: string) {
  const violations = await axeViolations(app.page);
  expect(violations, `${screen}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
}

const scanFieldHasFocus = (page: Page) => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name === 'scan');
const fitsTheTill = (page: Page) => page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]);

describe('the selling day, end to end', () => {
  it('opens the shift, sells three scanned items for cash and a gift card, prints, returns one, and closes the shift', async () => {
    const db = openDatabase(fixture, { readonly: true });
    const [byBarcode, bySku, byName] = db
      .prepare(
        `SELECT p.id, p.sku, p.barcode, p.name FROM products p JOIN inventory i ON i.product_id = p.id
          WHERE p.tenant_id = ? AND p.active = 1 AND p.barcode IS NOT NULL AND i.quantity_on_hand > 5 AND p.price_cents BETWEEN 1000 AND 9000
          ORDER BY p.sku LIMIT 3 OFFSET 5`,
      )
      .all(CAPS) as { id: string; sku: string; barcode: string; name: string }[];
    const card = db
      .prepare(
        `SELECT code, balance_cents FROM gift_cards WHERE tenant_id = ? AND status = 'active' AND expires_at IS NULL AND balance_cents >= 1500 ORDER BY code LIMIT 1`,
      )
      .get(CAPS) as { code: string; balance_cents: number };
    db.close();
    // A name search that finds the third product among few: its brand, its noun and its number.
    const nameWords = byName!.name.split(' ');
    const nameQuery = `${nameWords[0]!.toLowerCase()} ${nameWords.at(-1)}`;

    const app = await openApp(e2e.browser, { userData: userDataWithStore('day') });
    const { page } = app;
    try {
      await signIn(page);
      await expect.poll(() => page.getByTestId('shift-badge').innerText()).toBe('No shift open');

      // Open the shift with a $150.00 float.
      await page.getByRole('button', { name: 'Shift', exact: true }).click();
      await page.getByLabel('Opening float ($)').fill('150.00');
      await expectAccessible(app, 'shift (none open)');
      await page.getByRole('button', { name: 'Open a shift' }).click();
      await page.getByTestId('shift-open').waitFor();
      await expect.poll(() => page.getByTestId('shift-badge').innerText()).toBe('Shift open');
      await app.screenshot('sell-shift-open');
      await expectAccessible(app, 'shift (open)');

      // Sell: the scan field has focus on arrival and after every scan.
      await page.getByRole('button', { name: 'Sell', exact: true }).click();
      await page.getByLabel('Scan or search').waitFor();
      await expect.poll(() => scanFieldHasFocus(page)).toBe(true);
      // A scanner: digits typed fast, then Enter.
      await page.keyboard.type(byBarcode!.barcode, { delay: 5 });
      await page.keyboard.press('Enter');
      await page.getByTestId('cart-line').first().waitFor();
      await expect.poll(() => scanFieldHasFocus(page)).toBe(true);
      // A SKU typed in lower case.
      await page.keyboard.type(bySku!.sku.toLowerCase());
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByTestId('cart-line').count()).toBe(2);
      await expect.poll(() => scanFieldHasFocus(page)).toBe(true);
      // Words of a name: a list to choose from.
      await page.keyboard.type(nameQuery);
      await page.keyboard.press('Enter');
      const matches = page.getByRole('list', { name: 'Products found' });
      await matches.waitFor();
      await matches.getByRole('button', { name: new RegExp(byName!.sku) }).click();
      await expect.poll(() => page.getByTestId('cart-line').count()).toBe(3);
      await expect.poll(() => scanFieldHasFocus(page)).toBe(true);
      const cartText = await page.getByRole('table', { name: 'Items' }).innerText();
      for (const p of [byBarcode!, bySku!, byName!]) expect(cartText).toContain(p.sku);
      const total = centsIn(await page.getByTestId('total').innerText());
      await expect(page.getByTestId('due').innerText()).resolves.toBe(usd(total));
      expect(await fitsTheTill(page)).toEqual([TILL.width, TILL.height]);
      await app.screenshot('sell-cart');
      await expectAccessible(app, 'sell (cart)');

      // Pay $10.00 on the gift card, the rest in cash with $20.00 more than due.
      await page.getByRole('radio', { name: 'Gift card' }).check();
      await page.getByLabel('Gift card code').fill(card.code);
      await page.getByLabel('Amount ($)').fill('10.00');
      await page.getByRole('button', { name: 'Add payment' }).click();
      await expect(page.getByTestId('left').innerText()).resolves.toBe(usd(total - 1000));
      await page.getByRole('radio', { name: 'Cash' }).check();
      const cash = total - 1000 + 2000;
      await page.getByLabel('Amount ($)').fill((cash / 100).toFixed(2));
      await page.getByRole('button', { name: 'Add payment' }).click();
      await expect(page.getByTestId('change').innerText()).resolves.toBe('$20.00');
      await app.screenshot('sell-payment');
      await expectAccessible(app, 'sell (payment)');
      await page.getByRole('button', { name: 'Complete sale' }).click();

      await page.getByTestId('sale-message').waitFor();
      await expect(page.getByTestId('sale-message').innerText()).resolves.toBe('Paid in full. Change due: $20.00.');
      await expect(page.getByTestId('slip-message').innerText()).resolves.toBe(`Redeemed $10.00; the card has ${usd(card.balance_cents - 1000)} left.`);
      const receipt = page.getByTestId('receipt');
      await expect(page.getByTestId('receipt-total').innerText()).resolves.toBe(usd(total));
      await expect(page.getByTestId('receipt-change').innerText()).resolves.toBe('$20.00');
      const receiptText = await receipt.innerText();
      expect(receiptText).toContain('1200 Industrial Way, Springfield');
      expect(receiptText).toContain(`Gift card ending ${card.code.slice(-4)}`);
      expect(receiptText).not.toContain(card.code); // the full code is a bearer secret: never on paper
      const number = /Sale (R\d{6}-[0-9A-Z]{6})/.exec(await page.getByRole('heading', { level: 1 }).innerText())![1]!;
      await app.screenshot('sell-done');
      await expectAccessible(app, 'sale done (receipt)');

      // Print (Electron's print of the window) and save a PDF (printToPDF), then look at the PDF as a picture.
      await page.getByRole('button', { name: 'Print receipt' }).click();
      await expect.poll(() => page.getByTestId('print-status').innerText()).toBe('Receipt sent to the printer.');
      expect(app.prints).toHaveLength(1);
      await page.getByRole('button', { name: 'Save as PDF' }).click();
      await expect.poll(() => page.getByTestId('print-status').innerText()).toBe(`Saved as ${number}.pdf.`);
      const pdf = path.join(app.userData, 'receipts', `${number}.pdf`);
      expect(fs.readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
      fs.mkdirSync(SCREENSHOTS, { recursive: true });
      const picture = path.join(SCREENSHOTS, 'sell-receipt-pdf');
      execFileSync('pdftoppm', ['-png', '-r', '110', '-f', '1', '-l', '1', '-singlefile', pdf, picture]);
      expect(fs.statSync(`${picture}.png`).size).toBeGreaterThan(10_000);
      const pdfText = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
      for (const words of ['CAPS Automotive', number, usd(total), 'Change', '$20.00', byBarcode!.sku]) expect(pdfText, words).toContain(words);
      expect(pdfText).not.toContain('Scan or search'); // the till's controls are not on the paper
      await page.getByRole('button', { name: 'New sale' }).click();
      await expect.poll(() => scanFieldHasFocus(page)).toBe(true);

      // Return one unit of the first item against the receipt.
      await page.getByRole('button', { name: 'Returns', exact: true }).click();
      await page.getByLabel('Receipt number').fill(number.toLowerCase());
      await page.getByLabel('Receipt number').press('Enter');
      await page.getByTestId('original-receipt').waitFor();
      await page.getByLabel(`Units of ${byBarcode!.name} coming back`).fill('1');
      await expectAccessible(app, 'returns');
      await app.screenshot('sell-return-choose');
      await page.getByRole('button', { name: /^Refund 1 item/ }).click();
      await page.getByTestId('sale-message').waitFor();
      const refundText = await page.getByTestId('sale-message').innerText();
      expect(refundText).toMatch(/^Refunded \$\d+\.\d\d: \$\d+\.\d\d in cash\.$/);
      const refunded = centsIn(/^Refunded (\$[\d.,]+)/.exec(refundText)![1]!);
      await expect(page.getByTestId('receipt').innerText()).resolves.toContain(`Return against receipt ${number}`);
      await app.screenshot('sell-return-done');
      await expectAccessible(app, 'return done');

      // Receipts: the sale and the return, and a reprint.
      await page.getByRole('button', { name: 'Receipts', exact: true }).click();
      await page.getByRole('table', { name: 'Receipts list' }).getByRole('button', { name: number }).waitFor();
      await expectAccessible(app, 'receipts (list)');
      await page.getByLabel('Show').selectOption('layaways');
      await page.getByRole('table', { name: 'Receipts list' }).waitFor();
      await expectAccessible(app, 'receipts (open layaways)');
      await page.getByLabel('Show').selectOption('recent');
      await page.getByRole('table', { name: 'Receipts list' }).getByRole('button', { name: number }).click();
      await page.getByTestId('receipt').waitFor();
      await expect(page.getByRole('button', { name: 'No receipt' }).count()).resolves.toBe(0);
      await page.getByRole('button', { name: 'Print receipt' }).click();
      await expect.poll(() => app.prints.length).toBe(2);
      await expectAccessible(app, 'receipts (reprint)');

      // Close the shift a dollar short: float + cash kept - cash refunded.
      await page.getByRole('button', { name: 'Shift', exact: true }).click();
      await page.getByTestId('shift-open').waitFor();
      const expected = 15_000 + (cash - 2000) - refunded;
      await expect(page.getByTestId('expected').innerText()).resolves.toBe(usd(expected));
      await page.getByLabel('Counted cash in the drawer ($)').fill(((expected - 100) / 100).toFixed(2));
      await page.getByRole('button', { name: 'Close the shift' }).click();
      await page.getByTestId('shift-closed').waitFor();
      await expect(page.getByTestId('over-short').innerText()).resolves.toBe('-$1.00');
      await expect(page.getByTestId('shift-closed').innerText()).resolves.toContain('short by $1.00');
      await expect.poll(() => page.getByTestId('shift-badge').innerText()).toBe('No shift open');
      await app.screenshot('sell-shift-closed');
      await expectAccessible(app, 'shift (closed)');

      // In the file: the sale, its return, the shift closed with its over/short, all CAPS's.
      const after = openDatabase(path.join(app.userData, 'pos.sqlite'), { readonly: true });
      const rows = after
        .prepare(
          `SELECT kind, total_cents, tenant_id FROM sales WHERE number = ? OR original_sale_id = (SELECT id FROM sales WHERE number = ?) ORDER BY created_at`,
        )
        .all(number, number);
      expect(rows).toEqual([
        { kind: 'sale', total_cents: total, tenant_id: CAPS },
        { kind: 'return', total_cents: refunded, tenant_id: CAPS },
      ]);
      expect(after.prepare(`SELECT over_short_cents FROM shifts WHERE tenant_id = ? ORDER BY opened_at DESC LIMIT 1`).get(CAPS)).toEqual({
        over_short_cents: -100,
      });
      after.close();
      expect(app.problems).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('switches employee by PIN with the shift still open, asks a manager for a large discount, ellipsises a long store name', async () => {
    const app = await openApp(e2e.browser, { userData: userDataWithStore('switch') });
    const { page } = app;
    try {
      await signIn(page);
      await page.getByRole('button', { name: 'Shift', exact: true }).click();
      await page.getByLabel('Opening float ($)').fill('100');
      await page.getByRole('button', { name: 'Open a shift' }).click();
      await page.getByTestId('shift-open').waitFor();

      const db = openDatabase(fixture, { readonly: true });
      const cashier = db
        .prepare(`SELECT username, display_name FROM users WHERE tenant_id = ? AND role = 'cashier' AND active = 1 ORDER BY display_name, id LIMIT 1`)
        .get(CAPS) as {
        username: string;
        display_name: string;
      };
      const manager = db.prepare(`SELECT username FROM users WHERE tenant_id = ? AND role = 'manager' AND active = 1 ORDER BY username LIMIT 1`).get(CAPS) as {
        username: string;
      };
      const product = db
        .prepare(
          `SELECT sku FROM products p JOIN inventory i ON i.product_id = p.id WHERE p.tenant_id = ? AND p.active = 1 AND i.quantity_on_hand > 5 ORDER BY sku LIMIT 1`,
        )
        .get(CAPS) as {
        sku: string;
      };
      db.close();

      await page.getByRole('button', { name: 'Switch user' }).click();
      await page.getByRole('dialog', { name: 'Switch user' }).waitFor();
      await expectAccessible(app, 'switch user');
      await page.getByLabel('Employee').selectOption(cashier.username);
      await page.getByRole('dialog').getByLabel('PIN').fill('0000');
      await page.getByRole('button', { name: 'Switch', exact: true }).click();
      await page.getByRole('dialog').getByRole('alert').waitFor();
      await page.getByRole('dialog').getByLabel('PIN').fill('1234');
      await page.getByRole('button', { name: 'Switch', exact: true }).click();
      await expect.poll(() => page.getByTestId('user-name').innerText()).toContain(cashier.display_name);
      await expect(page.getByTestId('shift-badge').innerText()).resolves.toBe('Shift open');

      // The cashier gives 20% off a line: above CAPS's 15%, a manager approves with their PIN.
      await page.getByRole('button', { name: 'Sell', exact: true }).click();
      await page.getByLabel('Scan or search').fill(product.sku);
      await page.getByLabel('Scan or search').press('Enter');
      await page.getByTestId('cart-line').waitFor();
      await page.getByLabel('Discount on line 1').fill('20%');
      await page.getByLabel('Discount on line 1').press('Enter');
      await page.getByText('A manager approves these discounts at payment').waitFor();
      await page.getByRole('radio', { name: 'Card (terminal)' }).check();
      await page.getByRole('button', { name: 'Add payment' }).click();
      await page.getByRole('button', { name: 'Complete sale' }).click();
      const dialog = page.getByRole('dialog', { name: 'Manager approval' });
      await dialog.waitFor();
      await expect(dialog.innerText()).resolves.toContain('Discounts above 15% need a manager');
      await app.screenshot('sell-manager-approval');
      await expectAccessible(app, 'manager approval');
      await dialog.getByLabel('Manager username').fill(manager.username);
      await dialog.getByLabel('PIN').fill('1234');
      await dialog.getByRole('button', { name: 'Approve' }).click();
      await page.getByTestId('sale-message').waitFor();
      await expect(page.getByTestId('sale-message').innerText()).resolves.toBe('Paid in full.');

      // A long store name ends in an ellipsis; the header's buttons stay on the till.
      await page.evaluate(() => {
        document.querySelector('[data-testid="store-name"]')!.textContent =
          'CAPS Automotive Parts, Service and Tire Center of Greater Springfield and the Valley';
      });
      const title = await page.getByTestId('store-name').evaluate((e) => ({
        clipped: e.scrollWidth > e.clientWidth,
        overflow: getComputedStyle(e).textOverflow,
      }));
      expect(title).toEqual({ clipped: true, overflow: 'ellipsis' });
      const signOut = await page.getByRole('button', { name: 'Sign out' }).boundingBox();
      expect(signOut!.x + signOut!.width).toBeLessThanOrEqual(TILL.width);
      await app.screenshot('sell-long-store-name');
      expect(app.problems).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('a work order from open to paid: a part by scan, labour by rate, a deposit, checkout; every screen accessible', async () => {
    const app = await openApp(e2e.browser, { userData: userDataWithStore('work-order') });
    const { page } = app;
    try {
      await signIn(page);
      await page.getByRole('button', { name: 'Shift', exact: true }).click();
      await page.getByLabel('Opening float ($)').fill('100');
      await page.getByRole('button', { name: 'Open a shift' }).click();
      await page.getByTestId('shift-open').waitFor();
      const db = openDatabase(fixture, { readonly: true });
      const customer = db
        .prepare(
          `SELECT c.phone FROM customers c WHERE c.tenant_id = ? AND c.phone IS NOT NULL AND EXISTS (SELECT 1 FROM customer_vehicles v WHERE v.customer_id = c.id)
            AND (SELECT count(*) FROM customers d WHERE d.tenant_id = c.tenant_id AND d.phone = c.phone) = 1 ORDER BY c.phone LIMIT 1`,
        )
        .get(CAPS) as { phone: string };
      const product = db
        .prepare(
          `SELECT sku FROM products p JOIN inventory i ON i.product_id = p.id WHERE p.tenant_id = ? AND p.active = 1 AND i.quantity_on_hand > 5 ORDER BY sku LIMIT 1 OFFSET 9`,
        )
        .get(CAPS) as {
        sku: string;
      };
      db.close();

      await page.getByRole('button', { name: 'Work orders', exact: true }).click();
      await page.getByRole('button', { name: 'New work order' }).click();
      await page.getByLabel('Customer (last name or phone)').fill(customer.phone.replace(/\D/g, ''));
      await page.getByLabel('Customer (last name or phone)').press('Enter');
      await page.getByRole('list', { name: 'Customers found' }).getByRole('button').first().click();
      await page.getByLabel('Vehicle').selectOption({ index: 1 });
      await page.getByLabel('What the customer reports').fill('Brakes squeal when cold');
      await expectAccessible(app, 'new work order');
      await page.getByRole('button', { name: 'Open work order' }).click();
      await page.getByTestId('work-order').waitFor();

      await page.getByLabel('Add a part (scan or SKU)').fill(product.sku);
      await page.getByLabel('Add a part (scan or SKU)').press('Enter');
      await page.getByRole('table', { name: 'Lines' }).getByText(product.sku).waitFor();
      await page.getByLabel('Hours').fill('1.5');
      await page.getByLabel('Work done').fill('Brake job');
      await page.getByRole('button', { name: 'Add labour' }).click();
      await page.getByRole('table', { name: 'Lines' }).getByText('Brake job, 1.5 h @ $120.00/h').waitFor();
      await page.getByLabel('Status').selectOption('in_progress');
      await expect.poll(() => page.getByLabel('Status').inputValue()).toBe('in_progress');
      const lines = await page.getByRole('table', { name: 'Lines' }).locator('tbody tr td:first-child').allInnerTexts();
      expect(lines).toEqual(['1', '2']);
      await app.screenshot('work-order-detail');
      await expectAccessible(app, 'work order');

      await page.getByLabel('Deposit ($)').fill('50');
      await page.getByRole('button', { name: 'Take deposit' }).click();
      await page.getByTestId('sale-message').waitFor();
      await expect(page.getByTestId('sale-message').innerText()).resolves.toMatch(/^Deposit of \$50\.00 taken on WO-\d+\.$/);
      await page.getByRole('button', { name: 'Back to the work order' }).click();
      await page.getByRole('button', { name: 'Check out' }).click();
      const total = centsIn(await page.getByTestId('work-order-total').innerText());
      await expect(page.getByTestId('due').innerText()).resolves.toBe(usd(total - 5000));
      await page.getByRole('radio', { name: 'Card (terminal)' }).check();
      await page.getByRole('button', { name: 'Add payment' }).click();
      await page.getByRole('button', { name: 'Complete checkout' }).click();
      await page.getByTestId('sale-message').waitFor();
      await expect(page.getByTestId('receipt-total').innerText()).resolves.toBe(usd(total));
      await expect(page.getByTestId('receipt').innerText()).resolves.toContain('Deposit paid');
      await app.screenshot('work-order-paid');
      await expectAccessible(app, 'work order paid');
      await page.getByRole('button', { name: 'Back to the work order' }).click();
      await expect.poll(() => page.getByLabel('Status').inputValue()).toBe('invoiced');
      expect(app.problems).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
