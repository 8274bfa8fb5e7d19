import { beforeAll, describe, expect, it } from 'vitest';
import { INFRASTRUCTURE_TABLES } from '../../electron/db/catalogue';
import { V1_TABLES } from '../../migrations/0002-tenant-id/tables';
import { V2_FOREIGN_KEYS } from '../../migrations/0003-tenant-integrity/tables';
import { openDatabase, type Db } from '../../electron/db/open';
import { makeDemoDatabase, tempDir } from '../helpers';

const dir = tempDir();
let db: Db;

beforeAll(async () => {
  db = openDatabase(await makeDemoDatabase(dir));
});

const objects = (type: string) =>
  (db.prepare(`SELECT name FROM sqlite_master WHERE type = ? AND name NOT LIKE 'sqlite_%' ORDER BY name`).all(type) as { name: string }[]).map((r) => r.name);

const V1_NAMES = V1_TABLES.map((t) => t.name);

/** Migration 0001 alone must still produce exactly the schema the frozen facts of 0002 and 0003 describe. */
describe('the legacy (v1) schema, as the shipped single-tenant app created it', () => {
  it('has exactly the 32 tables of the task overview, plus the migrator bookkeeping', () => {
    expect(V1_NAMES).toHaveLength(32);
    expect(objects('table')).toEqual([...V1_NAMES, ...INFRASTRUCTURE_TABLES].sort());
  });

  it('matches the frozen facts of 0003: the foreign keys', () => {
    expect(Object.keys(V2_FOREIGN_KEYS).sort()).toEqual([...V1_NAMES].sort());
    for (const t of V1_TABLES) {
      const actual = (db.prepare(`SELECT "from" AS column, "table" AS ref FROM pragma_foreign_key_list(?)`).all(t.name) as { column: string; ref: string }[])
        .map((f) => `${f.column}->${f.ref}`)
        .sort();
      expect(actual, t.name).toEqual((V2_FOREIGN_KEYS[t.name] ?? []).map(([column, parent]) => `${column}->${parent}`).sort());
    }
  });

  it('matches the frozen facts of 0002: inline UNIQUE business keys and global uniques', () => {
    for (const t of V1_TABLES) {
      const uniques = (db.prepare(`SELECT name FROM pragma_index_list(?) WHERE origin = 'u'`).all(t.name) as { name: string }[]).map((i) =>
        (db.prepare(`SELECT name FROM pragma_index_info(?)`).all(i.name) as { name: string }[]).map((c) => c.name).join(','),
      );
      expect(uniques.sort(), t.name).toEqual([...t.businessKeys, ...t.globalUniques].sort());
    }
  });

  it('matches the frozen facts of 0002: the secondary indexes of the common queries', () => {
    for (const t of V1_TABLES) {
      const indexes = (db.prepare(`SELECT name FROM pragma_index_list(?) WHERE origin = 'c'`).all(t.name) as { name: string }[]).map((i) => ({
        name: i.name,
        columns: (db.prepare(`SELECT name FROM pragma_index_info(?) ORDER BY seqno`).all(i.name) as { name: string }[]).map((c) => c.name),
      }));
      expect(
        indexes.sort((a, b) => a.name.localeCompare(b.name)),
        t.name,
      ).toEqual([...t.legacyIndexes].sort((a, b) => a.name.localeCompare(b.name)));
    }
  });

  it('uses TEXT UUID primary keys everywhere', () => {
    for (const t of V1_TABLES) {
      const pk = db.prepare(`SELECT name, type FROM pragma_table_info(?) WHERE pk = 1`).all(t.name);
      expect(pk, t.name).toEqual([{ name: 'id', type: 'TEXT' }]);
    }
  });

  it('refuses negative money, negative stock and unknown statuses (CHECK constraints)', () => {
    const product = db.prepare('SELECT id FROM products LIMIT 1').get() as { id: string };
    expect(() => db.prepare(`UPDATE products SET price_cents = -1 WHERE id = ?`).run(product.id)).toThrow(/CHECK/);
    expect(() => db.prepare(`UPDATE inventory SET quantity_on_hand = -5 WHERE product_id = ?`).run(product.id)).toThrow(/CHECK/);
    expect(() => db.prepare(`UPDATE work_orders SET status = 'lost' WHERE rowid = 1`).run()).toThrow(/CHECK/);
  });

  it('keeps on-hand stock in step with inventory transactions (trigger) and values it (view)', () => {
    const before = db.prepare(`SELECT product_id, quantity_on_hand, value_cents, cost_cents FROM inventory_valuation LIMIT 1`).get() as {
      product_id: string;
      quantity_on_hand: number;
      value_cents: number;
      cost_cents: number;
    };
    db.prepare(`INSERT INTO inventory_transactions (id, product_id, kind, quantity, created_at) VALUES ('t-1', ?, 'receive', 3, '2026-11-29T10:00:00Z')`).run(
      before.product_id,
    );
    const after = db.prepare(`SELECT quantity_on_hand, value_cents FROM inventory_valuation WHERE product_id = ?`).get(before.product_id);
    expect(after).toEqual({ quantity_on_hand: before.quantity_on_hand + 3, value_cents: (before.quantity_on_hand + 3) * before.cost_cents });
  });

  it('opens with WAL, foreign keys on and a busy timeout', () => {
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    expect(() => db.prepare(`INSERT INTO sessions (id, user_id, token, created_at, expires_at) VALUES ('s', 'nobody', 'tok', 'x', 'y')`).run()).toThrow(
      /FOREIGN KEY/,
    );
  });
});
