import crypto from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../electron/db/open';
import type { PulledChange } from '../../contracts/sync/protocol';
import { DERIVED_LIST_TABLES } from '../../electron/db/catalogue';
import { applyPulledChanges } from '../../electron/sync/apply-pull';
import { PullRejectedError } from '../../electron/sync/errors';
import { runAsTenant } from '../../electron/tenancy/context';
import { createRepositories } from '../../electron/tenancy/repositories';
import { derivedListsMigration } from '../../migrations/0013-derived-lists';
import { makeDemoDatabase, tempDir } from '../helpers';
import { CAPS, migratedWithSecondStoreBefore, OTHER } from './helpers';

const dir = tempDir('pos-0013-');
let v1: string;
beforeAll(async () => {
  v1 = await makeDemoDatabase(dir, 'small');
});

const migrated = () => migratedWithSecondStoreBefore(v1, dir, derivedListsMigration);

const asTenant = <T>(tenantId: string, fn: () => T) => runAsTenant({ tenantId, userId: null }, fn);

/** What the vehicle pickers offer the store (the repository's probes of vehicle_models). */
const pickerSequence = (db: Db, tenant: string) => asTenant(tenant, () => createRepositories(db).products.vehicleOptions());
/** What they offered before 0013: the store's distinct makes and models of its fitment rows, in BINARY order. */
const distinctFitment = (db: Db, tenant: string) =>
  db.prepare(`SELECT DISTINCT make, model FROM fitment_data WHERE tenant_id = ? ORDER BY make, model`).all(tenant) as { make: string; model: string }[];

const uses = (db: Db, tenant: string, promotionId: string) => asTenant(tenant, () => createRepositories(db).selling.promotionUses(promotionId));
/** Every promotion of the store with its count(*) of promotion_usage rows, the used and the unused. */
const counted = (db: Db, tenant: string) =>
  db
    .prepare(
      `SELECT p.id, (SELECT count(*) FROM promotion_usage u WHERE u.tenant_id = p.tenant_id AND u.promotion_id = p.id) AS n
       FROM promotions p WHERE p.tenant_id = ? ORDER BY p.id`,
    )
    .all(tenant) as { id: string; n: number }[];
const countsRead = (db: Db, tenant: string) => counted(db, tenant).map(({ id }) => ({ id, n: uses(db, tenant, id) }));

function expectListsRight(db: Db, when: string) {
  for (const tenant of [CAPS, OTHER]) {
    expect(pickerSequence(db, tenant), `${when}: ${tenant} pickers`).toEqual(distinctFitment(db, tenant));
    expect(countsRead(db, tenant), `${when}: ${tenant} promotion uses`).toEqual(counted(db, tenant));
  }
  // No row for a count of 0 and none for a (make, model) without fitment: the tables hold exactly what they derive from.
  expect(db.prepare(`SELECT tenant_id, make, model FROM vehicle_models ORDER BY 1, 2, 3`).all(), when).toEqual(
    db.prepare(`SELECT DISTINCT tenant_id, make, model FROM fitment_data ORDER BY 1, 2, 3`).all(),
  );
  expect(db.prepare(`SELECT tenant_id, promotion_id, uses FROM promotion_use_counts ORDER BY 1, 2`).all(), when).toEqual(
    db.prepare(`SELECT tenant_id, promotion_id, count(*) AS uses FROM promotion_usage GROUP BY 1, 2 ORDER BY 1, 2`).all(),
  );
}

