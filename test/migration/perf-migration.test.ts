import { beforeAll, describe, expect, it } from 'vitest';
import { databaseContentHashes } from '../../electron/db/content-hash';
import { executedMigrations, runPendingMigrations } from '../../electron/db/migrator';
import type { Db } from '../../electron/db/open';
import { MIGRATIONS } from '../../migrations';
import { AUTH_MIGRATION } from '../../migrations/0006-auth';
import { PERF_MIGRATION, PERF_MIGRATION_ROWS_WRITTEN } from '../../migrations/0007-perf';
import { UNSEEDED_TENANT_INDEXES } from '../../migrations/0007-perf/schema';
import { makeDemoDatabase, tempDir } from '../helpers';
import { CAPS, openCopy } from './helpers';

const dir = tempDir('pos-0007-');
let v1: string;
beforeAll(async () => {
  v1 = await makeDemoDatabase(dir, 'small');
});

async function at0006(): Promise<Db> {
  const db = openCopy(v1, dir);
  await runPendingMigrations(db, { migrations: MIGRATIONS, to: AUTH_MIGRATION });
  return db;
}

const statOf = (db: Db, table: string, index: string) =>
  db.prepare(`SELECT stat FROM sqlite_stat1 WHERE tbl = ? AND idx = ?`).pluck().get(table, index) as string | undefined;
const plan = (db: Db, sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(CAPS) as { detail: string }[]).map((r) => r.detail).join(' | ');
const LAST_NUMBER = `SELECT number FROM work_orders WHERE tenant_id = ? ORDER BY number DESC LIMIT 1`;
const COUNT_BY_STATUS = `SELECT status, count(*) AS n FROM work_orders WHERE tenant_id = ? GROUP BY status`;

describe(`migration ${PERF_MIGRATION}`, () => {
  it('runs right after 0006 and is recorded by its explicit name', async () => {
    const db = openCopy(v1, dir);
    await runPendingMigrations(db, { migrations: MIGRATIONS });
    const executed = executedMigrations(db);
    expect(executed.indexOf(PERF_MIGRATION)).toBe(executed.indexOf(AUTH_MIGRATION) + 1);
    db.close();
  });

  it('gives each tenant-led index 0004 and 0005 added to a legacy table the statistics 0002 gives the others, and changes no row', async () => {
    const db = await at0006();
    for (const { table, index } of UNSEEDED_TENANT_INDEXES) expect(statOf(db, table, index), index).toBeUndefined();
    const before = databaseContentHashes(db);
    await runPendingMigrations(db, { migrations: MIGRATIONS });
    for (const { table, index } of UNSEEDED_TENANT_INDEXES) {
      const rows = Math.max(db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number, 1);
      expect(statOf(db, table, index), index).toBe(`${rows} ${rows}`);
    }
    const after = databaseContentHashes(db);
    expect(Object.keys({ ...before, ...after }).filter((t) => before[t] !== after[t])).toEqual([...PERF_MIGRATION_ROWS_WRITTEN]);
    db.close();
  });

  it('is why the last work order number reads the (tenant_id, number) key backwards, and the count comes from the status index', async () => {
    const db = await at0006();
    // Before: the index without statistics looks like it selects 10 rows, so the planner reads the tenant through it and sorts.
    expect(plan(db, LAST_NUMBER)).toMatch(/idx_work_orders_tenant_vehicle.*TEMP B-TREE/);
    await runPendingMigrations(db, { migrations: MIGRATIONS });
    // A connection opened after the commit reads the new statistics.
    const fresh = openCopy(db.name, dir);
    for (const c of [db, fresh]) {
      expect(plan(c, LAST_NUMBER)).toBe('SEARCH work_orders USING COVERING INDEX sqlite_autoindex_work_orders_2 (tenant_id=?)');
      expect(plan(c, COUNT_BY_STATUS)).toBe('SEARCH work_orders USING COVERING INDEX idx_work_orders_tenant_id (tenant_id=?)');
    }
    fresh.close();
    db.close();
  });

  it('keeps statistics a store already has (ANALYZE knows better than "N N")', async () => {
    const db = await at0006();
    db.prepare(`INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ('work_orders', 'idx_work_orders_tenant_vehicle', '7 7 2')`).run();
    await runPendingMigrations(db, { migrations: MIGRATIONS });
    expect(statOf(db, 'work_orders', 'idx_work_orders_tenant_vehicle')).toBe('7 7 2');
    db.close();
  });

  it('is frozen: its index list is its own constant', () => {
    expect(UNSEEDED_TENANT_INDEXES).toMatchSnapshot();
  });
});
