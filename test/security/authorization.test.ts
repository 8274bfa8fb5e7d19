import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackup } from '../../electron/backup';
import { PERMISSIONS } from '../../electron/tenancy/permissions';
import { DEMO_PIN } from '../../electron/tenancy/pin';
import { setTechnicianCode } from '../../electron/security/technician-code';
import { copyDatabase, tempDir } from '../helpers';
import { ensureBuilt } from '../app/support/build';
import { CAPS, twoTenantDatabase } from '../tenancy/fixtures';
import { onFile, storeState, tillRig, type TillRig } from './support/authorization-rig';
import fs from 'node:fs';

/**
 * Issue 11's authorization suite: every IPC channel of the permission table,
 * called as the page calls it (the real handlers, the real worker thread) on a
 * two-tenant store file, by each kind of caller. The table of who may call what
 * is written out here by hand, NOT derived from PERMISSIONS: a change to the
 * permission table that this file does not also make fails the suite.
 */
const CODE = '640273';

const CALLERS = ['no session', 'technician code', 'cashier', 'manager', 'technician', 'admin'] as const;
type Caller = (typeof CALLERS)[number];
const Y = true;
const N = false;
type Row = readonly [boolean, boolean, boolean, boolean, boolean, boolean];

const everyone: Row = [Y, Y, Y, Y, Y, Y];
const signedIn: Row = [N, N, Y, Y, Y, Y];
const technicians: Row = [N, Y, N, N, Y, Y];
const syncKeepers: Row = [N, N, N, Y, Y, Y];
const unlockers: Row = [N, N, N, Y, Y, Y];

/** channel: [no session, technician code, cashier, manager, technician, admin]. */
const EXPECTED: Record<string, Row> = {
  'app.launchState': everyone,
  'app.quit': everyone,
  // The store is at the current schema (no upgrade pending): with no one signed in, only the code runs it.
  'upgrade.start': technicians,
  'upgrade.copyDiagnosticReport': everyone,
  'backups.list': technicians,
  'backups.create': technicians,
  'backups.restore': technicians,
  'backups.restoreImpact': technicians,
  'backups.unsent': technicians,
  'backups.syncFirst': technicians,
  'backups.technicianCode': everyone,
  'pos.stores': everyone,
  'pos.signIn': everyone,
  'pos.signOut': everyone,
  'pos.me': everyone,
  'pos.switchUser': signedIn,
  'pos.unlockSession': signedIn,
  'pos.lockedUsers': unlockers,
  'pos.unlockUser': unlockers,
  'pos.findProduct': signedIn,
  'pos.product': signedIn,
  'pos.vehicleOptions': signedIn,
  'pos.productsForVehicle': signedIn,
  'pos.searchCustomers': signedIn,
  'pos.customer': signedIn,
  'pos.workOrders': signedIn,
  'pos.workOrder': signedIn,
  'pos.giftCard': signedIn,
  'pos.redeemGiftCard': signedIn,
  'pos.lookUp': signedIn,
  'pos.salesSetup': signedIn,
  'pos.quote': signedIn,
  'pos.checkout': signedIn,
  'pos.sale': signedIn,
  'pos.recentSales': signedIn,
  'pos.openLayaways': signedIn,
  'pos.payLayaway': signedIn,
  'pos.voidSale': signedIn,
  'pos.returnable': signedIn,
  'pos.returnItems': signedIn,
  'pos.noteReceipt': signedIn,
  'pos.shift': signedIn,
  'pos.openShift': signedIn,
  'pos.closeShift': signedIn,
  'pos.searchWorkOrders': signedIn,
  'pos.workOrderView': signedIn,
  'pos.openWorkOrder': signedIn,
  'pos.addPartToWorkOrder': signedIn,
  'pos.addLabourToWorkOrder': signedIn,
  'pos.removeWorkOrderLine': signedIn,
  'pos.setWorkOrderStatus': signedIn,
  'pos.takeDeposit': signedIn,
  'sync.status': signedIn,
  'sync.panel': syncKeepers,
  'sync.now': syncKeepers,
  'sync.resolve': syncKeepers,
  'receipts.print': signedIn,
  'receipts.savePdf': signedIn,
};

