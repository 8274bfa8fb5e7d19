import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackup, defaultBackupDir, restoreBackup } from '../../electron/backup';
import type { Db } from '../../electron/db/open';
import { createSyncService } from '../../electron/sync';
import { runAsTenant } from '../../electron/tenancy/context';
import { PosRuleError } from '../../electron/tenancy/errors';
import { createRepositories } from '../../electron/tenancy/repositories';
import { CAPS, openTill, tillCopy, useSeededHub } from './support/tills';

/**
 * The review's reproduction, against a real hub: a gift card redeemed and
 * synced, then the till restored from a backup taken before the redemption,
 * brought the balance back, the card was redeemed again, and the first
 * redemption was gone. Now the restored till catches up by pulling (the
 * card's balance is the hub's again), what the restored queue still holds
 * that the hub already applied is recognised by its operation id, and the same
 * money cannot be spent twice: refused at the counter once caught up, and
 * rejected by the hub when the second redemption was made before.
 */
const seeded = useSeededHub('pos-restore-redeem-', 41);
const { dir } = seeded;

interface Till {
  path: string;
  db: Db;
  tillId: string;
}
interface Card {
  id: string;
  code: string;
  balance_cents: number;
}

const userOf = (db: Db) => db.prepare(`SELECT id FROM users WHERE tenant_id = ? AND username = 'admin'`).pluck().get(CAPS) as string;
const asClerk = <T>(db: Db, fn: (r: ReturnType<typeof createRepositories>) => T): T =>
  runAsTenant({ tenantId: CAPS, userId: userOf(db) }, () => fn(createRepositories(db)));
const redeem = (db: Db, card: Card, amountCents: number) => asClerk(db, (r) => r.giftCards.redeem({ code: card.code, amountCents }));
const cards = (db: Db) =>
  db
    .prepare(
      `SELECT id, code, balance_cents FROM gift_cards WHERE tenant_id = ? AND status = 'active' AND balance_cents >= 1000
         AND (expires_at IS NULL OR expires_at > '2027') ORDER BY code`,
    )
    .all(CAPS) as Card[];
const balanceOn = (db: Db, card: Card) => db.prepare(`SELECT balance_cents FROM gift_cards WHERE id = ?`).pluck().get(card.id) as number;
const hubBalance = async (card: Card) =>
  (await seeded.hub.queryAs<{ b: number }>(CAPS, `SELECT balance_cents AS b FROM hub.gift_cards WHERE id = $1`, [card.id]))[0]!.b;
const lastOp = (db: Db) =>
  db.prepare(`SELECT id, seq, status FROM pending_operations WHERE tenant_id = ? ORDER BY seq DESC LIMIT 1`).get(CAPS) as {
    id: string;
    seq: number;
    status: string;
  };
/** How often the hub applied each of these operations (a later number of the same id is a `#` row, never applied). */
async function appliedOnHub(t: Till, opIds: string[]): Promise<Record<string, number>> {
  const rows = await seeded.hub.querySuper<{ op: string; n: number }>(
    `SELECT split_part(op_id, '#', 1) AS op, count(*) FILTER (WHERE outcome = 'applied' AND code IS NULL)::int AS n
       FROM hub.applied_operations WHERE till_id = $1 AND split_part(op_id, '#', 1) = ANY($2) GROUP BY 1`,
    [t.tillId, opIds],
  );
  return Object.fromEntries(opIds.map((id) => [id, rows.find((r) => r.op === id)?.n ?? 0]));
}

async function restore(t: Till, backupId: string): Promise<void> {
  t.db.close();
  await restoreBackup({ dbPath: t.path, backupId, backupDir: defaultBackupDir(t.path) });
  t.db = openTill(t.path);
}

