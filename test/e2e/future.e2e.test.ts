import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBackup } from '../../electron/backup';
import { openDatabase } from '../../electron/db/open';
import { createDemoDatabase } from '../../electron/demo/generate';
import { runUpgrade } from '../../electron/upgrade';
import { openApp } from './harness/app';
import { useE2eBrowser } from './harness/use-browser';

const e2e = useE2eBrowser('pos-e2e-future-');
const { dir } = e2e;

/** A store upgraded by this version and backed up, then opened by a newer version that added migration 0099. */
async function storeFromTheFuture(name: string): Promise<{ userData: string; dbFile: string; backupId: string }> {
  const userData = path.join(dir, name);
  fs.mkdirSync(userData);
  const dbFile = path.join(userData, 'pos.sqlite');
  await createDemoDatabase(dbFile, { size: 'small', seed: 9 });
  expect((await runUpgrade({ dbPath: dbFile })).ok).toBe(true);
  const db = openDatabase(dbFile);
  const backup = await createBackup(db, { backupDir: path.join(userData, 'backups'), reason: 'manual' });
  db.prepare(`INSERT INTO schema_migrations (name, executed_at) VALUES ('0099-loyalty-tiers', '2027-03-01T00:00:00Z')`).run();
  db.close();
  return { userData, dbFile, backupId: backup.id };
}

describe('a database written by a newer version', () => {
  it('gets the Future-database screen: nothing changed, Restore a backup or Quit, never a delete button; restoring opens the POS', async () => {
    const { userData, dbFile, backupId } = await storeFromTheFuture('restore');
    const before = fs.readFileSync(dbFile);
    const app = await openApp(e2e.browser, { userData });
    try {
      const { page } = app;
      await page.getByRole('heading', { name: 'This database is from a newer version of POS Desktop' }).waitFor();
      const text = await page.locator('main').innerText();
      expect(text).toMatch(/has not changed anything/);
      expect(text).toMatch(/0099-loyalty-tiers/);
      const buttons = await page.getByRole('button').allInnerTexts();
      expect(buttons).toEqual(['Restore a backup', 'Quit']);
      expect(text).not.toMatch(/delete|erase|reset|wipe/i);
      expect(fs.readFileSync(dbFile).equals(before)).toBe(true);
      await app.screenshot('future-database');

      // Keyboard only: Tab to "Restore a backup", Enter.
      await page.keyboard.press('Tab');
      await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Restore a backup');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Backups' }).waitFor();
      await page.getByRole('button', { name: `Restore backup ${backupId}` }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Restore this backup' }).click();
      await page.getByRole('heading', { name: 'Backup restored' }).waitFor({ timeout: 30_000 });
      await expect(page.locator('.panel-ok').innerText()).resolves.toMatch(/The store database is ready: Continue opens the till\./);
      await page.getByRole('button', { name: 'Continue' }).first().click();
      await page.getByRole('heading', { name: 'CAPS Automotive' }).waitFor();

      // The newer version's file was kept as the pre-restore backup, not thrown away.
      const preRestore = fs.readdirSync(path.join(userData, 'backups')).find((f) => /-pre-restore-.*\.json$/.test(f));
      expect(preRestore).toBeDefined();
      const manifest = JSON.parse(fs.readFileSync(path.join(userData, 'backups', preRestore as string), 'utf8')) as { executedMigrations: string[] };
      expect(manifest.executedMigrations).toContain('0099-loyalty-tiers');
      expect(app.problems).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('Quit asks the main process to quit', async () => {
    const { userData } = await storeFromTheFuture('quit');
    const app = await openApp(e2e.browser, { userData });
    try {
      await app.page.getByRole('button', { name: 'Quit' }).click();
      await expect.poll(() => app.quitCount()).toBe(1);
    } finally {
      await app.close();
    }
  });

  it('a file that is not a database gets the Problem screen with what to do, and is left alone', async () => {
    const userData = path.join(dir, 'problem');
    fs.mkdirSync(userData);
    const dbFile = path.join(userData, 'pos.sqlite');
    fs.writeFileSync(dbFile, 'a spreadsheet someone saved over the database');
    const app = await openApp(e2e.browser, { userData });
    try {
      await app.page.getByRole('heading', { name: 'POS Desktop cannot open the store database' }).waitFor();
      const text = await app.page.getByRole('alert').innerText();
      expect(text).toMatch(/is not a POS database \(it has no SQLite header\)/);
      expect(text).toMatch(/restore a backup from the Backups screen, or call support/);
      expect(text).toMatch(/Code NOT_A_DATABASE/);
      await expect(app.page.getByRole('button').allInnerTexts()).resolves.toEqual(['Try again', 'Backups', 'Quit']);
      await app.screenshot('problem');
      expect(fs.readFileSync(dbFile, 'utf8')).toBe('a spreadsheet someone saved over the database');
      expect(app.problems).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