const BACKUP_ID = '20260101T000000Z-manual-abcdef';
const cart = { customerId: null, lines: [], orderDiscount: null, promotionCode: null };
const tender = [{ method: 'cash', tenderedCents: 100 }];
/** An input each channel's schema accepts, so the call reaches the permission check (harmless ids: nothing to find). */
const INPUT: Record<string, unknown> = {
  'backups.restore': { id: BACKUP_ID },
  'backups.restoreImpact': { id: BACKUP_ID },
  'backups.technicianCode': { code: '000000' },
  'pos.signIn': { storeId: CAPS, username: 'nobody-here', pin: '000000' },
  'pos.switchUser': { username: 'nobody-here', pin: '000000' },
  'pos.unlockSession': { pin: '000000' },
  'pos.unlockUser': { username: 'nobody-here' },
  'pos.findProduct': { by: 'sku', value: 'NO-SUCH-SKU' },
  'pos.product': { id: 'no-such-id' },
  'pos.productsForVehicle': { make: 'Ford', model: 'F-150', year: 2015 },
  'pos.searchCustomers': { query: 'smith' },
  'pos.customer': { id: 'no-such-id' },
  'pos.workOrders': { status: 'active' },
  'pos.workOrder': { number: 'WO-0000000' },
  'pos.giftCard': { code: 'GC-NONE' },
  'pos.redeemGiftCard': { code: 'GC-NONE', amountCents: 100 },
  'pos.lookUp': { query: 'brake' },
  'pos.quote': { cart },
  'pos.checkout': { cart, tenders: tender },
  'pos.sale': { number: 'R-NONE' },
  'pos.payLayaway': { saleNumber: 'R-NONE', tenders: tender },
  'pos.voidSale': { saleNumber: 'R-NONE' },
  'pos.returnable': { number: 'R-NONE' },
  'pos.returnItems': { saleNumber: 'R-NONE', lines: [{ lineId: 'no-such-line', quantity: 1 }], refundTo: 'original' },
  'pos.noteReceipt': { saleId: 'no-such-sale', what: 'receipt.none' },
  'pos.openShift': { floatCents: 10_000 },
  'pos.closeShift': { countedCents: 10_000 },
  'pos.searchWorkOrders': { query: 'brake' },
  'pos.workOrderView': { number: 'WO-0000000' },
  'pos.openWorkOrder': { customerId: 'no-such-id', vehicleId: null, technicianId: null, description: 'Brakes squeal', odometer: null },
  'pos.addPartToWorkOrder': { workOrderId: 'no-such-id', productId: 'no-such-id', quantity: 1 },
  'pos.addLabourToWorkOrder': { workOrderId: 'no-such-id', rateId: 'std', tenths: 10, description: 'Labour', technicianId: null },
  'pos.removeWorkOrderLine': { workOrderId: 'no-such-id', lineId: 'no-such-line' },
  'pos.setWorkOrderStatus': { workOrderId: 'no-such-id', status: 'in_progress' },
  'pos.takeDeposit': { workOrderId: 'no-such-id', amountCents: 100, tenders: tender },
  'sync.resolve': { conflictId: 'no-such-conflict', choice: 'acknowledged' },
  'receipts.savePdf': { number: 'R-NONE' },
};
const args = (channel: string): unknown[] => (channel in INPUT ? [INPUT[channel]] : []);

/** Channels after which the caller must be set up again (they end or replace the window's session, and the code with it). */
const RESETS_CALLER = new Set(['pos.signIn', 'pos.signOut', 'pos.switchUser', 'pos.unlockSession']);

const dir = tempDir('pos-authz-');
let fixture: string;
/** A CAPS user of each role, active (the demo's PIN). */
let usernames: Record<'cashier' | 'manager' | 'technician' | 'admin', string>;

beforeAll(async () => {
  await ensureBuilt('node');
  fixture = await twoTenantDatabase(dir);
  onFile(fixture, (db) => {
    setTechnicianCode(db, { code: CODE, file: fixture, via: 'pos-db' });
    const pick = (role: string) =>
      db.prepare(`SELECT username FROM users WHERE tenant_id = ? AND role = ? AND active = 1 ORDER BY username LIMIT 1`).pluck().get(CAPS, role) as string;
    usernames = { cashier: pick('cashier'), manager: pick('manager'), technician: pick('technician'), admin: pick('admin') };
    db.pragma('wal_checkpoint(TRUNCATE)');
  });
}, 180_000);

let copies = 0;
/** A private copy of the fixture in a folder of its own (its backups beside it), and a till on it. */
function freshTill(): TillRig {
  const folder = path.join(dir, `till-${copies++}`);
  fs.mkdirSync(folder);
  return tillRig(copyDatabase(fixture, path.join(folder, 'pos.sqlite')));
}

const clearFailures = (rig: TillRig) => onFile(rig.file, (db) => db.prepare(`DELETE FROM sign_in_failures`).run());

