import { beforeAll, describe, expect, it } from 'vitest';
import { databaseContentHashes } from '../../electron/db/content-hash';
import { executedMigrations, runPendingMigrations } from '../../electron/db/migrator';
import type { Db } from '../../electron/db/open';
import { PULLABLE_TABLES, whileApplyingPull } from '../../electron/sync/apply-pull';
import { MIGRATIONS } from '../../migrations';
import { PERF_MIGRATION } from '../../migrations/0007-perf';
import { RESTORE_SYNC_MIGRATION, RESTORE_SYNC_MIGRATION_ROWS_WRITTEN } from '../../migrations/0010-restore-sync';
import { makeDemoDatabase, tempDir } from '../helpers';
import { CAPS, openCopy } from './helpers';

const dir = tempDir('pos-0010-');
let v1: string;
beforeAll(async () => {
  v1 = await makeDemoDatabase(dir, 'small');
});

async function before0010(): Promise<Db> {
  const db = openCopy(v1, dir);
  await runPendingMigrations(db, { migrations: MIGRATIONS, to: PERF_MIGRATION });
  return db;
}

const triggers = (db: Db) =>
  db.prepare(`SELECT name, tbl_name AS tbl, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name`).all() as {
    name: string;
    tbl: string;
    sql: string;
  }[];
const normalise = (sql: string) => sql.replace(/\s+/g, ' ').trim();

