import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { columnNames } from '../../electron/db/status';
import { openDatabase } from '../../electron/db/open';
import { demoRowCounts } from '../../electron/demo/generate';
import { MIGRATIONS } from '../../migrations';
import { openApp, TILL } from './harness/app';
import { enterTechnicianCode, installTechnicianCode } from './harness/technician-code';
import { useE2eBrowser } from './harness/use-browser';

const e2e = useE2eBrowser('pos-e2e-failure-');
const { dir } = e2e;

const backupIds = (userData: string) =>
  fs
    .readdirSync(path.join(userData, 'backups'))
    .filter((f) => f.endsWith('.sqlite'))
    .map((f) => f.replace(/\.sqlite$/, ''))
    .sort();

describe('a fresh install whose upgrade fails (a worker whose first migration list fails at a step), then a restore and a retry', () => {
  it('says in staff words that the till cannot sell, whom to call, and offers Retry, Backups and Quit; the technician restores from Backups and can undo', async () => {
    const userData = path.join(dir, 'userData');
    const dbFile = path.join(userData, 'pos.sqlite');
    const app = await openApp(e2e.browser, { userData, failFirstUpgradeAt: { table: 'products', step: 'create-index' } });
    try {
      const { page } = app;
      // A newcomer's first launch: the demo store is created at the legacy schema and the upgrade starts by itself.
      await page.getByRole('heading', { name: 'The upgrade did not finish' }).waitFor({ timeout: 60_000 });
      const screen = await page.locator('main').innerText();
      expect(screen).toMatch(/The till cannot sell until the upgrade succeeds\./);
      expect(screen).toMatch(/Nothing was changed\. The store database is exactly as it was before the upgrade, with every sale\./);
      // Whom to call, from CAPS's configuration: a phone and an address (an offline till can send nothing).
      expect(screen).toMatch(/call CAPS IT helpdesk on \(555\) 010-2299 \(Mon-Sat 7:00-19:00; CAPS Automotive IT, 1200 Industrial Way, Springfield\)/);
      expect(screen).toMatch(/give them the code MIGRATION_FAILED/);
      // No jargon: no table, no check, no table counter, no raw exception text (they are in the diagnostic report).
      expect(screen).not.toMatch(/products|tenant_id|create-index|migrate:|\d+\/32|Migrate|Failure injected|Table |Check migrate/);
      expect(await page.getByRole('button').allInnerTexts()).toEqual(['Retry', 'Backups (technician)', 'Quit', 'Copy diagnostic report']);
      await expect(page.locator('.step-failed .step-label').innerText()).resolves.toBe('Upgrade');
      await expect(page.getByRole('button', { name: 'Retry' }).evaluate((b) => b === document.activeElement)).resolves.toBe(true);
      expect(await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight])).toEqual([TILL.width, TILL.height]);
      await app.screenshot('upgrade-failed');

      // Really unchanged: still the legacy schema, every demo row there.
      const db = openDatabase(dbFile, { readonly: true });
      expect((db.prepare('SELECT name FROM schema_migrations').all() as { name: string }[]).map((r) => r.name)).toEqual(['0001-legacy-schema']);
      expect(columnNames(db, 'products')).not.toContain('tenant_id');
      expect(db.prepare('SELECT count(*) AS n FROM products').get()).toEqual({ n: demoRowCounts('small').products });
      db.close();
      const [preUpgrade] = backupIds(userData);
      expect(preUpgrade).toMatch(/-pre-upgrade-/);

      // The details are in the diagnostic report, for support.
      await page.getByRole('button', { name: 'Copy diagnostic report' }).click();
      await page.getByText('The diagnostic report is on the clipboard').waitFor();
      expect(app.clipboard).toHaveLength(1);
      expect(app.clipboard[0]).toMatch(/MIGRATION_FAILED: Migration 0002-tenant-id failed: Failure injected by the test at create-index on products/);
      expect(app.clipboard[0]).toContain(`Backup:      ${preUpgrade}`);

      // The pre-upgrade backup is offered in the technician's list, with what a restore would lose and that the upgrade runs again.
      // A store still at the legacy schema (its upgrade failed before 0006) cannot hold a technician code: with none
      // beside it either, the Backups are refused with no one signed in and say how a technician sets one.
      await page.getByRole('button', { name: 'Backups (technician)' }).click();
      const prompt = page.getByRole('dialog', { name: 'Technician code' });
      await prompt.getByLabel('Technician code').fill('730418');
      await prompt.getByRole('button', { name: 'Open Backups' }).click();
      await expect(prompt.getByRole('alert').innerText()).resolves.toContain(
        `a technician must set it on this computer with \`pos-db technician-code set --db ${dbFile}\``,
      );
      expect(await page.getByRole('button', { name: `Restore backup ${preUpgrade}` }).count()).toBe(0);
      // The technician sets it on the machine (pos-db's service: only beside the store), and types it.
      installTechnicianCode(dbFile);
      await enterTechnicianCode(page);
      await page.getByRole('heading', { name: 'Backups' }).waitFor();
      await page.getByRole('button', { name: `Restore backup ${preUpgrade}` }).waitFor();
      await page.getByRole('button', { name: `Restore backup ${preUpgrade}` }).click();
      const dialog = page.getByRole('dialog', { name: 'Restore this backup?' });
      await dialog.getByText('CAPS Automotive loses nothing').waitFor();
      const asked = await dialog.innerText();
      expect(asked).toMatch(/replaces the whole store database on this computer, for every store in it/);
      expect(asked).toMatch(/This backup is from before the upgrade\. After the restore the upgrade runs again/);
      expect(asked).toMatch(/A backup of the database as it is now is taken first, so the restore can be undone/);
      await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Cancel');
      await page.keyboard.press('Shift+Tab');
      await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Restore this backup');
      await expect(page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle)).resolves.toBe('solid');
      await app.screenshot('restore-confirm');
      await page.keyboard.press('Enter');

      await page.getByRole('heading', { name: 'Backup restored' }).waitFor({ timeout: 30_000 });
      const done = await page.locator('.panel-ok').innerText();
      expect(done).toMatch(/Continue runs the upgrade/);
      const preRestore = backupIds(userData).find((id) => id.includes('-pre-restore-'));
      expect(preRestore).toBeDefined();
      expect(done).toContain(preRestore);
      // One Continue on the screen, and the Undo.
      expect(await page.getByRole('button', { name: 'Continue' }).count()).toBe(1);
      await expect(page.getByRole('button', { name: 'Undo restore' }).isVisible()).resolves.toBe(true);
      expect(app.events.some((e) => e.channel === 'pos:backups:progress')).toBe(true);
      await app.screenshot('restore-done');

      // Undo restore: the pre-restore backup comes back (another pre-restore backup is taken first).
      await page.getByRole('button', { name: 'Undo restore' }).click();
      await page.getByRole('heading', { name: 'Restore undone: the database is back as it was' }).waitFor({ timeout: 30_000 });
      expect(backupIds(userData).filter((id) => id.includes('-pre-restore-'))).toHaveLength(2);

      // Continue: the upgrade screen again with its estimate, waiting for the technician rather than starting by itself.
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('button', { name: 'Start the upgrade' }).waitFor();
      await expect(page.locator('main').innerText()).resolves.toMatch(/It takes less than a minute for this store \([\d.]+ (KB|MB)\) and runs by itself/);
      await page.getByRole('button', { name: 'Start the upgrade' }).click();
      await page.getByRole('heading', { name: 'Upgrade complete' }).waitFor({ timeout: 60_000 });
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('heading', { name: 'CAPS Automotive' }).waitFor();

      const after = openDatabase(dbFile, { readonly: true });
      expect((after.prepare('SELECT name FROM schema_migrations ORDER BY rowid').all() as { name: string }[]).map((r) => r.name)).toEqual(
        MIGRATIONS.map((m) => m.name),
      );
      expect(after.prepare(`SELECT count(*) AS n FROM products WHERE tenant_id = 'caps-automotive'`).get()).toEqual({ n: demoRowCounts('small').products });
      // The undo is in the audit trail (a v1 file's rows belong to CAPS after the upgrade). The first restore's entry went
      // with the file it was written in: the undo put back the database from before it (that file is the undo's pre-restore backup).
      expect(after.prepare(`SELECT count(*) AS n FROM audit_log WHERE action = 'store.restore' AND tenant_id = 'caps-automotive'`).get()).toEqual({ n: 1 });
      after.close();
      expect(backupIds(userData).filter((id) => id.includes('-pre-upgrade-'))).toHaveLength(2);
      expect(app.problems).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('a restore that fails says so, leaves the database alone, and Close goes back to the list', async () => {
    const userData = path.join(dir, 'damaged');
    const dbFile = path.join(userData, 'pos.sqlite');
    const app = await openApp(e2e.browser, { userData, failFirstUpgradeAt: { table: 'customers', step: 'create-index' } });
    try {
      const { page } = app;
      await page.getByRole('heading', { name: 'The upgrade did not finish' }).waitFor({ timeout: 60_000 });
      const [preUpgrade] = backupIds(userData);
      // Damage the backup: the restore must verify it and refuse before touching anything.
      // Same size, other bytes: the list still offers it (its cheap check passes), the restore's sha256 catches it.
      const fd = fs.openSync(path.join(userData, 'backups', `${preUpgrade}.sqlite`), 'r+');
      fs.writeSync(fd, Buffer.from('garbage'), 0, 7, 8192);
      fs.closeSync(fd);
      installTechnicianCode(dbFile);
      const before = fs.readFileSync(dbFile);

      await page.getByRole('button', { name: 'Backups (technician)' }).click();
      await enterTechnicianCode(page);
      await page.getByRole('button', { name: `Restore backup ${preUpgrade}` }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Restore this backup' }).click();
      await page.getByRole('heading', { name: 'The restore did not complete' }).waitFor({ timeout: 30_000 });
      const said = await page.getByRole('alert').innerText();
      expect(said).toContain(preUpgrade);
      expect(said).toMatch(/choose another backup from the list on the Backups screen/);
      expect(said).not.toMatch(/pos-db/);
      expect(fs.readFileSync(dbFile).equals(before)).toBe(true);
      await app.screenshot('restore-failed');

      await page.keyboard.press('Enter'); // Close has the focus
      await page.getByRole('button', { name: 'Back to the upgrade' }).click();
      await page.getByRole('button', { name: 'Start the upgrade' }).waitFor();
      expect(app.problems).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
