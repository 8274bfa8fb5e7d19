import { beforeAll, describe, expect, it } from 'vitest';
import { databaseContentHashes } from '../../electron/db/content-hash';
import { executedMigrations, runPendingMigrations } from '../../electron/db/migrator';
import type { Db } from '../../electron/db/open';
import { MIGRATIONS } from '../../migrations';
import { PERF_MIGRATION } from '../../migrations/0007-perf';
import { SHIFT_TILL_MIGRATION, SHIFT_TILL_MIGRATION_ROWS_WRITTEN, shiftTillMigration } from '../../migrations/0011-shift-till';
import { ADD_COLUMN, BACKFILL, UNENROLLED_TILL_ID } from '../../migrations/0011-shift-till/schema';
import { makeDemoDatabase, tempDir } from '../helpers';
import { addSecondTenant, CAPS, OTHER, openCopy } from './helpers';

const dir = tempDir('pos-0011-');
let v1: string;
beforeAll(async () => {
  v1 = await makeDemoDatabase(dir, 'small');
});

const AT = '2026-12-01T08:00:00.000Z';
const TILL_1 = '6f1c3a52-0b7e-4c36-9d0a-1f6a8f3b2c01';
const OTHER_TILL = 'a9d2e7c4-5b1f-4e8a-8c3d-2b7f6e1a9d02';

/** The migration this build runs right before 0011 (0007, or 0010 once it exists; the numbers between are reserved). */
const BEFORE = MIGRATIONS[MIGRATIONS.indexOf(shiftTillMigration) - 1]!.name;

/** A store migrated up to right before 0011, with both tenants' demo data. */
async function before0011(): Promise<Db> {
  const db = openCopy(v1, dir);
  await runPendingMigrations(db, { migrations: MIGRATIONS, to: BEFORE });
  addSecondTenant(db);
  return db;
}

