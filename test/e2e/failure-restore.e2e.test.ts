import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { columnNames } from '../../electron/db/status';
import { openDatabase } from '../../electron/db/open';
import { demoRowCounts } from '../../electron/demo/generate';
import { MIGRATIONS } from '../../migrations';
import { tempDir } from '../helpers';
import { ensureBuilt } from '../app/support/build';
import { launchBrowser, openApp } from './harness/app';

let browser: Browser;
const dir = tempDir('pos-e2e-failure-');

beforeAll(async () => {
  await ensureBuilt('node', 'renderer');
  browser = await launchBrowser();
}, 180_000);
afterAll(() => browser?.close());

const backupIds = (userData: string) =>
  fs
    .readdirSync(path.join(userData, 'backups'))
    .filter((f) => f.endsWith('.sqlite'))
    .map((f) => f.replace(/\.sqlite$/, ''))
    .sort();

describe('a fresh install whose upgrade fails (a worker whose first migration list fails at a step), then a restore and a retry', () => {
  it('shows what failed and that nothing changed, restores the pre-upgrade backup, and upgrades on retry', async () => {
    const userData = path.join(dir, 'userData');
    const dbFile = path.join(userData, 'pos.sqlite');
    const app = await openApp(browser, { userData, failFirstUpgradeAt: { table: 'products', step: 'create-index' } });
    try {
      const { page } = app;
      // A newcomer's first launch: the demo store is created at the legacy schema and the upgrade starts by itself.
      await page.getByRole('heading', { name: 'The upgrade could not finish' }).waitFor({ timeout: 60_000 });
      const panel = page.getByRole('alert');
      await expect(panel.innerText()).resolves.toMatch(/Failure injected by the test at create-index on products/);
      await expect(panel.innerText()).resolves.toMatch(/Table products · Check migrate:create-index/);
      await expect(panel.innerText()).resolves.toMatch(/Your data was not changed\./);
      for (const name of ['Retry', 'Restore backup', 'Copy diagnostic report'])
        await expect(page.getByRole('button', { name }).isVisible()).resolves.toBe(true);
      await expect(page.locator('.step-failed').innerText()).resolves.toMatch(/^Migrate \d+\/32 tables/);
      await expect(page.getByRole('button', { name: 'Retry' }).evaluate((b) => b === document.activeElement)).resolves.toBe(true);
      await app.screenshot('upgrade-failed');

      // Really unchanged: still the legacy schema, every demo row there.
      const db = openDatabase(dbFile, { readonly: true });
      expect((db.prepare('SELECT name FROM schema_migrations').all() as { name: string }[]).map((r) => r.name)).toEqual(['0001-legacy-schema']);
      expect(columnNames(db, 'products')).not.toContain('tenant_id');
      expect(db.prepare('SELECT count(*) AS n FROM products').get()).toEqual({ n: demoRowCounts('small').products });
      db.close();
      const [preUpgrade] = backupIds(userData);
      expect(preUpgrade).toMatch(/-pre-upgrade-/);

      await page.getByRole('button', { name: 'Copy diagnostic report' }).click();
      await page.getByText('The diagnostic report is on the clipboard').waitFor();
      expect(app.clipboard).toHaveLength(1);
      expect(app.clipboard[0]).toMatch(/MIGRATION_FAILED: Migration 0002-tenant-id failed: Failure injected by the test at create-index on products/);
      expect(app.clipboard[0]).toContain(`Backup:      ${preUpgrade}`);

      // Restore backup: a confirmation that names the backup and promises a pre-restore backup; focus starts on Cancel.
      await page.getByRole('button', { name: 'Restore backup' }).click();
      const dialog = page.getByRole('dialog', { name: 'Restore this backup?' });
      await dialog.waitFor();
      await expect(dialog.innerText()).resolves.toContain(preUpgrade);
      await expect(dialog.innerText()).resolves.toMatch(/A pre-restore backup of the current database is taken first/);
      await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Cancel');
      await page.keyboard.press('Shift+Tab');
      await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Restore this backup');
      await expect(page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle)).resolves.toBe('solid');
      await app.screenshot('restore-confirm');
      await page.keyboard.press('Enter');

      await page.getByRole('heading', { name: 'Backup restored' }).waitFor({ timeout: 30_000 });
      const done = await page.locator('.panel-ok').innerText();
      expect(done).toContain(preUpgrade);
      expect(done).toMatch(/the upgrade is needed before the till opens/);
      const preRestore = backupIds(userData).find((id) => id.includes('-pre-restore-'));
      expect(preRestore).toBeDefined();
      expect(done).toContain(preRestore);
      expect(app.events.some((e) => e.channel === 'pos:backups:progress')).toBe(true);
      await app.screenshot('restore-done');

      // Continue: the upgrade screen again, waiting for the technician rather than starting by itself.
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('button', { name: 'Start the upgrade' }).waitFor();
      await expect(page.getByText('The upgrade has not run yet.').isVisible()).resolves.toBe(true);
      await page.getByRole('button', { name: 'Start the upgrade' }).click();
      await page.getByRole('heading', { name: 'Upgrade complete' }).waitFor({ timeout: 60_000 });
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('heading', { name: 'CAPS Automotive' }).waitFor();

      const after = openDatabase(dbFile, { readonly: true });
      expect((after.prepare('SELECT name FROM schema_migrations ORDER BY rowid').all() as { name: string }[]).map((r) => r.name)).toEqual(
        MIGRATIONS.map((m) => m.name),
      );
      expect(after.prepare(`SELECT count(*) AS n FROM products WHERE tenant_id = 'caps-automotive'`).get()).toEqual({ n: demoRowCounts('small').products });
      after.close();
      expect(backupIds(userData).filter((id) => id.includes('-pre-upgrade-'))).toHaveLength(2);
      expect(app.problems).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('a restore that fails says so, leaves the database alone, and Close goes back to Retry', async () => {
    const userData = path.join(dir, 'damaged');
    const dbFile = path.join(userData, 'pos.sqlite');
    const app = await openApp(browser, { userData, failFirstUpgradeAt: { table: 'customers', step: 'create-index' } });
    try {
      const { page } = app;
      await page.getByRole('heading', { name: 'The upgrade could not finish' }).waitFor({ timeout: 60_000 });
      await expect(page.getByRole('alert').innerText()).resolves.toMatch(/Failure injected by the test at create-index on customers/);
      const [preUpgrade] = backupIds(userData);
      // Damage the backup: the restore must verify it and refuse before touching anything.
      fs.appendFileSync(path.join(userData, 'backups', `${preUpgrade}.sqlite`), 'garbage');
      const before = fs.readFileSync(dbFile);

      await page.getByRole('button', { name: 'Restore backup' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Restore this backup' }).click();
      await page.getByRole('heading', { name: 'The restore did not complete' }).waitFor({ timeout: 30_000 });
      const said = await page.getByRole('alert').innerText();
      expect(said).toContain(preUpgrade);
      expect(said).toMatch(/choose another backup from the list on the Backups screen/);
      expect(said).not.toMatch(/pos-db/);
      expect(fs.readFileSync(dbFile).equals(before)).toBe(true);
      await app.screenshot('restore-failed');

      await page.keyboard.press('Enter'); // Close has the focus
      await page.getByRole('heading', { name: 'The upgrade could not finish' }).waitFor();
      await expect(page.getByRole('button', { name: 'Retry' }).isVisible()).resolves.toBe(true);
      expect(app.problems).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
