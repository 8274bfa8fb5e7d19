import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/db/open';
import { DEMO_PIN } from '../../electron/tenancy/pin';
import { tempDir } from '../helpers';
import { clockedTill } from '../support/in-process-ipc';
import { CAPS, twoTenantDatabase } from '../tenancy/fixtures';

/**
 * The idle lock, through the real IPC handlers and worker operations on a
 * two-tenant store, on a clock the test moves: after the store's idle time
 * (15 min for CAPS) every signed-in channel answers SESSION_LOCKED and changes
 * nothing, until pos.unlockSession takes the same user's PIN (counted by the
 * sign-in lock-out).
 */
const dir = tempDir();
let fixture: string;
beforeAll(async () => {
  fixture = await twoTenantDatabase(dir);
});

const MIN = 60_000;
let copies = 0;
function till() {
  const t = clockedTill(fixture, dir, `idle-${copies++}`);
  const failures = () =>
    t.read<{ scope: string; subject: string; failures: number; locked_at: string | null }>(
      `SELECT scope, subject, failures, locked_at FROM sign_in_failures ORDER BY scope, subject`,
    );
  return { ...t, failures };
}

const sku = 'BOS-010000';
const sale = (productId: string) => ({
  cart: { customerId: null, lines: [{ kind: 'part', productId, quantity: 1 }], orderDiscount: null, promotionCode: null },
  tenders: [{ method: 'cash', tenderedCents: 5_000_000 }],
});

