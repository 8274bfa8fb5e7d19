import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TABLE_NAMES } from '../../electron/db/catalogue';
import { openDatabase } from '../../electron/db/open';
import { countRows } from '../../electron/db/status';
import { createDemoDatabase, demoRowCounts } from '../../electron/demo/generate';
import { MIGRATIONS } from '../../migrations';
import type { UpgradeProgress } from '../../electron/upgrade/types';
import { openApp, TILL } from './harness/app';
import { useE2eBrowser } from './harness/use-browser';
import { readSamples, recordUpgradeScreen } from './harness/recorder';

const e2e = useE2eBrowser('pos-e2e-upgrade-');
const { dir } = e2e;

describe('first launch after the update, on a store with real data (medium demo store)', () => {
  it('upgrades by itself with the progress visible and advancing, shows the summary, then the POS', async () => {
    const userData = path.join(dir, 'userData');
    fs.mkdirSync(userData);
    const dbFile = path.join(userData, 'pos.sqlite');
    await createDemoDatabase(dbFile, { size: 'medium', seed: 3 });

    const look: { midRun?: { percent: string; now: string; elapsed: string; eta: string; label: string; text: string } } = {};
    const app = await openApp(e2e.browser, {
      userData,
      beforeLoad: recordUpgradeScreen,
      // Look at the screen at one exact moment mid-migration: the page has this event and nothing later.
      async afterEvent(channel, payload) {
        const p = payload as UpgradeProgress;
        if (look.midRun || channel !== 'pos:upgrade:progress' || p.phase !== 'migrate' || p.tablesDone < 8) return;
        await app.page.waitForFunction(() => document.querySelector('[data-testid="upgrade-step"]')?.textContent === 'Upgrading the store database');
        await app.screenshot('upgrade-in-progress');
        const text = (sel: string) => app.page.locator(sel).innerText();
        look.midRun = {
          percent: await text('.progress-percent'),
          now: await text('[data-testid="upgrade-step"]'),
          elapsed: await text('[data-testid="upgrade-elapsed"]'),
          eta: await text('[data-testid="upgrade-eta"]'),
          label: await app.page.locator('.step-active').innerText(),
          text: await text('main'),
        };
      },
    });
    try {
      const { page } = app;
      await page.getByRole('heading', { name: 'Upgrade complete' }).waitFor({ timeout: 60_000 });
      await app.screenshot('upgrade-success');

      // Mid-run, the screen showed the upgrade step in staff words, elapsed and time left, and that a power cut is safe.
      const seen = look.midRun;
      if (!seen) throw new Error('the upgrade never reached table 8 of the migrate phase while the test watched');
      expect(seen.label).toMatch(/^Upgrade/);
      expect(seen.now).toBe('Upgrading the store database');
      expect(Number(seen.percent.replace('%', ''))).toBeGreaterThan(0);
      expect(Number(seen.percent.replace('%', ''))).toBeLessThan(100);
      expect(seen.elapsed).toMatch(/^\d+:\d\d$/);
      expect(seen.eta).toMatch(/^(about \d+:\d\d|a few seconds|less than a minute for this store \([\d.]+ MB\))$/);
      expect(seen.text).toMatch(/A power cut now is safe: nothing changes until the very end, and the upgrade starts again\./);
      expect(seen.text).toMatch(/The till sells again when this finishes/);

      // The bar only moved forward, through many values, and the migrate counter reached 32/32.
      const samples = await readSamples(page);
      const values = samples.filter((s) => s.running && s.value !== null).map((s) => s.value as number);
      expect(new Set(values).size).toBeGreaterThanOrEqual(8);
      for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThanOrEqual(values[i - 1] as number);
      // Every step was shown running, in staff words, and no table name or table counter ever reached the screen.
      expect(new Set(samples.map((s) => s.activeStep).filter(Boolean))).toEqual(
        new Set(['Safety copy', 'Check the data', 'Upgrade', 'Check the result', 'Done']),
      );
      const jargon = new RegExp(`\\b(${TABLE_NAMES.join('|')}|tenant_id)\\b|\\d+/32|Migrate`);
      for (const s of samples.filter((x) => x.running)) expect(s.text).not.toMatch(jargon);
      // Nothing moved while the numbers changed.
      const running = samples.filter((s) => s.running);
      for (const box of ['steps', 'progress', 'outcome'] as const) {
        expect(new Set(running.map((s) => JSON.stringify(s.rects[box]))).size, `${box} moved`).toBe(1);
      }

      // The summary: tables, rows, time, backup id and location.
      const summary = page.locator('section', { has: page.getByRole('heading', { name: 'Upgrade complete' }) });
      const counted = openDatabase(dbFile, { readonly: true });
      const rows = Object.values(countRows(counted)).reduce((a, b) => a + b, 0);
      counted.close();
      const medium = await summary.innerText();
      expect(medium.replace(/,/g, '')).toContain(`Records\n${rows} all checked`);
      const backupId = /Safety copy\s+(\d{8}T\d{6}Z-pre-upgrade-[0-9a-f]{6})/.exec(medium)?.[1];
      expect(backupId).toBeDefined();
      expect(fs.existsSync(path.join(userData, 'backups', `${backupId}.sqlite`))).toBe(true);
      expect(medium).toContain(path.join(userData, 'backups', `${backupId}.sqlite`));

      // It all fits a 1024x768 till screen.
      expect(await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight])).toEqual([TILL.width, TILL.height]);

      // Continue is focused: Enter goes to the POS.
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'CAPS Automotive' }).waitFor();
      await expect(page.getByText('The store database is up to date and the till is ready.').isVisible()).resolves.toBe(true);
      await app.screenshot('pos-home');

      const db = openDatabase(dbFile, { readonly: true });
      const executed = (db.prepare('SELECT name FROM schema_migrations ORDER BY rowid').all() as { name: string }[]).map((r) => r.name);
      expect(executed).toEqual(MIGRATIONS.map((m) => m.name));
      expect(db.prepare(`SELECT count(*) AS n FROM products WHERE tenant_id = 'caps-automotive'`).get()).toEqual({ n: demoRowCounts('medium').products });
      db.close();
      expect(app.problems).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
