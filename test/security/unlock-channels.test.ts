import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/db/open';
import { DEMO_PIN } from '../../electron/tenancy/pin';
import { tempDir } from '../helpers';
import { clockedTill, inProcessIpc } from '../support/in-process-ipc';
import { CAPS, NORTHSIDE, twoTenantDatabase } from '../tenancy/fixtures';

/**
 * A manager's unlock from the till (pos.lockedUsers, pos.unlockUser) through
 * the real IPC handlers and worker: by role, within the signed-in store only,
 * audited; and the one sign-in answer, which says what to do.
 */
const dir = tempDir();
let fixture: string;
let staff: Record<'cashier' | 'manager' | 'technician' | 'admin', string>;
beforeAll(async () => {
  fixture = await twoTenantDatabase(dir);
  const db = openDatabase(fixture, { readonly: true });
  const of = (role: string) =>
    (db.prepare(`SELECT username FROM users WHERE tenant_id = ? AND role = ? AND active = 1 ORDER BY username LIMIT 1`).get(CAPS, role) as { username: string })
      .username;
  staff = { cashier: of('cashier'), manager: of('manager'), technician: of('technician'), admin: of('admin') };
  db.close();
});

let copies = 0;
function till() {
  const t = clockedTill(fixture, dir, `unlock-${copies++}`);
  /** Five wrong PINs for a username, each past the delay: it is locked. */
  const lockOut = async (storeId: string, username: string) => {
    for (let i = 0; i < 5; i++) {
      await t.pos('signIn', { storeId, username, pin: '999999' });
      t.advance(10 * 60_000);
    }
  };
  return { ...t, lockOut };
}

describe('the sign-in answer', () => {
  it('is the same for unknown, wrong PIN and locked, and says to ask a manager', async () => {
    const t = till();
    const answer = async (username: string, pin: string) => {
      t.advance(10 * 60_000);
      const o = await t.pos('signIn', { storeId: CAPS, username, pin });
      return o.ok ? 'signed in' : { code: o.error.code, message: o.error.message, hint: o.error.hint };
    };
    const unknown = await answer('nobody-here', DEMO_PIN);
    const wrong = await answer('admin', '9999');
    await t.lockOut(CAPS, staff.cashier);
    const locked = await answer(staff.cashier, DEMO_PIN);
    expect(unknown).toEqual({
      code: 'INVALID_SIGN_IN',
      message: 'Wrong username or PIN, or the username is locked after 5 wrong PINs',
      hint: 'Check the store, the username and the PIN and try again; if it stays refused, ask a manager to unlock the username (the Locked PINs tab)',
    });
    expect(wrong).toEqual(unknown);
    expect(locked).toEqual(unknown);
  });
});

describe('a manager unlocks from the till', () => {
  it.each(['manager', 'technician', 'admin'] as const)('a %s sees the locked username and unlocks it; audited; the right PIN works again', async (role) => {
    const t = till();
    await t.lockOut(CAPS, staff.cashier);
    await t.ok('signIn', { storeId: CAPS, username: staff[role], pin: DEMO_PIN });
    const view = await t.ok<{ users: { username: string; failures: number; lockedAt: string | null }[] }>('lockedUsers');
    expect(view.users).toEqual([{ username: staff.cashier, failures: 5, lastFailureAt: expect.any(String), lockedAt: expect.any(String) }]);
    expect(await t.ok('unlockUser', { username: staff.cashier })).toEqual({ unlocked: true });
    expect((await t.ok<{ users: unknown[] }>('lockedUsers')).users).toEqual([]);
    const audit = t.read<{ user_id: string; details: string }>(`SELECT user_id, details FROM audit_log WHERE tenant_id = ? AND action = 'user.unlocked'`, CAPS);
    const me = t.read<{ id: string }>(`SELECT id FROM users WHERE tenant_id = ? AND username = ?`, CAPS, staff[role])[0]!;
    expect(audit).toEqual([{ user_id: me.id, details: JSON.stringify({ username: staff.cashier, via: 'till' }) }]);
    await t.ok('signOut');
    expect(await t.ok('signIn', { storeId: CAPS, username: staff.cashier, pin: DEMO_PIN })).toMatchObject({ user: { username: staff.cashier } });
  });

  it("the till's own counter is listed (it only delays) and a manager clears it, audited", async () => {
    const t = till();
    await t.ok('signIn', { storeId: CAPS, username: staff.manager, pin: DEMO_PIN });
    // Someone at the same till (a second window on the store file) guesses three usernames.
    const { call } = inProcessIpc(t.file, dir, { now: t.now });
    for (let i = 0; i < 3; i++) await call('pos', 'signIn', { storeId: CAPS, username: `guess-${i}`, pin: '999999' });
    const view = await t.ok<{ till: { failures: number; waitSeconds: number } | null }>('lockedUsers');
    expect(view.till).toEqual({ failures: 3, lastFailureAt: expect.any(String), waitSeconds: 5 });
    expect(await t.ok('unlockUser', { till: true })).toEqual({ unlocked: true });
    expect((await t.ok<{ till: unknown }>('lockedUsers')).till).toBeNull();
    const next = await call('pos', 'signIn', { storeId: CAPS, username: staff.cashier, pin: DEMO_PIN });
    expect(next.ok).toBe(true);
    expect(t.read(`SELECT action FROM audit_log WHERE tenant_id = ? AND action = 'till.unlocked'`, CAPS)).toEqual([{ action: 'till.unlocked' }]);
  });

  it('a cashier is refused both channels and nothing changed; no session is refused too', async () => {
    const t = till();
    await t.lockOut(CAPS, staff.technician);
    const none = await t.pos('lockedUsers');
    expect(none.ok || none.error.code).toBe('PERMISSION_DENIED');
    await t.ok('signIn', { storeId: CAPS, username: staff.cashier, pin: DEMO_PIN });
    const after = t.contents();
    for (const [name, input] of [
      ['lockedUsers', undefined],
      ['unlockUser', { username: staff.technician }],
      ['unlockUser', { till: true }],
    ] as const) {
      const o = await t.pos(name, ...(input === undefined ? [] : [input]));
      expect(o.ok || o.error.code, name).toBe('PERMISSION_DENIED');
    }
    expect(t.contents()).toEqual(after);
    expect(t.read(`SELECT subject FROM sign_in_failures WHERE scope = 'user' AND locked_at IS NOT NULL`)).toEqual([{ subject: staff.technician }]);
  });

  it("a manager of one store neither sees nor unlocks the other store's locked username", async () => {
    const t = till();
    await t.lockOut(NORTHSIDE, 'admin');
    await t.ok('signIn', { storeId: CAPS, username: staff.manager, pin: DEMO_PIN });
    expect((await t.ok<{ users: unknown[] }>('lockedUsers')).users).toEqual([]);
    expect(await t.ok('unlockUser', { username: 'admin' })).toEqual({ unlocked: false });
    expect(t.read(`SELECT tenant_id, subject FROM sign_in_failures WHERE locked_at IS NOT NULL`)).toEqual([{ tenant_id: NORTHSIDE, subject: 'admin' }]);
  });
});
