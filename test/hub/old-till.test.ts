import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SYNC_PROTOCOL_VERSION, type TillHello } from '../../contracts/sync/protocol';
import type { Db } from '../../electron/db/open';
import { createSyncService, UpgradeRequiredError } from '../../electron/sync';
import { runAsTenant } from '../../electron/tenancy/context';
import { createRepositories } from '../../electron/tenancy/repositories';
import { tempDir } from '../helpers';
import { CAPS, NORTH, openTill, seedHubFrom, tillCopy, twoStoreFile } from '../sync/support/tills';
import { FakeTill, HELLO, post } from './support/fake-till';
import { startHub, type StartedHub } from './support/start-hub';

/**
 * A till that has not installed the update meets a hub that has. The hub
 * refuses every request of a till speaking an older sync protocol, or whose
 * database predates the sync migration, with 426 and a message telling the
 * store to install the update, and records nothing of it; the real till keeps
 * its queue as it was, and the first sync after the update drains it.
 * The till's side of the wire is the real sync service; only what it says of
 * itself (its hello) is made older, from the test, and the hub is made one
 * protocol version newer (what the contract says it speaks).
 */
const older = vi.hoisted(() => ({ hello: null as Partial<TillHello> | null, shipped: 0 }));
// The hub is one sync protocol ahead of the version the tills of today speak (the next release's hub):
// the hub's code is the real one, reading the version it speaks from the contract.
vi.mock('../../contracts/sync/protocol', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../contracts/sync/protocol')>();
  older.shipped = real.SYNC_PROTOCOL_VERSION;
  return { ...real, SYNC_PROTOCOL_VERSION: real.SYNC_PROTOCOL_VERSION + 1 };
});
vi.mock('../../electron/sync/hello', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../electron/sync/hello')>();
  return { tillHello: (db: Db): TillHello => ({ ...real.tillHello(db), ...(older.hello ?? {}) }) };
});

/** The version this build's tills speak, one behind the hub's. */
const OLD_PROTOCOL = { protocolVersion: SYNC_PROTOCOL_VERSION - 1 };
const OLD_SCHEMA = { schema: '0003-tenant-integrity' };

const dir = tempDir('pos-old-till-');
let hub: StartedHub;
let file: string;
beforeAll(async () => {
  hub = await startHub();
  file = await twoStoreFile(dir, 51);
  await seedHubFrom(hub, file, { [CAPS]: 'CAPS Automotive', [NORTH]: 'Northside Tires' });
}, 180_000);
afterAll(async () => hub?.stop());

const tillRow = async (tillId: string) =>
  (await hub.querySuper<{ last_seq: string; pulled_version: string }>(`SELECT last_seq, pulled_version FROM hub.tills WHERE id = $1`, [tillId]))[0]!;
const recorded = async (tillId: string) =>
  Number((await hub.querySuper<{ n: string }>(`SELECT count(*) AS n FROM hub.applied_operations WHERE till_id = $1`, [tillId]))[0]!.n);

