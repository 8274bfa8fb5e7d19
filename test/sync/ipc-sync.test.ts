import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/db/open';
import { DEMO_PIN } from '../../electron/tenancy/pin';
import { copyDatabase, tempDir } from '../helpers';
import { inProcessIpc } from '../support/in-process-ipc';
import { CAPS, twoTenantDatabase } from '../tenancy/fixtures';

/** The sync channels as the page calls them (real handlers over the real worker operations): the header for anyone signed in, the panel for manager+. */
const dir = tempDir();
let file: string;
let cashier: string;
beforeAll(async () => {
  file = copyDatabase(await twoTenantDatabase(dir), path.join(dir, 'ipc-sync.sqlite'));
  const db = openDatabase(file);
  cashier = db
    .prepare(`SELECT username FROM users WHERE tenant_id = ? AND role = 'cashier' AND active = 1 ORDER BY username LIMIT 1`)
    .pluck()
    .get(CAPS) as string;
  db.close();
});

const app = () => inProcessIpc(file, dir);

describe('sync channels', () => {
  it('answer nothing before sign-in', async () => {
    const { call } = app();
    const o = await call('sync', 'status');
    expect(o.ok || o.error.code).toBe('PERMISSION_DENIED');
  });

  it('give a manager the header and the panel of the signed-in store', async () => {
    const { call } = app();
    expect((await call('pos', 'signIn', { storeId: CAPS, username: 'admin', pin: DEMO_PIN })).ok).toBe(true);
    const status = await call('sync', 'status');
    expect(status.ok && status.value.state).toBe('off');
    const panel = await call('sync', 'panel');
    expect(panel.ok && (panel.value.header as { state: string }).state).toBe('off');
  });

  it('give a cashier the header only; the panel, Sync now and resolving are refused where the data is', async () => {
    expect(cashier).toMatch(/./);
    const { call } = app();
    expect((await call('pos', 'signIn', { storeId: CAPS, username: cashier, pin: DEMO_PIN })).ok).toBe(true);
    expect((await call('sync', 'status')).ok).toBe(true);
    for (const [name, input] of [['panel'], ['now'], ['resolve', { conflictId: 'x', choice: 'acknowledged' }]] as const) {
      const o = await call('sync', name, ...(input ? [input] : []));
      expect(o.ok || o.error.code, name).toBe('PERMISSION_DENIED');
    }
  });

  it('refuses a resolve input the contract does not know, before the worker', async () => {
    const { call } = app();
    await call('pos', 'signIn', { storeId: CAPS, username: 'admin', pin: DEMO_PIN });
    const o = await call('sync', 'resolve', { conflictId: 'x', choice: 'delete_everything' });
    expect(o.ok).toBe(false);
  });
});
