import { beforeAll, describe, expect, it } from 'vitest';
import { runPendingMigrations } from '../../electron/db/migrator';
import type { Db } from '../../electron/db/open';
import { failedChecks, verifyTenantDatabase } from '../../electron/verify/verify';
import { checkDerivedData } from '../../electron/verify/derived-checks';
import { MIGRATIONS } from '../../migrations';
import { PERF_COUNTERS_MIGRATION } from '../../migrations/0012-perf-counters';
import { makeDemoDatabase, tempDir } from '../helpers';
import { CAPS, openCopy } from './helpers';

/**
 * Verification compares 0012's counters and 0013's lists with the rows they are derived from, so a store
 * whose derived data drifted (written with the triggers dropped, edited by hand) fails `pos-db verify`.
 */
const dir = tempDir('pos-derived-verify-');
let v1: string;
beforeAll(async () => {
  v1 = await makeDemoDatabase(dir, 'small');
});

async function migrated(to?: string): Promise<Db> {
  const db = openCopy(v1, dir);
  await runPendingMigrations(db, { migrations: MIGRATIONS, ...(to ? { to } : {}) });
  return db;
}

const failing = (db: Db) => checkDerivedData(db).filter((c) => !c.ok);

/** Runs `sql` with the named triggers dropped, then puts them back: a write the triggers never saw. */
function behindTheTriggers(db: Db, triggers: string[], sql: string) {
  const saved = triggers.map((name) => db.prepare(`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?`).pluck().get(name) as string);
  db.transaction(() => {
    for (const name of triggers) db.exec(`DROP TRIGGER ${name}`);
    db.exec(sql);
    for (const s of saved) db.exec(s);
  })();
}

describe('verification of derived data', () => {
  it('a migrated store: the four derived tables agree with their rows, and verification passes', async () => {
    const db = await migrated();
    expect(checkDerivedData(db).map((c) => [c.table, c.ok])).toEqual([
      ['work_orders_last_number', true],
      ['layaways_last_number', true],
      ['vehicle_models', true],
      ['promotion_use_counts', true],
    ]);
    expect(failedChecks(verifyTenantDatabase(db))).toEqual([]);
    db.close();
  });

  it('a fitment row written without its trigger: the vehicle models disagree, and verification says so', async () => {
    const db = await migrated();
    behindTheTriggers(
      db,
      ['trg_fitment_data_vehicle_models_insert'],
      `INSERT INTO fitment_data (id, tenant_id, product_id, make, model, year_from, year_to)
       SELECT 'drift-1', tenant_id, product_id, 'Zastava', 'Yugo', 1988, 1990 FROM fitment_data WHERE tenant_id = '${CAPS}' LIMIT 1`,
    );
    expect(failing(db)).toEqual([
      { check: 'derived_data', table: 'vehicle_models', ok: false, detail: 'vehicle models missing from or extra to fitment_data: 1' },
    ]);
    expect(failedChecks(verifyTenantDatabase(db)).map((c) => c.check)).toEqual(['derived_data']);
    db.close();
  });

  it('a counter lowered below the highest number, a use count off by one: each is named', async () => {
    const db = await migrated();
    db.exec(`UPDATE work_orders_last_number SET number = '0' WHERE tenant_id = '${CAPS}'`);
    behindTheTriggers(db, ['trg_promotion_usage_use_counts_delete'], `DELETE FROM promotion_usage WHERE rowid = (SELECT min(rowid) FROM promotion_usage)`);
    expect(failing(db).map((c) => [c.table, c.detail])).toEqual([
      ['work_orders_last_number', 'stores whose work_orders counter is below their highest number: 1'],
      ['promotion_use_counts', 'promotions whose use count differs from promotion_usage: 1'],
    ]);
    db.close();
  });

  it('a missing derived table fails; a store before the migration that creates it is not asked for it', async () => {
    const db = await migrated();
    db.exec(`DROP TABLE layaways_last_number`);
    expect(failing(db).map((c) => c.detail)).toEqual([`layaways_last_number is missing (${PERF_COUNTERS_MIGRATION} created it)`]);
    db.close();
    const before = await migrated(MIGRATIONS[MIGRATIONS.findIndex((m) => m.name === PERF_COUNTERS_MIGRATION) - 1]!.name);
    expect(checkDerivedData(before)).toEqual([]);
    before.close();
  });
});
