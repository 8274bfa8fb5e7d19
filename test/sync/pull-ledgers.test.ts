import { describe, expect, it } from 'vitest';
import { createBackup, defaultBackupDir, restoreBackup } from '../../electron/backup';
import type { Db } from '../../electron/db/open';
import { createSyncService } from '../../electron/sync';
import { runAsTenant } from '../../electron/tenancy/context';
import { createRepositories } from '../../electron/tenancy/repositories';
import { CAPS, openTill, tillCopy, useSeededHub } from './support/tills';

/**
 * A pulled ledger row is history the hub already counted: the pulled parent
 * (the gift card's balance, the product's stock level) carries its effect. The
 * till's apply triggers (stock movements, gift card transactions) must not
 * apply it a second time, in an ordinary pull of another till's work and in
 * the full copy a restored till catches up with; the till's own writes still
 * move its balances and stock as before. Real hub, real store files.
 */
const seeded = useSeededHub('pos-pull-ledgers-', 31);
const { dir } = seeded;

interface Till {
  path: string;
  db: Db;
}

/** A copy of the store file enrolled for CAPS, its queue pushed and a first pull done. */
async function enrolledTill(name: string): Promise<Till> {
  const path = tillCopy(seeded.file, dir, name);
  const db = openTill(path);
  await createSyncService(db).enroll({ hubUrl: seeded.hub.url, code: await seeded.hub.enrollCode(CAPS, name) });
  const [round] = await createSyncService(db).sync();
  expect(round?.push?.ok && round.pull?.ok, JSON.stringify(round)).toBe(true);
  return { path, db };
}

const userOf = (db: Db) => db.prepare(`SELECT id FROM users WHERE tenant_id = ? AND username = 'admin'`).pluck().get(CAPS) as string;
const asClerk = <T>(db: Db, fn: (r: ReturnType<typeof createRepositories>) => T): T =>
  runAsTenant({ tenantId: CAPS, userId: userOf(db) }, () => fn(createRepositories(db)));

interface Card {
  id: string;
  code: string;
  balance_cents: number;
}
/** An active card holding at least $10 that no earlier test of this file used. */
const used = new Set<string>();
function freshCard(db: Db): Card {
  const cards = db
    .prepare(
      `SELECT id, code, balance_cents FROM gift_cards WHERE tenant_id = ? AND status = 'active' AND balance_cents >= 1000
         AND (expires_at IS NULL OR expires_at > '2027') ORDER BY code`,
    )
    .all(CAPS) as Card[];
  const card = cards.find((c) => !used.has(c.id))!;
  used.add(card.id);
  return card;
}
const productOf = (db: Db, n: number) =>
  db.prepare(`SELECT product_id FROM inventory WHERE tenant_id = ? ORDER BY product_id LIMIT 1 OFFSET ?`).pluck().get(CAPS, n) as string;

const balanceOn = (db: Db, cardId: string) => db.prepare(`SELECT balance_cents FROM gift_cards WHERE id = ?`).pluck().get(cardId) as number;
const levelOn = (db: Db, productId: string) => db.prepare(`SELECT quantity_on_hand FROM inventory WHERE product_id = ?`).pluck().get(productId) as number;
const hubBalance = async (cardId: string) =>
  (await seeded.hub.queryAs<{ b: number }>(CAPS, `SELECT balance_cents AS b FROM hub.gift_cards WHERE id = $1`, [cardId]))[0]!.b;
const hubLevel = async (productId: string) =>
  (await seeded.hub.queryAs<{ q: number }>(CAPS, `SELECT quantity_on_hand AS q FROM hub.inventory WHERE product_id = $1`, [productId]))[0]!.q;
const lastLedgerRow = (db: Db, table: 'gift_card_transactions' | 'inventory_transactions', column: string, parentId: string) =>
  db.prepare(`SELECT id FROM ${table} WHERE ${column} = ? ORDER BY created_at DESC, rowid DESC LIMIT 1`).pluck().get(parentId) as string;
const rowExists = (db: Db, table: string, id: string) => db.prepare(`SELECT 1 FROM ${table} WHERE id = ?`).pluck().get(id) === 1;
const guardRows = (db: Db) => db.prepare(`SELECT count(*) FROM sync_pull_applying`).pluck().get() as number;