describe('redeem, restore, redeem again (with a hub)', () => {
  let t: Till;
  let card: Card;
  let other: Card;
  let amount: number;
  let backupId: string;
  let pendingAtBackup: { id: string };
  let firstRedemption: { id: string };

  beforeAll(async () => {
    const path = tillCopy(seeded.file, dir, 'till');
    const db = openTill(path);
    const enrolled = await createSyncService(db).enroll({ hubUrl: seeded.hub.url, code: await seeded.hub.enrollCode(CAPS, 'till') });
    const [round] = await createSyncService(db).sync();
    expect(round?.push?.ok && round.pull?.ok, JSON.stringify(round)).toBe(true);
    t = { path, db, tillId: enrolled.tillId };
    [card, other] = cards(db) as [Card, Card];
    // More than half the card: two redemptions of it can never both be paid.
    amount = Math.floor(card.balance_cents * 0.6);

    // Queued but not yet sent when the backup is taken: the restored file will still hold it as pending.
    redeem(db, other, 100);
    pendingAtBackup = lastOp(db);
    backupId = (await createBackup(db, { backupDir: defaultBackupDir(path), reason: 'manual' })).id;
    redeem(db, card, amount);
    firstRedemption = lastOp(db);
    const [pushed] = await createSyncService(db).push();
    expect(pushed).toMatchObject({ ok: true, applied: 2, rejected: 0, remaining: 0 });
    expect(await hubBalance(card)).toBe(card.balance_cents - amount);
    expect(await hubBalance(other)).toBe(other.balance_cents - 100);
  }, 120_000);
  afterAll(() => t?.db.close());

  it('after the restore the till pulls the hub’s balance, recognises what the hub already applied by its id, and refuses the second redemption', async () => {
    await restore(t, backupId);
    expect(balanceOn(t.db, card), 'the backup brings the redeemed money back').toBe(card.balance_cents);
    expect(t.db.prepare(`SELECT status FROM pending_operations WHERE id = ?`).pluck().get(pendingAtBackup.id)).toBe('pending');

    const [pulled] = await createSyncService(t.db).pull();
    expect(pulled, JSON.stringify(pulled)).toMatchObject({ ok: true, resync: true });
    expect(balanceOn(t.db, card)).toBe(card.balance_cents - amount);
    expect(balanceOn(t.db, other)).toBe(other.balance_cents - 100);
    // The first redemption's queue row went with the restore; its ledger row came back from the hub, once.
    expect(t.db.prepare(`SELECT count(*) FROM pending_operations WHERE id = ?`).pluck().get(firstRedemption.id)).toBe(0);
    expect(t.db.prepare(`SELECT count(*) FROM gift_card_transactions WHERE gift_card_id = ? AND amount_cents = ?`).pluck().get(card.id, -amount)).toBe(1);

    // The restored queue's pending redemption: the hub has it, by its id, and does not apply it again.
    const [pushed] = await createSyncService(t.db).push();
    expect(pushed, JSON.stringify(pushed)).toMatchObject({ ok: true, applied: 0, duplicate: 1, rejected: 0, remaining: 0 });
    expect(await appliedOnHub(t, [pendingAtBackup.id, firstRedemption.id])).toEqual({ [pendingAtBackup.id]: 1, [firstRedemption.id]: 1 });
    expect(await hubBalance(other)).toBe(other.balance_cents - 100);
    expect(balanceOn(t.db, other)).toBe(other.balance_cents - 100);

    // The same money again: the counter refuses it (the balance is the hub's), and nothing is queued.
    const queued = lastOp(t.db);
    expect(() => redeem(t.db, card, amount)).toThrow(PosRuleError);
    expect(lastOp(t.db)).toEqual(queued);
    expect(await hubBalance(card)).toBe(card.balance_cents - amount);
  }, 60_000);

  it('redeemed again before the till caught up: the hub rejects it, the store is told, and the balance is the hub’s', async () => {
    await restore(t, backupId);
    expect(balanceOn(t.db, card)).toBe(card.balance_cents);
    // The counter still sees the backup's balance (no pull yet), so it lets the second redemption through.
    redeem(t.db, card, amount);
    const second = lastOp(t.db);

    const [round] = await createSyncService(t.db).sync();
    expect(round?.push, JSON.stringify(round)).toMatchObject({ ok: true, rejected: 1, remaining: 0 });
    expect(round?.pull).toMatchObject({ ok: true, resync: true });
    const conflict = t.db.prepare(`SELECT code, entity_id FROM sync_conflicts WHERE operation_id = ?`).get(second.id) as { code: string; entity_id: string };
    expect(conflict.code).toBe('insufficient_balance');
    expect(await appliedOnHub(t, [firstRedemption.id, second.id, pendingAtBackup.id])).toEqual({
      [firstRedemption.id]: 1,
      [second.id]: 0,
      [pendingAtBackup.id]: 1,
    });
    expect(await hubBalance(card)).toBe(card.balance_cents - amount);
    expect(balanceOn(t.db, card)).toBe(card.balance_cents - amount);
    expect(await hubBalance(other)).toBe(other.balance_cents - 100);
  }, 60_000);
});