interface Fixture {
  cardId: string;
  balance: number;
  productId: string;
  level: number;
}
function fixture(db: Db): Fixture {
  const card = db
    .prepare(`SELECT id, balance_cents FROM gift_cards WHERE tenant_id = ? AND status = 'active' AND balance_cents >= 1000 ORDER BY id LIMIT 1`)
    .get(CAPS) as { id: string; balance_cents: number };
  const stock = db.prepare(`SELECT product_id, quantity_on_hand FROM inventory WHERE tenant_id = ? ORDER BY product_id LIMIT 1`).get(CAPS) as {
    product_id: string;
    quantity_on_hand: number;
  };
  return { cardId: card.id, balance: card.balance_cents, productId: stock.product_id, level: stock.quantity_on_hand };
}
let n = 0;
function insertLedgerRows(db: Db, f: Fixture, cents: number, quantity: number): void {
  const now = new Date().toISOString();
  db.prepare(`INSERT INTO gift_card_transactions (id, tenant_id, gift_card_id, kind, amount_cents, created_at) VALUES (?, ?, ?, 'redeem', ?, ?)`).run(
    `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
    CAPS,
    f.cardId,
    -cents,
    now,
  );
  db.prepare(`INSERT INTO inventory_transactions (id, tenant_id, product_id, kind, quantity, created_at) VALUES (?, ?, ?, 'receive', ?, ?)`).run(
    `00000000-0000-4000-9000-${String(++n).padStart(12, '0')}`,
    CAPS,
    f.productId,
    quantity,
    now,
  );
}
const state = (db: Db, f: Fixture) => ({
  balance: db.prepare(`SELECT balance_cents FROM gift_cards WHERE id = ?`).pluck().get(f.cardId),
  level: db.prepare(`SELECT quantity_on_hand FROM inventory WHERE product_id = ?`).pluck().get(f.productId),
});

describe(`migration ${RESTORE_SYNC_MIGRATION}`, () => {
  it('runs after 0007 and is recorded by its explicit name, changing no row', async () => {
    const db = await before0010();
    const before = databaseContentHashes(db);
    await runPendingMigrations(db, { migrations: MIGRATIONS });
    const executed = executedMigrations(db);
    expect(executed.indexOf(RESTORE_SYNC_MIGRATION)).toBeGreaterThan(executed.indexOf(PERF_MIGRATION));
    const after = databaseContentHashes(db);
    expect(Object.keys({ ...before, ...after }).filter((t) => before[t] !== after[t])).toEqual([...RESTORE_SYNC_MIGRATION_ROWS_WRITTEN]);
    expect(db.prepare(`SELECT count(*) FROM sync_pull_applying`).pluck().get()).toBe(0);
    db.close();
  });

  it("keeps 0001's apply triggers as they were, with one more condition: no pull is being applied", async () => {
    const db = await before0010();
    const old = new Map(triggers(db).map((t) => [t.name, t]));
    await runPendingMigrations(db, { migrations: MIGRATIONS, to: RESTORE_SYNC_MIGRATION });
    const now = new Map(triggers(db).map((t) => [t.name, t]));
    expect([...now.keys()]).toEqual([...old.keys()]);
    for (const name of ['trg_inventory_transactions_apply', 'trg_gift_card_transactions_apply']) {
      const added = ' AND NOT EXISTS (SELECT 1 FROM sync_pull_applying)';
      const was = normalise(old.get(name)!.sql);
      const is = normalise(now.get(name)!.sql);
      // The same trigger: the guard is the only difference (a WHEN added, or ANDed to the one it had).
      expect(is.replace(added, '').replace(' WHEN NOT EXISTS (SELECT 1 FROM sync_pull_applying)', ''), name).toBe(was);
      expect(is, name).toMatch(/NOT EXISTS \(SELECT 1 FROM sync_pull_applying\)/);
    }
    for (const [name, t] of old) if (!name.endsWith('_apply')) expect(now.get(name)?.sql, name).toBe(t.sql);
    db.close();
  });

  it('guards every trigger that moves another table when a row a pull may write is inserted', async () => {
    const db = openCopy(v1, dir);
    await runPendingMigrations(db, { migrations: MIGRATIONS });
    // 0012's number counters must follow a pulled work order or layaway (the next number comes after it); they keep a
    // maximum, so applying a row twice cannot count it twice. Their test: test/migration/perf-counters-migration.test.ts.
    // 0013's derived lists must follow pulled fitment and promotion uses the same way (nothing of them is synced); a row
    // applied twice is an upsert of the same values, an UPDATE that moves nothing. Their test: test/migration/derived-lists-migration.test.ts.
    const counters = (t: { name: string }) =>
      /^trg_\w+_number_counter_(insert|update)$/.test(t.name) ||
      /^trg_(fitment_data_vehicle_models|promotion_usage_use_counts)_(insert|delete|update)$/.test(t.name);
    const moving = triggers(db).filter(
      (t) => PULLABLE_TABLES.has(t.tbl) && !counters(t) && /AFTER INSERT/i.test(t.sql) && /\bUPDATE\s+(?!\w+\s+SET\s+seq)/i.test(t.sql),
    );
    expect(moving.map((t) => t.name).sort()).toEqual(['trg_gift_card_transactions_apply', 'trg_inventory_transactions_apply']);
    for (const t of moving) expect(t.sql, t.name).toMatch(/NOT EXISTS \(SELECT 1 FROM sync_pull_applying\)/);
    db.close();
  });

  it("a local write moves the balance and the stock as before; one inside a pull's page does not, and the guard never outlives it", async () => {
    const db = openCopy(v1, dir);
    await runPendingMigrations(db, { migrations: MIGRATIONS });
    const f = fixture(db);
    insertLedgerRows(db, f, 300, 4);
    expect(state(db, f)).toEqual({ balance: f.balance - 300, level: f.level + 4 });
    db.transaction(() => whileApplyingPull(db, () => insertLedgerRows(db, f, 500, 6)))();
    expect(state(db, f)).toEqual({ balance: f.balance - 300, level: f.level + 4 });
    expect(db.prepare(`SELECT count(*) FROM sync_pull_applying`).pluck().get()).toBe(0);
    // A page that fails midway leaves no guard behind either.
    expect(() =>
      db.transaction(() =>
        whileApplyingPull(db, () => {
          throw new Error('page refused');
        }),
      )(),
    ).toThrow('page refused');
    insertLedgerRows(db, f, 200, 1);
    expect(state(db, f)).toEqual({ balance: f.balance - 500, level: f.level + 5 });
    // Outside a transaction the guard is refused: it must never be committed on its own.
    expect(() => whileApplyingPull(db, () => undefined)).toThrow(/inside its transaction/);
    db.close();
  });
});
