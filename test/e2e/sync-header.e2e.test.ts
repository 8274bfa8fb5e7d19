import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/db/open';
import { copyDatabase } from '../helpers';
import { CAPS, twoTenantDatabase } from '../tenancy/fixtures';
import { openApp } from './harness/app';
import { useE2eBrowser } from './harness/use-browser';

/**
 * The till header's sync indicator in the real renderer over the real worker: each state set up in the
 * store file the app has open (the indicator reads the till's database), and the offline state reached
 * for real, by the background sync failing against a hub that does not answer. Screenshots of each.
 */
const e2e = useE2eBrowser('pos-e2e-sync-');
const { dir } = e2e;
let fixture: string;

beforeAll(async () => {
  fixture = await twoTenantDatabase(dir);
}, 180_000);

describe('sync in the till header', () => {
  it('shows sync off, in step, queued N, needs attention and offline since T', async () => {
    const userData = path.join(dir, 'header');
    fs.mkdirSync(userData);
    const file = copyDatabase(fixture, path.join(userData, 'pos.sqlite'));
    const app = await openApp(e2e.browser, { userData });
    const db = openDatabase(file);
    const run = (sql: string, args: Record<string, unknown> = {}) => db.prepare(sql).run({ t: CAPS, ...args });
    const badge = app.page.getByTestId('sync-state');
    const expectState = async (state: string) => app.page.locator(`[data-testid="sync-state"][data-state="${state}"]`).waitFor({ timeout: 12_000 });
    try {
      const { page } = app;
      await page.getByRole('radio', { name: 'CAPS Automotive' }).check();
      await page.getByLabel('Username').fill('admin');
      await page.getByLabel('PIN').fill('1234');
      await page.getByRole('button', { name: 'Sign in to CAPS Automotive' }).click();
      await expectState('off');
      await expect(badge.innerText()).resolves.toBe('Sync off');

      run(`UPDATE sync_conflicts SET resolved_at = '2026-12-01T00:00:00.000Z' WHERE resolved_at IS NULL`);
      run(`INSERT INTO sync_credentials (id, tenant_id, hub_url, hub_id, till_name, token, seq_base, enrolled_at)
        VALUES ('cred-e2e', @t, 'http://127.0.0.1:9', 'hub-1', 'Front counter', 'caps-automotive.x', 0, '2026-12-03T08:00:00.000Z')`);
      const max = db.prepare(`SELECT coalesce(max(seq), 0) FROM pending_operations WHERE tenant_id = ?`).pluck().get(CAPS) as number;
      // A backoff far ahead keeps the background sync away from the hub until the offline step lets it try.
      run(
        `INSERT INTO sync_state (id, tenant_id, acked_seq, last_push_at, next_attempt_at) VALUES ('st-e2e', @t, @max, '2026-12-03T09:00:00.000Z', '2099-01-01T00:00:00.000Z')
        ON CONFLICT (tenant_id) DO UPDATE SET acked_seq = @max, next_attempt_at = excluded.next_attempt_at`,
        { max },
      );
      await expectState('in_step');
      await expect(badge.innerText()).resolves.toBe('In step');
      await app.screenshot('sync-header-in-step');

      run(`UPDATE sync_state SET acked_seq = @a WHERE tenant_id = @t`, { a: Math.max(0, max - 3) });
      run(`UPDATE pending_operations SET status = 'pending' WHERE tenant_id = @t AND seq > @a`, { a: Math.max(0, max - 3) });
      await expectState('queued');
      await expect(badge.innerText()).resolves.toMatch(/^Queued \d+$/);
      await app.screenshot('sync-header-queued');

      run(`INSERT INTO sync_conflicts (id, tenant_id, sync_log_id, entity_type, entity_id, local_data, remote_data, resolution, detected_at, resolved_at, operation_id, code, reason)
        SELECT 'conf-e2e', @t, NULL, entity_type, entity_id, '{}', '{}', NULL, '2026-12-03T09:10:00.000Z', NULL, id, 'insufficient_balance', 'x'
        FROM pending_operations WHERE tenant_id = @t ORDER BY seq DESC LIMIT 1`);
      await expectState('attention');
      await expect(badge.innerText()).resolves.toBe('Needs attention (1)');
      await app.screenshot('sync-header-attention');

      run(`UPDATE sync_conflicts SET resolved_at = '2026-12-03T09:11:00.000Z' WHERE id = 'conf-e2e'`);
      run(`UPDATE sync_state SET next_attempt_at = NULL WHERE tenant_id = @t`);
      // The background sync finds the store enrolled and fails against a hub that does not answer: offline for real.
      await page.getByRole('button', { name: 'Products', exact: true }).click();
      await app.page.locator('[data-testid="sync-state"][data-state="offline"]').waitFor({ timeout: 40_000 });
      await expect(badge.innerText()).resolves.toMatch(/^Offline since \d/);
      await app.screenshot('sync-header-offline');
      expect(app.problems).toEqual([]);
    } finally {
      db.close();
      await app.close();
    }
  }, 120_000);
});
