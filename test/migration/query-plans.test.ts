import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../electron/db/open';
import { POS_QUERIES } from '../../bench/queries';
import { makeDemoDatabase, tempDir } from '../helpers';
import { CAPS, migrateTo0002, openCopy } from './helpers';

const dir = tempDir('pos-plans-');
let legacy: Db;
let migrated: Db;
beforeAll(async () => {
  const file = await makeDemoDatabase(dir, 'small');
  legacy = openCopy(file, dir);
  migrated = openCopy(file, dir);
  await migrateTo0002(migrated);
});

const plan = (db: Db, sql: string, args: unknown[]) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((r) => r.detail);

describe('the POS queries after the migration (the ones npm run bench times)', () => {
  it('scoped to caps-automotive, return exactly the rows the unscoped legacy queries returned', () => {
    for (const q of POS_QUERIES) {
      const params = q.params(legacy);
      const before = legacy.prepare(q.legacy).all(...(q.legacyArgs?.(params) ?? params));
      const after = migrated.prepare(q.scoped).all(...(q.scopedArgs?.(CAPS, params) ?? [CAPS, ...params]));
      expect(after, q.name).toEqual(before);
    }
  });

  it('are answered through indexes, never a table scan, and no inner loop of a join narrows by tenant_id alone', () => {
    for (const q of POS_QUERIES) {
      const params = q.params(legacy);
      const details = plan(migrated, q.scoped, q.scopedArgs?.(CAPS, params) ?? [CAPS, ...params]);
      for (const d of details) expect(d, q.name).not.toMatch(/^SCAN \w+$/);
      // An inner loop that only narrows by tenant would read the whole tenant once per outer row.
      const inner = details.filter((d) => /^(SEARCH|SCAN) /.test(d)).slice(1);
      for (const d of inner) expect(d, q.name).not.toMatch(/\(tenant_id=\?\)$/);
    }
  });

  it('tell the planner that tenant_id alone selects every row, so it never prefers a tenant-only index scan', () => {
    const stats = migrated.prepare(`SELECT tbl, idx, stat FROM sqlite_stat1 WHERE idx = 'idx_inventory_tenant_id'`).get() as { stat: string };
    const rows = migrated.prepare(`SELECT count(*) FROM inventory`).pluck().get() as number;
    expect(stats.stat).toBe(`${rows} ${rows}`);
  });
});
