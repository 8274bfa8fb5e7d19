import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackup } from '../../electron/backup';
import { openDatabase } from '../../electron/db/open';
import { createDemoDatabase } from '../../electron/demo/generate';
import { createSyncService } from '../../electron/sync';
import { runUpgrade } from '../../electron/upgrade';
import { startHub, type StartedHub } from '../hub/support/start-hub';
import { CAPS, seedHubFrom } from '../sync/support/tills';
import { openApp } from './harness/app';
import { useE2eBrowser } from './harness/use-browser';
import { enterTechnicianCode, installTechnicianCode } from './harness/technician-code';

/**
 * The Backups screen's restore confirmation on a store enrolled with a real
 * hub: it says how many changes the head office has not received, Sync first
 * is ticked, and confirming sends them before the restore goes on.
 */
const e2e = useE2eBrowser('pos-e2e-sync-first-');
const { dir } = e2e;
let hub: StartedHub;

beforeAll(async () => {
  hub = await startHub();
}, 180_000);
afterAll(async () => hub?.stop());

describe('restore with Sync first', () => {
  it('shows what the head office has not received, syncs first, then restores', async () => {
    const userData = path.join(dir, 'userData');
    fs.mkdirSync(userData);
    const dbFile = path.join(userData, 'pos.sqlite');
    await createDemoDatabase(dbFile, { size: 'small', seed: 7 });
    expect((await runUpgrade({ dbPath: dbFile })).ok).toBe(true);
    installTechnicianCode(dbFile);
    await seedHubFrom(hub, dbFile, { [CAPS]: 'CAPS Automotive' });
    const db = openDatabase(dbFile);
    let unsent: number;
    let backupId: string;
    try {
      await createSyncService(db).enroll({ hubUrl: hub.url, code: await hub.enrollCode(CAPS, 'front') });
      // The background sync waits (a backoff far ahead): the queue is still unsent when the technician restores.
      db.prepare(`UPDATE sync_state SET next_attempt_at = '2099-01-01T00:00:00.000Z' WHERE tenant_id = ?`).run(CAPS);
      unsent = db.prepare(`SELECT count(*) FROM pending_operations WHERE tenant_id = ? AND seq IS NOT NULL AND status <> 'done'`).pluck().get(CAPS) as number;
      backupId = (await createBackup(db, { backupDir: path.join(userData, 'backups'), reason: 'manual' })).id;
    } finally {
      db.close();
    }
    expect(unsent).toBeGreaterThan(0);

    const app = await openApp(e2e.browser, { userData });
    try {
      const { page } = app;
      await page.getByRole('heading', { name: 'CAPS Automotive' }).waitFor();
      await page.getByRole('button', { name: 'Backups' }).click();
      await enterTechnicianCode(page);
      await page.getByRole('heading', { name: 'Backups' }).waitFor();
      await page.getByRole('button', { name: `Restore backup ${backupId}` }).click();
      const dialog = page.getByRole('dialog', { name: 'Restore this backup?' });
      await dialog.getByText('not yet received by the head office').waitFor();
      await expect(dialog.innerText()).resolves.toMatch(new RegExp(`CAPS Automotive: ${unsent} changes not yet received by the head office\\.`));
      const box = dialog.getByRole('checkbox', { name: /Sync first/ });
      await expect(box.isChecked()).resolves.toBe(true);
      const go = dialog.getByRole('button', { name: 'Sync first, then restore' });
      await expect(go.isEnabled()).resolves.toBe(true);
      await app.screenshot('backups-restore-sync-first');
      expect(Number((await hub.queryAs<{ n: string }>(CAPS, `SELECT count(*) AS n FROM hub.applied_operations`))[0]!.n)).toBe(0);

      await go.click();
      await page.getByRole('heading', { name: 'Backup restored' }).waitFor({ timeout: 60_000 });
      // Everything the database held reached the hub before the restore replaced it.
      expect(Number((await hub.queryAs<{ n: string }>(CAPS, `SELECT count(*) AS n FROM hub.applied_operations`))[0]!.n)).toBe(unsent);
      expect(app.problems).toEqual([]);
    } finally {
      await app.close();
    }
  }, 180_000);
});
