import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../electron/db/open';
import { whileApplyingPull } from '../../electron/sync/apply-pull';
import { perfCountersMigration } from '../../migrations/0012-perf-counters';
import { makeDemoDatabase, tempDir } from '../helpers';
import { CAPS, migratedWithSecondStoreBefore, OTHER } from './helpers';

const dir = tempDir('pos-0012-');
let v1: string;
beforeAll(async () => {
  v1 = await makeDemoDatabase(dir, 'small');
});

/** The counter of `table` (`work_orders`, `layaways`): its own table, keyed by tenant_id. */
const counter = (db: Db, tenant: string, table: string) =>
  db.prepare(`SELECT number FROM ${table}_last_number WHERE tenant_id = ?`).pluck().get(tenant) as string | undefined;
const max = (db: Db, tenant: string, table: string) => db.prepare(`SELECT max(number) FROM ${table} WHERE tenant_id = ?`).pluck().get(tenant) as string | null;

const migrated = () => migratedWithSecondStoreBefore(v1, dir, perfCountersMigration);

describe('migration 0012: per-tenant last number counters', () => {
  it('starts each store from its own MAX(number)', async () => {
    const db = await migrated();
    for (const tenant of [CAPS, OTHER])
      for (const table of ['work_orders', 'layaways']) expect(counter(db, tenant, table), `${tenant} ${table}`).toBe(max(db, tenant, table) ?? undefined);
    expect(max(db, CAPS, 'work_orders')).not.toBeNull();
    db.close();
  });

  it('follows every insert and number change in the same statement, per store only', async () => {
    const db = await migrated();
    const row = db.prepare(`SELECT * FROM work_orders WHERE tenant_id = ? ORDER BY number DESC LIMIT 1`).get(CAPS) as Record<string, unknown>;
    const other = counter(db, OTHER, 'work_orders');
    const cols = Object.keys(row);
    const insert = db.prepare(`INSERT INTO work_orders (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`);
    insert.run({ ...row, id: 'wo-0012-a', number: 'WO-9999990' });
    expect(counter(db, CAPS, 'work_orders')).toBe('WO-9999990');
    // A lower number (a pull of an older order) leaves the counter at the greatest.
    insert.run({ ...row, id: 'wo-0012-b', number: 'WO-0000001' });
    expect(counter(db, CAPS, 'work_orders')).toBe('WO-9999990');
    db.prepare(`UPDATE work_orders SET number = 'WO-9999991' WHERE id = 'wo-0012-b'`).run();
    expect(counter(db, CAPS, 'work_orders')).toBe('WO-9999991');
    expect(counter(db, OTHER, 'work_orders')).toBe(other);
    // Rolled back with the insert it counted.
    expect(() =>
      db.transaction(() => {
        insert.run({ ...row, id: 'wo-0012-c', number: 'WO-9999999' });
        throw new Error('abort');
      })(),
    ).toThrow('abort');
    expect(counter(db, CAPS, 'work_orders')).toBe('WO-9999991');
    db.close();
  });

  it('keeps the greatest number after a delete (never handed out twice), and counts layaways the same way', async () => {
    const db = await migrated();
    const copyOf = (table: string) => {
      const row = db.prepare(`SELECT * FROM ${table} WHERE tenant_id = ? ORDER BY number DESC LIMIT 1`).get(CAPS) as Record<string, unknown>;
      const cols = Object.keys(row);
      const insert = db.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`);
      return (id: string, number: string) => insert.run({ ...row, id, number });
    };
    copyOf('work_orders')('wo-0012-top', 'WO-9999995');
    db.prepare(`DELETE FROM work_orders WHERE id = 'wo-0012-top'`).run();
    expect(max(db, CAPS, 'work_orders')).not.toBe('WO-9999995');
    expect(counter(db, CAPS, 'work_orders')).toBe('WO-9999995');
    const other = counter(db, OTHER, 'layaways');
    copyOf('layaways')('lay-0012-a', 'LAY-9999990');
    expect(counter(db, CAPS, 'layaways')).toBe('LAY-9999990');
    expect(counter(db, OTHER, 'layaways')).toBe(other);
    db.close();
  });

  it('follows a work order a pull from the hub inserts (the ledger triggers skip pulls, the counter must not)', async () => {
    const db = await migrated();
    const row = db.prepare(`SELECT * FROM work_orders WHERE tenant_id = ? ORDER BY number DESC LIMIT 1`).get(OTHER) as Record<string, unknown>;
    const cols = Object.keys(row);
    const insert = db.prepare(`INSERT INTO work_orders (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`);
    db.transaction(() => whileApplyingPull(db, () => insert.run({ ...row, id: 'wo-0012-pulled', number: 'WO-9999980' })))();
    expect(counter(db, OTHER, 'work_orders')).toBe('WO-9999980');
    db.close();
  });
});
