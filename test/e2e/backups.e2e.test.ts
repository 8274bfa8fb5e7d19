import { MIGRATIONS } from '../../migrations';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackup } from '../../electron/backup';
import { openDatabase } from '../../electron/db/open';
import { readStoreIdentity } from '../../electron/db/store-identity';
import { createDemoDatabase } from '../../electron/demo/generate';
import { runUpgrade } from '../../electron/upgrade';
import { tempDir } from '../helpers';
import { ensureBuilt } from '../app/support/build';
import { launchBrowser, openApp } from './harness/app';

let browser: Browser;
const dir = tempDir('pos-e2e-backups-');

beforeAll(async () => {
  await ensureBuilt('node', 'renderer');
  browser = await launchBrowser();
}, 180_000);
afterAll(() => browser?.close());

const productName = (dbFile: string) => {
  const db = openDatabase(dbFile, { readonly: true });
  try {
    return (db.prepare('SELECT name FROM products ORDER BY rowid LIMIT 1').get() as { name: string }).name;
  } finally {
    db.close();
  }
};

describe("the technician's Backups screen", () => {
  it('lists the backups, backs up now, and restores one after a confirmation, with live progress and the result', async () => {
    const userData = path.join(dir, 'userData');
    fs.mkdirSync(userData);
    const dbFile = path.join(userData, 'pos.sqlite');
    await createDemoDatabase(dbFile, { size: 'small', seed: 5 });
    const upgraded = await runUpgrade({ dbPath: dbFile });
    expect(upgraded.ok).toBe(true);
    const original = productName(dbFile);

    const look: { restoring?: string } = {};
    const app = await openApp(browser, {
      userData,
      // The moment the backup's copy starts going into place: the live progress of the restore.
      async afterEvent(channel, payload) {
        if (look.restoring !== undefined || channel !== 'pos:backups:progress' || (payload as { stage: string }).stage !== 'restore') return;
        await app.page.getByText('Putting the backup in place').waitFor();
        look.restoring = await app.page.locator('.job-progress').innerText();
        await app.screenshot('backups-restore-progress');
      },
    });
    try {
      const { page } = app;
      await page.getByRole('heading', { name: 'CAPS Automotive' }).waitFor();
      await page.getByRole('button', { name: 'Backups' }).click();
      await page.getByRole('heading', { name: 'Backups' }).waitFor();
      const rows = page.locator('tbody tr');
      await rows.first().waitFor(); // the list loads after the screen opens
      await expect(rows.count()).resolves.toBe(1);
      const first = await rows.first().innerText();
      expect(first).toMatch(/Before upgrade\s+0001\s+[\d.]+ (KB|MB)\s+Verified/);
      await expect(page.getByText(path.join(userData, 'backups')).isVisible()).resolves.toBe(true);

      await page.getByRole('button', { name: 'Back up now' }).click();
      await page.getByRole('heading', { name: 'Backup taken and verified' }).waitFor({ timeout: 30_000 });
      await expect.poll(() => rows.count()).toBe(2);
      const manual = await rows.first().getAttribute('data-backup-id');
      expect(manual).toMatch(/-manual-/);
      await expect(rows.first().innerText()).resolves.toMatch(new RegExp(`Manual\\s+${MIGRATIONS.at(-1)!.name.slice(0, 4)}\\s+[\\d.]+ (KB|MB)\\s+Verified`));
      expect(app.events.filter((e) => e.channel === 'pos:backups:progress').length).toBeGreaterThan(0);
      await app.screenshot('backups-list');

      // The store's data changes after the backup; restoring must bring back the backed-up content.
      const db = openDatabase(dbFile);
      db.prepare(`UPDATE products SET name = 'CHANGED AFTER THE BACKUP' WHERE rowid = (SELECT min(rowid) FROM products)`).run();
      db.close();

      await page.getByRole('button', { name: `Restore backup ${manual}` }).click();
      const dialog = page.getByRole('dialog', { name: 'Restore this backup?' });
      await expect(dialog.innerText()).resolves.toMatch(new RegExp(`Backup ${manual} taken \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d \\(manual\\) will replace`));
      await expect(dialog.innerText()).resolves.toMatch(/A pre-restore backup of the current database is taken first/);
      // Escape cancels and changes nothing.
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      expect(productName(dbFile)).toBe('CHANGED AFTER THE BACKUP');

      await page.getByRole('button', { name: `Restore backup ${manual}` }).click();
      await dialog.getByRole('button', { name: 'Restore this backup' }).click();
      await page.getByRole('heading', { name: 'Backup restored' }).waitFor({ timeout: 30_000 });
      await expect.poll(() => rows.count()).toBe(3);
      await expect(rows.first().innerText()).resolves.toMatch(/Before restore/);
      const stages = new Set(app.events.filter((e) => e.channel === 'pos:backups:progress').map((e) => (e.payload as { stage: string }).stage));
      expect([...stages]).toEqual(expect.arrayContaining(['copy', 'restore', 'reopen']));
      expect(look.restoring).toMatch(new RegExp(`Restoring backup ${manual}\\s+\\d+%\\s+Putting the backup in place · [\\d.]+ (B|KB|MB) of [\\d.]+ (KB|MB)`));
      await app.screenshot('backups-restored');
      expect(productName(dbFile)).toBe(original);

      await page.getByRole('button', { name: 'Continue' }).first().click();
      await page.getByRole('heading', { name: 'CAPS Automotive' }).waitFor();
      expect(app.problems).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it("refuses another store's backup, naming both stores, and restores it only after the second confirmation", async () => {
    const userData = path.join(dir, 'other-store');
    fs.mkdirSync(userData);
    const dbFile = path.join(userData, 'pos.sqlite');
    await createDemoDatabase(dbFile, { size: 'small', seed: 6 });
    expect((await runUpgrade({ dbPath: dbFile })).ok).toBe(true);
    // Another store (its own identity), backed up into this store's backup folder, as a stick from another shop would be.
    const otherFile = path.join(dir, 'other-shop.sqlite');
    await createDemoDatabase(otherFile, { size: 'small', seed: 7 });
    const other = openDatabase(otherFile);
    const theirs = await createBackup(other, { backupDir: path.join(userData, 'backups'), exactDir: true, reason: 'manual', record: false });
    other.close();
    const storeOf = (file: string) => {
      const db = openDatabase(file, { readonly: true });
      try {
        return readStoreIdentity(db)?.storeId;
      } finally {
        db.close();
      }
    };
    const ours = storeOf(dbFile);
    expect(ours).not.toBe(theirs.storeId);

    const app = await openApp(browser, { userData });
    try {
      const { page } = app;
      await page.getByRole('heading', { name: 'CAPS Automotive' }).waitFor();
      await page.getByRole('button', { name: 'Backups' }).click();
      await page.getByRole('button', { name: `Restore backup ${theirs.id}` }).click();
      await page.getByRole('dialog', { name: 'Restore this backup?' }).getByRole('button', { name: 'Restore this backup' }).click();

      await page.getByRole('heading', { name: 'This backup is of another store' }).waitFor({ timeout: 30_000 });
      const said = await page.getByRole('alert').innerText();
      expect(said).toContain(`store ${theirs.storeId}`);
      expect(said).toContain(`store ${ours}`);
      expect(said).toMatch(/Nothing has been changed yet/);
      expect(storeOf(dbFile)).toBe(ours);
      await app.screenshot('restore-other-store');

      await page.getByRole('button', { name: "Replace with the other store's backup" }).click();
      await page.getByRole('heading', { name: 'Backup restored' }).waitFor({ timeout: 30_000 });
      await expect(page.locator('.panel-ok').innerText()).resolves.toMatch(/is of another store .* as asked/);
      expect(storeOf(dbFile)).toBe(theirs.storeId);
      expect(app.problems).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