/** Shifts as the tills wrote them before 0011: with or without the queued opening this file made, with or without a pull's sync_log row. */
function addShift(db: Db, tenantId: string, id: string, how: { queued: boolean; pulled: boolean; status?: 'open' | 'closed' }) {
  const user = db.prepare(`SELECT id FROM users WHERE tenant_id = ? ORDER BY id LIMIT 1`).pluck().get(tenantId) as string;
  const closed = how.status === 'closed';
  db.prepare(
    `INSERT INTO shifts (id, tenant_id, opened_by, opened_at, float_cents, status, closed_by, closed_at, expected_cents, counted_cents, over_short_cents)
     VALUES (?, ?, ?, ?, 10000, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id,
    tenantId,
    user,
    AT,
    closed ? 'closed' : 'open',
    closed ? user : null,
    closed ? AT : null,
    closed ? 10000 : null,
    closed ? 10000 : null,
    closed ? 0 : null,
  );
  if (how.queued)
    db.prepare(
      `INSERT INTO pending_operations (id, tenant_id, entity_type, entity_id, operation, payload, status, created_at, updated_at)
       VALUES (?, ?, 'shift', ?, 'insert', '{}', 'done', ?, ?)`,
    ).run(`op-${id}`, tenantId, id, AT, AT);
  if (how.pulled)
    db.prepare(
      `INSERT INTO sync_log (id, tenant_id, entity_type, entity_id, operation, direction, status, terminal_id, synced_at, detail)
       VALUES (?, ?, 'shifts', ?, 'insert', 'pull', 'ok', ?, ?, 'upsert')`,
    ).run(`log-${id}`, tenantId, id, TILL_1, AT);
}

function enroll(db: Db, tenantId: string, tillId: string) {
  db.prepare(
    `INSERT INTO sync_credentials (id, tenant_id, hub_url, hub_id, till_name, token, seq_base, enrolled_at)
     VALUES (?, ?, 'http://127.0.0.1:9', 'hub-1', 'Front counter', ?, 0, ?)`,
  ).run(tillId, tenantId, `${tenantId}.x`, AT);
}

const tillIds = (db: Db) =>
  Object.fromEntries(
    (db.prepare(`SELECT id, till_id FROM shifts ORDER BY id`).all() as { id: string; till_id: string | null }[]).map((r) => [r.id, r.till_id]),
  );

describe(`migration ${SHIFT_TILL_MIGRATION}`, () => {
  it('runs after 0007 and the migrations numbered before it, and is recorded by its explicit name', async () => {
    const db = openCopy(v1, dir);
    await runPendingMigrations(db, { migrations: MIGRATIONS });
    const executed = executedMigrations(db);
    expect(executed.indexOf(SHIFT_TILL_MIGRATION)).toBeGreaterThan(executed.indexOf(PERF_MIGRATION));
    expect(executed.indexOf(SHIFT_TILL_MIGRATION)).toBe(executed.indexOf(BEFORE) + 1);
    expect(db.prepare(`SELECT type, "notnull" AS nn, dflt_value AS d FROM pragma_table_info('shifts') WHERE name = 'till_id'`).get()).toEqual({
      type: 'TEXT',
      nn: 0,
      d: null,
    });
    db.close();
  });

  it("gives each shift this till opened its store's till id, and a shift only pulled from another till none", async () => {
    const db = await before0011();
    enroll(db, CAPS, TILL_1); // CAPS is enrolled; the second store of the file is not
    addShift(db, CAPS, 'shift-caps-own', { queued: true, pulled: false, status: 'closed' });
    addShift(db, CAPS, 'shift-caps-own-open', { queued: true, pulled: false });
    // Its own shift came back in a resync: the queued opening says it is this till's.
    addShift(db, CAPS, 'shift-caps-own-resynced', { queued: true, pulled: true, status: 'closed' });
    // Another till's open shift, pulled: the bug 0011 fixes (shifts.current took it for this till's).
    addShift(db, CAPS, 'shift-caps-other-till', { queued: false, pulled: true });
    // Written by something other than the queue (a raw import): this till's, as it always was.
    addShift(db, CAPS, 'shift-caps-unqueued', { queued: false, pulled: false, status: 'closed' });
    addShift(db, OTHER, 'shift-other-own', { queued: true, pulled: false });
    const before = databaseContentHashes(db);
    await runPendingMigrations(db, { migrations: MIGRATIONS });
    expect(tillIds(db)).toEqual({
      'shift-caps-own': TILL_1,
      'shift-caps-own-open': TILL_1,
      'shift-caps-own-resynced': TILL_1,
      'shift-caps-other-till': null,
      'shift-caps-unqueued': TILL_1,
      'shift-other-own': UNENROLLED_TILL_ID,
    });
    const after = databaseContentHashes(db);
    expect(Object.keys({ ...before, ...after }).filter((t) => before[t] !== after[t])).toEqual([...SHIFT_TILL_MIGRATION_ROWS_WRITTEN]);
    db.close();
  });

  it("never takes another store's credential: each tenant of a file gets its own till id", async () => {
    const db = await before0011();
    enroll(db, CAPS, TILL_1);
    enroll(db, OTHER, OTHER_TILL);
    addShift(db, CAPS, 'shift-caps', { queued: true, pulled: false });
    addShift(db, OTHER, 'shift-other', { queued: true, pulled: false });
    // A pull log of the other store naming the same id says nothing about this store's shift.
    db.prepare(
      `INSERT INTO sync_log (id, tenant_id, entity_type, entity_id, operation, direction, status, terminal_id, synced_at, detail)
       VALUES ('log-x', ?, 'shifts', 'shift-caps-unlogged', 'insert', 'pull', 'ok', NULL, ?, 'upsert')`,
    ).run(OTHER, AT);
    addShift(db, CAPS, 'shift-caps-unlogged', { queued: false, pulled: false });
    await runPendingMigrations(db, { migrations: MIGRATIONS });
    expect(tillIds(db)).toEqual({ 'shift-caps': TILL_1, 'shift-other': OTHER_TILL, 'shift-caps-unlogged': TILL_1 });
    db.close();
  });

  it('is frozen: its statements and the unenrolled till id are its own constants', () => {
    expect({ ADD_COLUMN, BACKFILL, UNENROLLED_TILL_ID }).toMatchSnapshot();
  });

  it('fails as one transaction: a store whose shifts cannot be written keeps them as they were, without the column', async () => {
    const db = await before0011();
    addShift(db, CAPS, 'shift-caps', { queued: true, pulled: false });
    db.exec(`CREATE TRIGGER refuse_shift_write BEFORE UPDATE ON shifts BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`);
    await expect(runPendingMigrations(db, { migrations: MIGRATIONS })).rejects.toThrow(/refused by the test/);
    expect(db.prepare(`SELECT count(*) FROM pragma_table_info('shifts') WHERE name = 'till_id'`).pluck().get()).toBe(0);
    expect(executedMigrations(db)).not.toContain(SHIFT_TILL_MIGRATION);
    db.close();
  });
});