describe('the hub and a till that has not upgraded', () => {
  it('speaks one protocol version ahead of the tills of this build (the setting of this file)', () => {
    expect(SYNC_PROTOCOL_VERSION).toBe(older.shipped + 1);
    expect(OLD_PROTOCOL.protocolVersion).toBe(older.shipped);
  });

  it.each<[string, Partial<TillHello>]>([
    ['an older sync protocol', OLD_PROTOCOL],
    ['a database before the sync migration 0004', OLD_SCHEMA],
  ])('%s: every endpoint answers 426 upgrade_required, telling the store to install the update, and records nothing', async (what, hello) => {
    const till = await FakeTill.enroll(hub.url, await hub.enrollCode(CAPS, `old: ${what}`));
    const before = await tillRow(till.tillId);
    const op = till.op('inventory_transaction', 'insert', { id: crypto.randomUUID(), productId: crypto.randomUUID(), kind: 'receive', quantity: 1 });
    const answers = [
      await post(`${hub.url}/v1/enroll`, { ...HELLO, ...hello, code: await hub.enrollCode(CAPS, 'never') }),
      await post(`${hub.url}/v1/push`, { ...HELLO, ...hello, operations: [op] }, till.token),
      await post(`${hub.url}/v1/pull`, { ...HELLO, ...hello, cursor: null, limit: 10 }, till.token),
      await post(
        `${hub.url}/v1/holds`,
        { ...HELLO, ...hello, holds: [{ id: crypto.randomUUID(), kind: 'gift_card', accountId: crypto.randomUUID(), amountCents: 100 }] },
        till.token,
      ),
    ];
    for (const a of answers) {
      expect(a.status).toBe(426);
      expect(a.body).toMatchObject({ code: 'upgrade_required' });
      expect((a.body as { message: string }).message).toMatch(/install the update on the till/);
    }
    expect(await recorded(till.tillId)).toBe(0);
    expect(await tillRow(till.tillId)).toEqual(before);
    // The same till, up to date, is served.
    expect((await till.pull()).status).toBe(200);
  });

  it('a real till refused for its version keeps its queue as it was; once updated, its first sync drains it, each operation once', async () => {
    const db = openTill(tillCopy(file, dir, 'not-upgraded'));
    try {
      const sync = createSyncService(db);
      const { tillId } = await sync.enroll({ hubUrl: hub.url, code: await hub.enrollCode(CAPS, 'not-upgraded') });
      const user = db.prepare(`SELECT id FROM users WHERE tenant_id = ? AND username = 'admin'`).pluck().get(CAPS) as string;
      const product = db.prepare(`SELECT product_id FROM inventory WHERE tenant_id = ? ORDER BY product_id LIMIT 1`).pluck().get(CAPS) as string;
      runAsTenant({ tenantId: CAPS, userId: user }, () => createRepositories(db).inventory.receive({ productId: product, quantity: 3, unitCostCents: 100 }));
      const queue = () =>
        db.prepare(`SELECT id, seq, payload FROM pending_operations WHERE tenant_id = ? AND seq IS NOT NULL AND status <> 'done' ORDER BY seq`).all(CAPS);
      const statuses = () =>
        db.prepare(`SELECT DISTINCT status FROM pending_operations WHERE tenant_id = ? AND seq IS NOT NULL AND status <> 'done'`).pluck().all(CAPS);
      const cursor = () => db.prepare(`SELECT cursor FROM sync_state WHERE tenant_id = ?`).pluck().get(CAPS);
      const queued = queue();
      const cursorBefore = cursor();
      expect(queued.length).toBeGreaterThan(1);

      for (const hello of [OLD_PROTOCOL, OLD_SCHEMA]) {
        older.hello = hello;
        const [pushed] = await sync.push();
        expect(pushed).toMatchObject({ ok: false, error: { code: new UpgradeRequiredError('').code } });
        expect(!pushed!.ok && pushed!.error.message).toMatch(/install the update on the till/);
        expect(!pushed!.ok && pushed!.error.hint).toMatch(/Install the POS Desktop update; nothing was lost/);
        const [pulled] = await sync.pull();
        expect(pulled).toMatchObject({ ok: false, error: { code: 'SYNC_UPGRADE_REQUIRED' } });
        expect(queue(), 'every operation still queued, as it was').toEqual(queued);
        expect(statuses(), 'waiting to be sent, none left in flight').toEqual(['pending']);
        expect(cursor()).toBe(cursorBefore);
        expect(sync.status().find((s) => s.tenantId === CAPS)?.lastError).toMatch(/refuses this version/);
      }
      expect(await recorded(tillId)).toBe(0);

      older.hello = null; // the update is installed
      const [round] = await sync.sync();
      expect(round?.push).toMatchObject({ ok: true, applied: queued.length, rejected: 0, remaining: 0 });
      expect(round?.pull).toMatchObject({ ok: true });
      expect(queue()).toEqual([]);
      const onHub = await hub.querySuper<{ op_id: string }>(`SELECT op_id FROM hub.applied_operations WHERE till_id = $1 ORDER BY seq`, [tillId]);
      expect(onHub.map((r) => r.op_id)).toEqual(queued.map((o) => (o as { id: string }).id));
    } finally {
      older.hello = null;
      db.close();
    }
  }, 120_000);
});