/** An insert of a copy of one of the store's rows, with the given columns changed. */
function copier(db: Db, table: 'fitment_data' | 'promotion_usage', tenant: string) {
  const row = db.prepare(`SELECT * FROM ${table} WHERE tenant_id = ? ORDER BY id LIMIT 1`).get(tenant) as Record<string, unknown>;
  const cols = Object.keys(row);
  const insert = db.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`);
  return (changes: Record<string, unknown>) => insert.run({ ...row, ...changes });
}

describe('migration 0013: per-store vehicle models and promotion use counts', () => {
  it('starts from the rows there are, per store, with both stores sharing makes and promotion codes', async () => {
    const db = await migrated();
    expectListsRight(db, 'after the migration');
    expect(distinctFitment(db, CAPS).length).toBeGreaterThan(1);
    expect(
      counted(db, CAPS).some((p) => p.n > 1),
      'promotions used more than once',
    ).toBe(true);
    db.close();
  });

  it('follows inserts, deletes and updates of fitment, and a rollback takes the change back', async () => {
    const db = await migrated();
    const fitment = copier(db, 'fitment_data', CAPS);
    fitment({ id: 'fit-0013-a', make: 'Zzz-Make', model: 'One' });
    fitment({ id: 'fit-0013-b', make: 'Zzz-Make', model: 'One' });
    fitment({ id: 'fit-0013-c', make: 'Zzz-Make', model: 'Two' });
    expectListsRight(db, 'after inserts');
    expect(
      pickerSequence(db, OTHER).some((v) => v.make === 'Zzz-Make'),
      'the other store does not see them',
    ).toBe(false);
    // One of two rows of a model leaves the model listed; the last one takes it.
    db.prepare(`DELETE FROM fitment_data WHERE id = 'fit-0013-a'`).run();
    expectListsRight(db, 'after deleting one of two');
    db.prepare(`DELETE FROM fitment_data WHERE id = 'fit-0013-c'`).run();
    expectListsRight(db, 'after deleting the last of a model');
    // Renaming a model, moving a row to the other store, and an update that changes nothing the list holds.
    db.prepare(`UPDATE fitment_data SET model = 'Three' WHERE id = 'fit-0013-b'`).run();
    expectListsRight(db, 'after a model rename');
    db.prepare(`UPDATE fitment_data SET notes = 'moved' WHERE id = 'fit-0013-b'`).run();
    // A move to the other store is refused (0003: tenant_id is immutable) and moves nothing.
    expect(() => db.prepare(`UPDATE fitment_data SET tenant_id = ? WHERE id = 'fit-0013-b'`).run(OTHER)).toThrow(/immutable/);
    expectListsRight(db, 'after a refused move to the other store');
    // Deleting every fitment row of a real make and model of CAPS (the other store keeps its own).
    const { make, model } = distinctFitment(db, CAPS)[0]!;
    db.prepare(`DELETE FROM fitment_data WHERE tenant_id = ? AND make = ? AND model = ?`).run(CAPS, make, model);
    expectListsRight(db, 'after deleting a whole model');
    const before = pickerSequence(db, CAPS);
    expect(() =>
      db.transaction(() => {
        fitment({ id: 'fit-0013-d', make: 'Aaa-Make', model: 'Rolled' });
        db.prepare(`DELETE FROM fitment_data WHERE tenant_id = ?`).run(CAPS);
        throw new Error('abort');
      })(),
    ).toThrow('abort');
    expect(pickerSequence(db, CAPS)).toEqual(before);
    expectListsRight(db, 'after a rollback');
    db.close();
  });

  it('counts promotion uses through inserts, deletes, moves and a rollback (0 with no row)', async () => {
    const db = await migrated();
    const use = copier(db, 'promotion_usage', CAPS);
    // A promotion whose every use is deleted reads 0 (its row goes with the last use).
    const [unused] = counted(db, CAPS).filter((p) => p.n > 1);
    db.prepare(`DELETE FROM promotion_usage WHERE tenant_id = ? AND promotion_id = ?`).run(CAPS, unused!.id);
    expect(uses(db, CAPS, unused!.id)).toBe(0);
    expectListsRight(db, 'after deleting every use of a promotion');
    use({ id: 'pu-0013-a', promotion_id: unused!.id });
    use({ id: 'pu-0013-b', promotion_id: unused!.id });
    expect(uses(db, CAPS, unused!.id)).toBe(2);
    expectListsRight(db, 'after inserts');
    db.prepare(`DELETE FROM promotion_usage WHERE id = 'pu-0013-a'`).run();
    expectListsRight(db, 'after a delete');
    db.prepare(`DELETE FROM promotion_usage WHERE id = 'pu-0013-b'`).run();
    expect(uses(db, CAPS, unused!.id)).toBe(0);
    expectListsRight(db, 'after deleting the last use');
    // A use moved to another promotion, then to the other store's promotion of the same code.
    const [first, second] = counted(db, CAPS).filter((p) => p.n > 0);
    const moved = db.prepare(`SELECT id FROM promotion_usage WHERE tenant_id = ? AND promotion_id = ? LIMIT 1`).pluck().get(CAPS, first!.id) as string;
    db.prepare(`UPDATE promotion_usage SET promotion_id = ? WHERE id = ?`).run(second!.id, moved);
    expectListsRight(db, 'after a move to another promotion');
    expect(() => db.prepare(`UPDATE promotion_usage SET tenant_id = ? WHERE id = ?`).run(OTHER, moved)).toThrow(/immutable/);
    expectListsRight(db, 'after a refused move to the other store');
    const before = countsRead(db, CAPS);
    expect(() =>
      db.transaction(() => {
        use({ id: 'pu-0013-c', promotion_id: unused!.id });
        db.prepare(`DELETE FROM promotion_usage WHERE tenant_id = ? AND promotion_id = ?`).run(CAPS, second!.id);
        throw new Error('abort');
      })(),
    ).toThrow('abort');
    expect(countsRead(db, CAPS)).toEqual(before);
    expectListsRight(db, 'after a rollback');
    // Deleting a promotion cascades to its uses, and the cascade fires the delete trigger too.
    db.prepare(`DELETE FROM promotions WHERE id = ?`).run(second!.id);
    expectListsRight(db, 'after a cascade delete');
    db.close();
  });

  it('follows rows a pull from the hub writes, counts a row pulled twice once, and drops it with its tombstone', async () => {
    const db = await migrated();
    const row = (table: string) => {
      const { tenant_id: _tenant, ...rest } = db.prepare(`SELECT * FROM ${table} WHERE tenant_id = ? ORDER BY id LIMIT 1`).get(OTHER) as Record<
        string,
        unknown
      >;
      return rest;
    };
    const [unused] = counted(db, OTHER).filter((p) => p.n > 0);
    db.prepare(`DELETE FROM promotion_usage WHERE tenant_id = ? AND promotion_id = ?`).run(OTHER, unused!.id);
    const fitmentId = crypto.randomUUID();
    const useId = crypto.randomUUID();
    const page: PulledChange[] = [
      { table: 'fitment_data', op: 'upsert', id: fitmentId, row: { ...row('fitment_data'), id: fitmentId, make: 'Pulled-Make', model: 'P1' } },
      { table: 'promotion_usage', op: 'upsert', id: useId, row: { ...row('promotion_usage'), id: useId, promotion_id: unused!.id } },
    ];
    const apply = (changes: PulledChange[]) => asTenant(OTHER, () => db.transaction(() => applyPulledChanges(db, changes, () => {}))());
    apply(page);
    expect(pickerSequence(db, OTHER)).toContainEqual({ make: 'Pulled-Make', model: 'P1' });
    expect(uses(db, OTHER, unused!.id)).toBe(1);
    expectListsRight(db, 'after a pull');
    apply(page);
    expect(uses(db, OTHER, unused!.id), 'the same row pulled again').toBe(1);
    expectListsRight(db, 'after the same page again');
    apply(page.map((c) => ({ ...c, op: 'delete' as const, row: null })));
    expect(uses(db, OTHER, unused!.id)).toBe(0);
    expect(pickerSequence(db, OTHER)).not.toContainEqual({ make: 'Pulled-Make', model: 'P1' });
    expectListsRight(db, 'after the tombstones');
    // The lists are derived, never synced: a page that carries their rows is refused whole.
    for (const table of DERIVED_LIST_TABLES)
      expect(() =>
        apply([{ table, op: 'upsert', id: crypto.randomUUID(), row: { make: 'Hub-Make', model: 'H1', promotion_id: unused!.id, uses: 9 } }]),
      ).toThrow(PullRejectedError);
    expectListsRight(db, 'after the refused pages');
    db.close();
  });
});