async function becomeCaller(rig: TillRig, caller: Caller): Promise<void> {
  clearFailures(rig);
  await rig.call('pos.signOut');
  if (caller === 'no session') return;
  if (caller === 'technician code') {
    expect(await rig.call('backups.technicianCode', { code: CODE })).toMatchObject({ ok: true, value: { minutes: 10 } });
    return;
  }
  const signed = await rig.call<{ user: { role: string } }>('pos.signIn', { storeId: CAPS, username: usernames[caller], pin: DEMO_PIN });
  expect(signed, `sign in as ${caller}`).toMatchObject({ ok: true, value: { user: { role: caller } } });
}

const errorCode = (o: { ok: boolean; error?: { code: string } }) => (o.ok ? null : (o.error?.code ?? '?'));

describe('the hand-written table covers the permission table', () => {
  it('has a row for every channel of PERMISSIONS and no other (a channel added without a row here fails)', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(Object.keys(PERMISSIONS).sort());
  });
});

describe.each(CALLERS.map((caller, column) => ({ caller, column })))('every channel, called by: $caller', ({ caller, column }) => {
  let rig: TillRig;
  /** The store's state after the last refused call, while nothing ran since (an allowed call may change it). */
  let known: Record<string, string> | null = null;
  beforeAll(async () => {
    rig = freshTill();
    await becomeCaller(rig, caller);
  }, 60_000);
  afterAll(() => rig?.close());

  it.each(Object.keys(PERMISSIONS).sort())(
    '%s',
    async (channel) => {
      const allowed = EXPECTED[channel]?.[column];
      expect(allowed, `no row for ${channel} in EXPECTED`).toBeTypeOf('boolean');
      if (clearFailures(rig).changes > 0) known = null;
      const before = allowed ? null : (known ?? storeState(rig.file, rig.config.backupDir));
      known = null;
      const outcome = await rig.call(channel, ...args(channel));
      try {
        if (allowed) {
          // Allowed: the call got past the permission check (it may still fail on its own terms: nothing to find).
          expect(errorCode(outcome), JSON.stringify(outcome)).not.toBe('PERMISSION_DENIED');
          expect(errorCode(outcome), JSON.stringify(outcome)).not.toBe('SESSION_EXPIRED');
          expect(errorCode(outcome), JSON.stringify(outcome)).not.toBe('IPC_INPUT');
        } else {
          // Refused with the typed error, and not one row of any table changed, nor a backup appeared.
          expect(outcome).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED', name: 'PermissionDeniedError' } });
          const after = storeState(rig.file, rig.config.backupDir);
          expect(after).toEqual(before);
          known = after;
        }
      } finally {
        if (RESETS_CALLER.has(channel)) {
          await becomeCaller(rig, caller);
          known = null;
        }
      }
    },
    60_000,
  );
});

/** A CAPS gift card with a balance, as the store has it. */
function giftCard(file: string): { id: string; code: string; balance: number } {
  return onFile(file, (db) =>
    db
      .prepare(
        `SELECT id, code, balance_cents AS balance FROM gift_cards WHERE tenant_id = ? AND status = 'active' AND balance_cents >= 2000
        AND (expires_at IS NULL OR expires_at > ?) ORDER BY code LIMIT 1`,
      )
      .get(CAPS, new Date().toISOString()),
  ) as { id: string; code: string; balance: number };
}
const balance = (file: string, id: string) => onFile(file, (db) => db.prepare(`SELECT balance_cents FROM gift_cards WHERE id = ?`).pluck().get(id));
const queued = (file: string) => onFile(file, (db) => db.prepare(`SELECT count(*) FROM pending_operations WHERE tenant_id = ?`).pluck().get(CAPS));

/**
 * Issue 11's reproduction: the backup taken before a gift card was redeemed,
 * restored with no one signed in, brought the balance back (and dropped the
 * redemption's queued sync operation).
 */
async function redeemedAfterBackup(): Promise<{ rig: TillRig; backupId: string; card: { id: string; code: string; balance: number }; queuedAfter: number }> {
  const rig = freshTill();
  const backup = await onFile(rig.file, (db) => createBackup(db, { backupDir: rig.config.backupDir, reason: 'manual' }));
  const card = giftCard(rig.file);
  const queuedBefore = queued(rig.file) as number;
  await becomeCaller(rig, 'cashier');
  const redeemed = await rig.call('pos.redeemGiftCard', { code: card.code, amountCents: 1500 });
  expect(redeemed, JSON.stringify(redeemed)).toMatchObject({ ok: true });
  expect(balance(rig.file, card.id)).toBe(card.balance - 1500);
  // The redemption is queued for the head office: a restore would drop it.
  expect(queued(rig.file)).toBeGreaterThan(queuedBefore);
  return { rig, backupId: backup.id, card, queuedAfter: queued(rig.file) as number };
}