describe('pulled ledger rows are history, never applied again', () => {
  it("an ordinary pull of another till's redemption and stock receipt leaves the hub's balance and level, and local writes still apply", async () => {
    const a1 = await enrolledTill('a1');
    const a2 = await enrolledTill('a2');
    const card = freshCard(a1.db);
    const product = productOf(a1.db, 0);
    // More than half the balance: applying it twice would take the card below zero (the CHECK refuses the whole page).
    const amount = Math.floor(card.balance_cents * 0.6);
    asClerk(a1.db, (r) => r.giftCards.redeem({ code: card.code, amountCents: amount }));
    asClerk(a1.db, (r) => r.inventory.receive({ productId: product, quantity: 7, unitCostCents: 100 }));
    const redemption = lastLedgerRow(a1.db, 'gift_card_transactions', 'gift_card_id', card.id);
    const receipt = lastLedgerRow(a1.db, 'inventory_transactions', 'product_id', product);
    const levelBefore = levelOn(a2.db, product);
    const [pushed] = await createSyncService(a1.db).push();
    expect(pushed).toMatchObject({ ok: true, applied: 2, rejected: 0 });

    const [pulled] = await createSyncService(a2.db).pull();
    expect(pulled, JSON.stringify(pulled)).toMatchObject({ ok: true, resync: false });
    expect(await hubBalance(card.id)).toBe(card.balance_cents - amount);
    expect(balanceOn(a2.db, card.id)).toBe(card.balance_cents - amount);
    expect(await hubLevel(product)).toBe(levelBefore + 7);
    expect(levelOn(a2.db, product)).toBe(levelBefore + 7);
    // The other till's ledger rows are here, as history.
    expect(rowExists(a2.db, 'gift_card_transactions', redemption)).toBe(true);
    expect(rowExists(a2.db, 'inventory_transactions', receipt)).toBe(true);
    expect(guardRows(a2.db)).toBe(0);

    // The till's own writes move balance and stock as before (the triggers skip only a pull's rows).
    asClerk(a2.db, (r) => r.giftCards.redeem({ code: card.code, amountCents: 100 }));
    asClerk(a2.db, (r) => r.inventory.receive({ productId: product, quantity: 2, unitCostCents: 100 }));
    expect(balanceOn(a2.db, card.id)).toBe(card.balance_cents - amount - 100);
    expect(levelOn(a2.db, product)).toBe(levelBefore + 9);
    a1.db.close();
    a2.db.close();
  }, 120_000);

  it('a restored till catches up with a full copy: its own work of after the backup comes back with the hub’s balance and level, counted once', async () => {
    const t = await enrolledTill('restored');
    const card = freshCard(t.db);
    const product = productOf(t.db, 1);
    const backupId = (await createBackup(t.db, { backupDir: defaultBackupDir(t.path), reason: 'manual' })).id;
    const amount = Math.floor(card.balance_cents * 0.6);
    asClerk(t.db, (r) => r.giftCards.redeem({ code: card.code, amountCents: amount }));
    asClerk(t.db, (r) => r.inventory.receive({ productId: product, quantity: 5, unitCostCents: 100 }));
    const redemption = lastLedgerRow(t.db, 'gift_card_transactions', 'gift_card_id', card.id);
    const receipt = lastLedgerRow(t.db, 'inventory_transactions', 'product_id', product);
    const [pushed] = await createSyncService(t.db).push();
    expect(pushed).toMatchObject({ ok: true, applied: 2 });
    const level = await hubLevel(product);

    t.db.close();
    await restoreBackup({ dbPath: t.path, backupId, backupDir: defaultBackupDir(t.path) });
    t.db = openTill(t.path);
    expect(balanceOn(t.db, card.id), 'the backup is from before the redemption').toBe(card.balance_cents);
    expect(rowExists(t.db, 'gift_card_transactions', redemption)).toBe(false);

    const [pulled] = await createSyncService(t.db).pull();
    expect(pulled, JSON.stringify(pulled)).toMatchObject({ ok: true, resync: true });
    expect(balanceOn(t.db, card.id)).toBe(card.balance_cents - amount);
    expect(levelOn(t.db, product)).toBe(level);
    expect(rowExists(t.db, 'gift_card_transactions', redemption)).toBe(true);
    expect(rowExists(t.db, 'inventory_transactions', receipt)).toBe(true);
    expect(guardRows(t.db)).toBe(0);
    // Caught up: the next pull is a delta again.
    const [next] = await createSyncService(t.db).pull();
    expect(next).toMatchObject({ ok: true, resync: false });
    t.db.close();
  }, 120_000);
});