describe('idle lock: the worker refuses an idle session', () => {
  it('within the idle time the session works, and each call restarts the idle time', async () => {
    const t = till();
    const view = await t.ok<{ idleLockMinutes: number; locked: boolean }>('signIn', { storeId: CAPS, username: 'admin', pin: DEMO_PIN });
    expect(view).toMatchObject({ idleLockMinutes: 15, locked: false });
    for (let i = 0; i < 4; i++) {
      t.advance(14 * MIN);
      expect(await t.ok('findProduct', { by: 'sku', value: sku })).toMatchObject({ sku });
    }
  });

  it('past the idle time every signed-in channel is SESSION_LOCKED and nothing changed; the right PIN unlocks and the same call goes through', async () => {
    const t = till();
    await t.ok('signIn', { storeId: CAPS, username: 'admin', pin: DEMO_PIN });
    const product = await t.ok<{ id: string }>('findProduct', { by: 'sku', value: sku });
    await t.ok('openShift', { floatCents: 10_000 });
    t.advance(15 * MIN + 1);
    const before = t.contents();
    const checkout = await t.pos('checkout', sale(product.id));
    expect(checkout.ok || checkout.error).toMatchObject({ code: 'SESSION_LOCKED', message: 'The till locked after 15 min without use' });
    for (const [domain, name, input] of [
      ['pos', 'findProduct', { by: 'sku', value: sku }],
      ['pos', 'closeShift', { countedCents: 10_000 }],
      ['sync', 'status', undefined],
      ['sync', 'panel', undefined],
    ] as const) {
      const o = await t.call(domain, name, input);
      expect(o.ok || o.error.code, `${domain}.${name}`).toBe('SESSION_LOCKED');
    }
    expect(t.contents()).toEqual(before);
    // The page (after a reload, say) learns the session is locked, and who holds it.
    expect(await t.ok('me')).toMatchObject({ locked: true, user: { username: 'admin' } });
    // Asking did not unlock it.
    expect((await t.pos('findProduct', { by: 'sku', value: sku })).ok).toBe(false);

    expect(await t.ok('unlockSession', { pin: DEMO_PIN })).toMatchObject({ locked: false, user: { username: 'admin' } });
    const sold = await t.ok<{ sale: { number: string } }>('checkout', sale(product.id));
    expect(sold.sale.number).toBeTruthy();
    expect(await t.ok('me')).toMatchObject({ locked: false });
  });

  it("the header's poll (sync.status) does not keep a session awake", async () => {
    const t = till();
    await t.ok('signIn', { storeId: CAPS, username: 'admin', pin: DEMO_PIN });
    for (let i = 0; i < 3; i++) {
      t.advance(5 * MIN);
      expect((await t.call('sync', 'status')).ok).toBe(true);
    }
    t.advance(1);
    expect((await t.pos('findProduct', { by: 'sku', value: sku })).ok || 'locked').toBe('locked');
  });

  it('wrong PINs at the lock screen are counted like sign-in: delayed after 3, the username locked after 5, even the right PIN then refused', async () => {
    const t = till();
    await t.ok('signIn', { storeId: CAPS, username: 'admin', pin: DEMO_PIN });
    t.advance(16 * MIN);
    const answers: string[] = [];
    for (let i = 0; i < 5; i++) {
      const o = await t.pos('unlockSession', { pin: '9999' });
      answers.push(o.ok ? 'ok' : o.error.code);
      t.advance(10 * MIN); // past every delay
    }
    expect(answers).toEqual(Array(5).fill('INVALID_SIGN_IN'));
    expect(t.failures()).toEqual([
      { scope: 'till', subject: 'till', failures: 5, locked_at: null },
      { scope: 'user', subject: 'admin', failures: 5, locked_at: expect.any(String) },
    ]);
    // The right PIN is refused with the same answer (and counted: a sixth failure).
    const right = await t.pos('unlockSession', { pin: DEMO_PIN });
    expect(right.ok || right.error.code).toBe('INVALID_SIGN_IN');
    expect((await t.pos('findProduct', { by: 'sku', value: sku })).ok || 'locked').toBe('locked');
    // Audited as unlock failures, and the lock.
    const db = openDatabase(t.file, { readonly: true });
    const actions = db.prepare(`SELECT action FROM audit_log WHERE tenant_id = ? AND action LIKE 'unlock.%' ORDER BY created_at, action`).all(CAPS);
    db.close();
    expect(actions.map((a) => (a as { action: string }).action)).toEqual([...Array(5).fill('unlock.failed'), 'unlock.locked', 'unlock.failed']);
  });

  it('a wrong PIN right after three is delayed, not counted', async () => {
    const t = till();
    await t.ok('signIn', { storeId: CAPS, username: 'admin', pin: DEMO_PIN });
    t.advance(16 * MIN);
    for (let i = 0; i < 3; i++) await t.pos('unlockSession', { pin: '9999' });
    const o = await t.pos('unlockSession', { pin: DEMO_PIN });
    expect(o.ok || o.error.code).toBe('SIGN_IN_DELAYED');
    t.advance(6_000);
    expect((await t.pos('unlockSession', { pin: DEMO_PIN })).ok).toBe(true);
    expect(t.failures()).toEqual([]);
  });

  it('the quick switch takes a PIN itself, so someone else can sign in on a locked session; the old session is gone', async () => {
    const t = till();
    await t.ok('signIn', { storeId: CAPS, username: 'admin', pin: DEMO_PIN });
    t.advance(20 * MIN);
    const db = openDatabase(t.file, { readonly: true });
    const other = db.prepare(`SELECT username FROM users WHERE tenant_id = ? AND active = 1 AND username <> 'admin' ORDER BY username LIMIT 1`).get(CAPS) as {
      username: string;
    };
    db.close();
    expect(await t.ok('switchUser', { username: other.username, pin: DEMO_PIN })).toMatchObject({ user: { username: other.username }, locked: false });
    expect(await t.ok('findProduct', { by: 'sku', value: sku })).toMatchObject({ sku });
  });

  it('sign-out and sign-in start again; an expired session is SESSION_EXPIRED, not locked', async () => {
    const t = till();
    await t.ok('signIn', { storeId: CAPS, username: 'admin', pin: DEMO_PIN });
    t.advance(13 * 3600_000);
    const o = await t.pos('findProduct', { by: 'sku', value: sku });
    expect(o.ok || o.error.code).toBe('SESSION_EXPIRED');
    await t.ok('signIn', { storeId: CAPS, username: 'admin', pin: DEMO_PIN });
    expect(await t.ok('findProduct', { by: 'sku', value: sku })).toMatchObject({ sku });
  });
});