describe("issue 11's reproductions, as regression tests", () => {
  it('with no one signed in, restoring the backup from before a gift card redemption is refused: the balance does not come back', async () => {
    const { rig, backupId, card, queuedAfter } = await redeemedAfterBackup();
    try {
      await becomeCaller(rig, 'no session');
      const before = storeState(rig.file, rig.config.backupDir);
      expect(await rig.call('backups.restore', { id: backupId })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
      expect(await rig.call('backups.list')).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
      expect(balance(rig.file, card.id)).toBe(card.balance - 1500);
      expect(queued(rig.file)).toBe(queuedAfter);
      expect(storeState(rig.file, rig.config.backupDir)).toEqual(before);
    } finally {
      await rig.close();
    }
  }, 60_000);

  it("with a cashier's session the restore is refused too, and so is the technician code (it counts only with no one signed in)", async () => {
    const { rig, backupId, card } = await redeemedAfterBackup();
    try {
      const before = storeState(rig.file, rig.config.backupDir);
      expect(await rig.call('backups.restore', { id: backupId })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
      expect(await rig.call('backups.technicianCode', { code: CODE })).toMatchObject({ ok: true });
      expect(await rig.call('backups.restore', { id: backupId })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
      expect(balance(rig.file, card.id)).toBe(card.balance - 1500);
      // The accepted code is audited (a row per tenant): everything else is as it was.
      const after = storeState(rig.file, rig.config.backupDir);
      expect(Object.keys(after).filter((t) => after[t] !== before[t])).toEqual(['audit_log']);
    } finally {
      await rig.close();
    }
  }, 60_000);

  it('with no one signed in, the technician code opens the restore (the balance comes back: a technician chose to)', async () => {
    const { rig, backupId, card } = await redeemedAfterBackup();
    try {
      await becomeCaller(rig, 'technician code');
      expect(await rig.call('backups.restore', { id: backupId })).toMatchObject({ ok: true, value: { restoredBackupId: backupId } });
      expect(balance(rig.file, card.id)).toBe(card.balance);
      // Signing in ends the code's grant: a cashier who signs in after the technician gets no Backups.
      await becomeCaller(rig, 'cashier');
      expect(await rig.call('backups.list')).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
      await rig.call('pos.signOut');
      expect(await rig.call('backups.list')).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    } finally {
      await rig.close();
    }
  }, 60_000);

  it('5 wrong codes lock the code: the right one is refused after, and still after the worker restarts, until pos-db unlocks it', async () => {
    const rig = freshTill();
    try {
      const answers = [];
      for (const wrong of ['111111', '123456', '654321', '000001', '999999'])
        answers.push(errorCode(await rig.call('backups.technicianCode', { code: wrong })));
      expect(answers).toEqual(Array(5).fill('TECHNICIAN_CODE_REFUSED'));
      expect(errorCode(await rig.call('backups.technicianCode', { code: CODE }))).toBe('TECHNICIAN_CODE_LOCKED');
      expect(errorCode(await rig.call('backups.list'))).toBe('PERMISSION_DENIED');

      await rig.restartWorker();
      expect(errorCode(await rig.call('backups.technicianCode', { code: CODE }))).toBe('TECHNICIAN_CODE_LOCKED');
      expect(errorCode(await rig.call('backups.list'))).toBe('PERMISSION_DENIED');
      const audited = onFile(rig.file, (db) =>
        db
          .prepare(
            `SELECT action, count(*) AS n FROM audit_log WHERE tenant_id = ? AND action IN ('technician_code.failed', 'technician_code.locked') GROUP BY action ORDER BY action`,
          )
          .all(CAPS),
      );
      expect(audited).toEqual([
        { action: 'technician_code.failed', n: 7 },
        { action: 'technician_code.locked', n: 1 },
      ]);

      const { runCli } = await import('../../electron/cli');
      const { captureIo } = await import('../support/cli-io');
      expect(await runCli(['technician-code', 'unlock', '--db', rig.file], captureIo())).toBe(0);
      expect(await rig.call('backups.technicianCode', { code: CODE })).toMatchObject({ ok: true });
      expect(await rig.call('backups.list')).toMatchObject({ ok: true });
    } finally {
      await rig.close();
    }
  }, 60_000);
});
