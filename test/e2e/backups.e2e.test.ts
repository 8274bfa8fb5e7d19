import { MIGRATIONS } from '../../migrations';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBackup } from '../../electron/backup';
import { openDatabase } from '../../electron/db/open';
import { readStoreIdentity } from '../../electron/db/store-identity';
import { createDemoDatabase } from '../../electron/demo/generate';
import { runUpgrade } from '../../electron/upgrade';
import { openApp, TILL } from './harness/app';
import { enterTechnicianCode, installTechnicianCode } from './harness/technician-code';
import { useE2eBrowser } from './harness/use-browser';

const e2e = useE2eBrowser('pos-e2e-backups-');
const { dir } = e2e;

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
    installTechnicianCode(dbFile);
    const original = productName(dbFile);
    // A backup whose file went missing (a stick pulled half-way, a folder cleaned by hand): listed, not restorable, and it says why.
    const backupsDir = path.join(userData, 'backups');
    const manifest = JSON.parse(fs.readFileSync(path.join(backupsDir, `${upgraded.backupId}.json`), 'utf8'));
    const lostId = '20260101T000000Z-manual-abcdef';
    fs.writeFileSync(path.join(backupsDir, `${lostId}.json`), JSON.stringify({ ...manifest, id: lostId, fileName: `${lostId}.sqlite`, reason: 'manual' }));

    const look: { restoring?: string } = {};
    const app = await openApp(e2e.browser, {
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
      // No one is signed in: the list is refused until the technician code is typed (checked in the worker, never here).
      const prompt = page.getByRole('dialog', { name: 'Technician code' });
      await prompt.waitFor();
      await expect(page.evaluate(() => document.activeElement?.getAttribute('type'))).resolves.toBe('password');
      await prompt.getByLabel('Technician code').fill('111222');
      await prompt.getByRole('button', { name: 'Open Backups' }).click();
      await prompt.getByRole('alert').waitFor();
      await expect(prompt.getByRole('alert').innerText()).resolves.toBe('That is not the technician code of this till. 4 tries left before it locks.');
      await expect(prompt.innerText()).resolves.toMatch(/No one is signed in, so backups and restores need the technician code of this till\./);
      await expect(page.locator('tbody tr').count()).resolves.toBe(0);
      await app.screenshot('technician-code-prompt');
      await enterTechnicianCode(page);
      await page.getByRole('heading', { name: 'Backups' }).waitFor();
      const rows = page.locator('tbody tr');
      await rows.first().waitFor(); // the list loads after the screen opens
      await expect(rows.count()).resolves.toBe(2);
      // When to the second and how long ago, why, what it holds, which version wrote it, and that it can be restored.
      const first = await rows.first().innerText();
      expect(first).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+just now · Before upgrade/);
      expect(first).toMatch(/CAPS Automotive\s+\d[\d,]* customers · \d[\d,]* products · \d[\d,]* work orders/);
      expect(first).toMatch(/POS Desktop 2\.0\.0\s+database version 0001 · [\d.]+ (KB|MB)\s+Yes, checked/);
      // The whole row fits the window: no column is cut off, nothing scrolls sideways.
      await expect(page.locator('.table-wrap').evaluate((e) => e.scrollWidth <= e.clientWidth)).resolves.toBe(true);
      // The unusable one says why on the screen, without hovering.
      await expect(rows.last().innerText()).resolves.toMatch(/No: the backup file is missing/);
      await expect(
        rows
          .last()
          .getByRole('button', { name: `Restore backup ${lostId}` })
          .isDisabled(),
      ).resolves.toBe(true);
      await expect(page.getByText(path.join(userData, 'backups')).isVisible()).resolves.toBe(true);
      await expect(page.getByText('Keeps the newest 10 (older ones are removed after each new backup)').isVisible()).resolves.toBe(true);

      await page.getByRole('button', { name: 'Back up now' }).click();
      await page.getByRole('heading', { name: 'Backup taken and verified' }).waitFor({ timeout: 30_000 });
      await expect.poll(() => rows.count()).toBe(3);
      const manual = await rows.first().getAttribute('data-backup-id');
      expect(manual).toMatch(/-manual-/);
      await expect(rows.first().innerText()).resolves.toMatch(
        new RegExp(`just now · Manual[\\s\\S]*database version ${MIGRATIONS.at(-1)!.name.slice(0, 4)} · [\\d.]+ (KB|MB)\\s+Yes, checked`),
      );
      expect(app.events.filter((e) => e.channel === 'pos:backups:progress').length).toBeGreaterThan(0);
      // The list takes the screen's height: it reaches down to the bottom of the window, and the page does not scroll.
      const list = await page.locator('.table-wrap').boundingBox();
      expect((list?.y ?? 0) + (list?.height ?? 0)).toBeGreaterThan(TILL.height - 140);
      expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBe(TILL.height);
      await app.screenshot('backups-list');

      // The store's work after the backup: a product renamed and a change queued for the head office. Restoring rolls both back.
      const db = openDatabase(dbFile);
      const now = new Date().toISOString();
      db.prepare(`UPDATE products SET name = 'CHANGED AFTER THE BACKUP', updated_at = ? WHERE rowid = (SELECT min(rowid) FROM products)`).run(now);
      db.prepare(
        `INSERT INTO pending_operations (id, tenant_id, entity_type, entity_id, operation, payload, status, attempts, created_at, updated_at)
         VALUES ('op-after-backup', 'caps-automotive', 'product', 'p', 'update', '{}', 'pending', 0, ?, ?)`,
      ).run(now, now);
      db.close();

      await page.getByRole('button', { name: `Restore backup ${manual}` }).click();
      const dialog = page.getByRole('dialog', { name: 'Restore this backup?' });
      await dialog.getByText('CAPS Automotive loses').waitFor();
      const asked = await dialog.innerText();
      expect(asked).toMatch(
        /^Restore this backup\?\s+The backup taken \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(just now, made by hand\) replaces the whole store database/,
      );
      expect(asked).toMatch(/CAPS Automotive loses 2 changes made since the backup; 1 change not yet sent to the head office will never be sent\./);
      expect(asked).not.toMatch(/upgrade runs again/);
      expect(asked).toMatch(/A backup of the database as it is now is taken first, so the restore can be undone/);
      await app.screenshot('backups-restore-confirm');
      // Escape cancels and changes nothing.
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      expect(productName(dbFile)).toBe('CHANGED AFTER THE BACKUP');

      await page.getByRole('button', { name: `Restore backup ${manual}` }).click();
      await dialog.getByRole('button', { name: 'Restore this backup' }).click();
      await page.getByRole('heading', { name: 'Backup restored' }).waitFor({ timeout: 30_000 });
      await expect.poll(() => rows.count()).toBe(4);
      await expect(rows.first().innerText()).resolves.toMatch(/Before restore/);
      // One way on: the result's Continue (or its Undo restore); the title row's Back is gone.
      expect(await page.getByRole('button', { name: 'Continue' }).count()).toBe(1);
      expect(await page.getByRole('button', { name: 'Back to the till' }).count()).toBe(0);
      await expect(page.getByRole('button', { name: 'Undo restore' }).isVisible()).resolves.toBe(true);
      const stages = new Set(app.events.filter((e) => e.channel === 'pos:backups:progress').map((e) => (e.payload as { stage: string }).stage));
      expect([...stages]).toEqual(expect.arrayContaining(['copy', 'restore', 'reopen']));
      expect(look.restoring).toMatch(new RegExp(`Restoring backup ${manual}\\s+\\d+%\\s+Putting the backup in place · [\\d.]+ (B|KB|MB) of [\\d.]+ (KB|MB)`));
      await app.screenshot('backups-restored');
      expect(productName(dbFile)).toBe(original);

      await page.getByRole('button', { name: 'Continue' }).click();
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
    installTechnicianCode(dbFile);
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

    const app = await openApp(e2e.browser, { userData });
    try {
      const { page } = app;
      await page.getByRole('heading', { name: 'CAPS Automotive' }).waitFor();
      // Cancel (Escape) on the code's prompt goes back to the sign-in screen; nothing was listed.
      await page.getByRole('button', { name: 'Backups' }).click();
      await page.getByRole('dialog', { name: 'Technician code' }).waitFor();
      await page.keyboard.press('Escape');
      await page.getByRole('heading', { name: 'CAPS Automotive' }).waitFor();
      await page.getByRole('button', { name: 'Backups' }).click();
      await enterTechnicianCode(page);
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
