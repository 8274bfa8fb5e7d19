import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/db/open';
import { createSyncService, pushTenant } from '../../electron/sync';
import { DEMO_PIN } from '../../electron/tenancy/pin';
import type { SyncFirstResult, UnsentBeforeRestore } from '../../electron/worker/ops/restore-sync';
import { startHub, type StartedHub } from '../hub/support/start-hub';
import { tempDir } from '../helpers';
import { servedWorker, until } from '../support/served-worker';
import { inProcessIpc } from '../support/in-process-ipc';
import { startHubProxy, type HubProxy } from './support/proxy';
import { CAPS, NORTH, seedHubFrom, tillCopy, twoStoreFile } from './support/tills';

/**
 * The restore confirmation's sync facts, as the Backups screen asks them (real
 * IPC handlers over the real worker operations, a real hub behind a proxy the
 * test can take down): per enrolled store of the current database, how many
 * operations the hub has not received, whether the hub answers, and Sync first
 * offered when it does; Sync first sends them, and the count is 0 afterwards.
 */
const dir = tempDir('pos-restore-unsent-');
let hub: StartedHub;
let proxy: HubProxy;
let file: string;
let capsQueued: number;
beforeAll(async () => {
  hub = await startHub();
  proxy = await startHubProxy(hub.url);
  const source = await twoStoreFile(dir, 71);
  await seedHubFrom(hub, source, { [CAPS]: 'CAPS Automotive', [NORTH]: 'Northside Tires' });
  file = tillCopy(source, dir, 'both');
  const db = openDatabase(file);
  try {
    const sync = createSyncService(db);
    await sync.enroll({ hubUrl: proxy.url, code: await hub.enrollCode(CAPS, 'both (caps)') });
    await sync.enroll({ hubUrl: proxy.url, code: await hub.enrollCode(NORTH, 'both (north)') });
    // Northside's queue is sent; CAPS's is not.
    expect(await pushTenant(db, NORTH)).toMatchObject({ tenantId: NORTH, remaining: 0 });
    capsQueued = db.prepare(`SELECT count(*) FROM pending_operations WHERE tenant_id = ? AND seq IS NOT NULL AND status <> 'done'`).pluck().get(CAPS) as number;
  } finally {
    db.close();
  }
  expect(capsQueued).toBeGreaterThan(0);
}, 180_000);
afterAll(async () => {
  await proxy?.close();
  await hub?.stop();
});

async function signedIn(role: 'admin' | 'cashier') {
  const ipc = inProcessIpc(file, dir);
  const db = openDatabase(file, { readonly: true });
  const username = db
    .prepare(`SELECT username FROM users WHERE tenant_id = ? AND role = ? AND active = 1 ORDER BY username LIMIT 1`)
    .pluck()
    .get(CAPS, role) as string;
  db.close();
  const o = await ipc.call('pos', 'signIn', { storeId: CAPS, username, pin: DEMO_PIN });
  expect(o.ok, JSON.stringify(o)).toBe(true);
  return ipc;
}

describe('before a restore: what the hub has not received', () => {
  it('counts it per enrolled store and offers Sync first while the hub answers; not when it does not', async () => {
    const { call } = await signedIn('admin');
    const reachable = await call<UnsentBeforeRestore>('backups', 'unsent');
    expect(reachable.ok && reachable.value).toEqual({
      tenants: [
        { tenantId: CAPS, name: 'CAPS Automotive', notReceived: capsQueued, hubReachable: true },
        { tenantId: NORTH, name: 'Northside Tires', notReceived: 0, hubReachable: true },
      ],
      offerSyncFirst: true,
    });

    proxy.mode = 'down';
    try {
      const down = await call<UnsentBeforeRestore>('backups', 'unsent');
      expect(down.ok && down.value).toEqual({
        tenants: [
          { tenantId: CAPS, name: 'CAPS Automotive', notReceived: capsQueued, hubReachable: false },
          { tenantId: NORTH, name: 'Northside Tires', notReceived: 0, hubReachable: false },
        ],
        offerSyncFirst: false,
      });
      // Sync first with the hub gone: nothing sent, the reason per store, the count unchanged.
      const failed = await call<SyncFirstResult>('backups', 'syncFirst');
      expect(failed.ok && failed.value.allReceived).toBe(false);
      const caps = failed.ok ? failed.value.tenants.find((t) => t.tenantId === CAPS) : undefined;
      expect(caps).toMatchObject({ notReceived: capsQueued, error: { code: 'SYNC_HUB_UNREACHABLE' } });
    } finally {
      proxy.mode = 'forward';
    }
  }, 60_000);

  it('asks the hubs with the worker queue free: a POS call sent while the hub hangs is answered first', async () => {
    const { answers, send, signIn } = servedWorker({ databasePath: file, backupDir: `${dir}/queue-backups` });
    const token = await signIn(CAPS);
    proxy.mode = 'hang';
    try {
      send(2, 'backups.unsent', undefined);
      send(3, 'pos.call', { token, op: 'lookUp', input: { query: 'oil' } });
      await until(() => answers.length === 3, 15_000);
    } finally {
      proxy.mode = 'forward';
    }
    // The lookup arrived after the unsent count and was answered while it waited on the hub's health check.
    expect(answers.map((a) => a.id)).toEqual([1, 3, 2]);
    expect(answers[2]).toMatchObject({ ok: true, value: { offerSyncFirst: false } });
  });

  it('Sync first sends every store’s unsent operations; afterwards nothing is left for the restore to lose', async () => {
    const { call } = await signedIn('admin');
    const done = await call<SyncFirstResult>('backups', 'syncFirst');
    expect(done.ok && done.value).toEqual({
      tenants: [
        { tenantId: CAPS, name: 'CAPS Automotive', notReceived: 0, error: null },
        { tenantId: NORTH, name: 'Northside Tires', notReceived: 0, error: null },
      ],
      allReceived: true,
    });
    const [{ n }] = (await hub.queryAs<{ n: string }>(CAPS, `SELECT count(*) AS n FROM hub.applied_operations`)) as [{ n: string }];
    expect(Number(n)).toBe(capsQueued);
    const after = await call<UnsentBeforeRestore>('backups', 'unsent');
    expect(after.ok && after.value.offerSyncFirst).toBe(false);
    expect(after.ok && after.value.tenants.map((t) => t.notReceived)).toEqual([0, 0]);
  }, 60_000);

  it('is a technician’s (or admin’s): a cashier is refused both', async () => {
    const { call } = await signedIn('cashier');
    for (const name of ['unsent', 'syncFirst']) {
      const o = await call('backups', name);
      expect(o.ok || o.error.code, name).toBe('PERMISSION_DENIED');
    }
  });
});
