import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../electron/db/open';
import { closeShift, currentShift, openShift } from '../../electron/sales/shift';
import { createSyncService, type SyncService } from '../../electron/sync';
import { runAsTenant } from '../../electron/tenancy/context';
import { createRepositories } from '../../electron/tenancy/repositories';
import { UNENROLLED_TILL_ID } from '../../electron/tenancy/repositories/shifts';
import { startHub, type StartedHub } from '../hub/support/start-hub';
import { tempDir } from '../helpers';
import { CAPS, openTill, seedHubFrom, tillCopy, twoStoreFile } from './support/tills';

/**
 * A shift is one till's drawer (migration 0011, shifts.till_id). Two tills of
 * CAPS on a real hub: each pulls the other's open shift and still opens,
 * finds and closes only its own; a shift opened before the till was enrolled
 * stays its current shift through the enrollment; the hub writes the pushing
 * till's id into the row the other tills pull.
 */
const dir = tempDir('pos-shift-till-');
let hub: StartedHub;

interface Till {
  db: Db;
  sync: SyncService;
  tillId: string;
}
const tills: Till[] = [];

beforeAll(async () => {
  hub = await startHub();
  const file = await twoStoreFile(dir, 11);
  await seedHubFrom(hub, file, { [CAPS]: 'CAPS Automotive' });
  for (const name of ['t1', 't2']) {
    const db = openTill(tillCopy(file, dir, name));
    tills.push({ db, sync: createSyncService(db, { timeoutMs: 10_000 }), tillId: '' });
  }
}, 180_000);
afterAll(async () => {
  for (const t of tills) t.db.close();
  await hub?.stop();
});

async function enroll(t: Till, name: string) {
  t.tillId = (await t.sync.enroll({ hubUrl: hub.url, code: await hub.enrollCode(CAPS, name) })).tillId;
}

/** Runs a shift call on the till as its admin, as the worker does inside a session. */
function asAdmin<T>(t: Till, fn: (r: ReturnType<typeof createRepositories>) => T): T {
  const admin = t.db.prepare(`SELECT id FROM users WHERE tenant_id = ? AND username = 'admin'`).pluck().get(CAPS) as string;
  return runAsTenant({ tenantId: CAPS, userId: admin }, () => fn(createRepositories(t.db)));
}

const shiftRow = (t: Till, id: string) =>
  t.db.prepare(`SELECT till_id, status FROM shifts WHERE tenant_id = ? AND id = ?`).get(CAPS, id) as { till_id: string | null; status: string } | undefined;

async function synced(t: Till) {
  const [r] = await t.sync.sync();
  expect(r?.push?.ok, JSON.stringify(r?.push)).toBe(true);
  expect(r?.pull?.ok, JSON.stringify(r?.pull)).toBe(true);
}

describe('a shift belongs to the till that opened it', () => {
  it('two tills of one store each hold an open shift, and each finds and closes only its own', async () => {
    const [t1, t2] = tills as [Till, Till];
    await enroll(t1, 'till-1');

    // Till 2 is not enrolled yet: its drawer is the unenrolled till's.
    const s2 = asAdmin(t2, (r) => openShift(r, 5_000)).shift;
    expect(shiftRow(t2, s2.id)).toEqual({ till_id: UNENROLLED_TILL_ID, status: 'open' });

    const s1 = asAdmin(t1, (r) => openShift(r, 10_000)).shift;
    expect(shiftRow(t1, s1.id)).toEqual({ till_id: t1.tillId, status: 'open' });
    await synced(t1);

    // Enrolling keeps till 2's open drawer its current shift, under its new id.
    await enroll(t2, 'till-2');
    expect(shiftRow(t2, s2.id)).toEqual({ till_id: t2.tillId, status: 'open' });
    expect(asAdmin(t2, (r) => currentShift(r))?.shift.id).toBe(s2.id);
    await synced(t2);

    // Till 2 now holds till 1's open shift, named as till 1's by the hub; its current shift is still its own.
    expect(shiftRow(t2, s1.id)).toEqual({ till_id: t1.tillId, status: 'open' });
    expect(asAdmin(t2, (r) => currentShift(r))?.shift.id).toBe(s2.id);
    const onHub = await hub.queryAs<{ id: string; till_id: string }>(CAPS, `SELECT id, row->>'till_id' AS till_id FROM hub.shifts WHERE id = ANY($1)`, [
      [s1.id, s2.id],
    ]);
    expect(Object.fromEntries(onHub.map((r) => [r.id, r.till_id]))).toEqual({ [s1.id]: t1.tillId, [s2.id]: t2.tillId });

    // Till 2 closes its drawer; till 1's stays open, and is not a reason to refuse till 2 a new one (the bug 0011 fixed).
    asAdmin(t2, (r) => closeShift(r, 5_000));
    expect(shiftRow(t2, s2.id)?.status).toBe('closed');
    expect(shiftRow(t2, s1.id)?.status).toBe('open');
    expect(asAdmin(t2, (r) => currentShift(r))).toBeNull();
    expect(() => asAdmin(t2, (r) => closeShift(r, 0))).toThrow(/no shift is open on this till/);
    const again = asAdmin(t2, (r) => openShift(r, 7_500)).shift;
    expect(asAdmin(t2, (r) => currentShift(r))?.shift.id).toBe(again.id);
    expect(() => asAdmin(t2, (r) => openShift(r, 1))).toThrow(/already open/);
    // Another till's shift cannot be closed here even by its id.
    expect(() => asAdmin(t2, (r) => r.shifts.close({ shiftId: s1.id, expectedCents: 0, countedCents: 0, overShortCents: 0 }))).toThrow(/not open on this till/);
    await synced(t2);

    // Till 1 pulls till 2's shifts and keeps its own drawer.
    await synced(t1);
    expect(shiftRow(t1, again.id)).toEqual({ till_id: t2.tillId, status: 'open' });
    expect(shiftRow(t1, s2.id)).toEqual({ till_id: t2.tillId, status: 'closed' });
    expect(asAdmin(t1, (r) => currentShift(r))?.shift.id).toBe(s1.id);
    asAdmin(t1, (r) => closeShift(r, 10_000));
    await synced(t1);
    await synced(t2);
    expect(shiftRow(t2, s1.id)?.status).toBe('closed');
    expect(asAdmin(t2, (r) => currentShift(r))?.shift.id).toBe(again.id);
  }, 120_000);
});
