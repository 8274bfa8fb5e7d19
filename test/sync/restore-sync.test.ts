import { describe, expect, it } from 'vitest';
import { createBackup, defaultBackupDir, restoreBackup } from '../../electron/backup';
import type { Db } from '../../electron/db/open';
import { createSyncService } from '../../electron/sync';
import { runAsTenant } from '../../electron/tenancy/context';
import { createRepositories } from '../../electron/tenancy/repositories';
import { CAPS, openTill, tillCopy, useSeededHub } from './support/tills';

/**
 * A till restored from an older backup, against a real hub. The backup's queue
 * numbers new work again with the numbers the hub already received; the hub
 * refuses the batch with where it stands (409 sequence_gap), the till
 * renumbers and resends, and what the hub already has is recognised by its
 * operation id: every new operation accepted, none applied twice.
 */
const seeded = useSeededHub('pos-restore-sync-', 21);
const { dir } = seeded;

interface Till {
  path: string;
  db: Db;
  tillId: string;
}

async function enrolledTill(name: string): Promise<Till> {
  const path = tillCopy(seeded.file, dir, name);
  const db = openTill(path);
  const enrolled = await createSyncService(db).enroll({ hubUrl: seeded.hub.url, code: await seeded.hub.enrollCode(CAPS, name) });
  const [pushed] = await createSyncService(db).push();
  expect(pushed?.ok, JSON.stringify(pushed)).toBe(true);
  return { path, db, tillId: enrolled.tillId };
}

const userOf = (db: Db) => db.prepare(`SELECT id FROM users WHERE tenant_id = ? AND username = 'admin'`).pluck().get(CAPS) as string;
const asClerk = <T>(db: Db, fn: (r: ReturnType<typeof createRepositories>) => T): T =>
  runAsTenant({ tenantId: CAPS, userId: userOf(db) }, () => fn(createRepositories(db)));
const productOf = (db: Db) => db.prepare(`SELECT product_id FROM inventory WHERE tenant_id = ? ORDER BY product_id LIMIT 1`).pluck().get(CAPS) as string;
const receive = (db: Db, productId: string, quantity: number) => asClerk(db, (r) => r.inventory.receive({ productId, quantity, unitCostCents: 100 }));
const lastOp = (db: Db) =>
  db.prepare(`SELECT id, seq, entity_id FROM pending_operations WHERE tenant_id = ? ORDER BY seq DESC LIMIT 1`).get(CAPS) as {
    id: string;
    seq: number;
    entity_id: string;
  };
const hubLevel = async (productId: string) =>
  (await seeded.hub.queryAs<{ q: number }>(CAPS, `SELECT quantity_on_hand AS q FROM hub.inventory WHERE product_id = $1`, [productId]))[0]!.q;

async function backup(t: Till): Promise<string> {
  return (await createBackup(t.db, { backupDir: defaultBackupDir(t.path), reason: 'manual' })).id;
}

/** Closes the till's connection, restores the backup over its file, opens it again. */
async function restore(t: Till, backupId: string): Promise<void> {
  t.db.close();
  await restoreBackup({ dbPath: t.path, backupId, backupDir: defaultBackupDir(t.path) });
  t.db = openTill(t.path);
}

/** The hub recorded each operation of this till once by its id (a later number of the same id is a `#` row pointing at the first). */
async function opIdsOnHub(t: Till) {
  return seeded.hub.querySuper<{ op_id: string; seq: string; outcome: string; code: string | null }>(
    `SELECT op_id, seq, outcome, code FROM hub.applied_operations WHERE till_id = $1 ORDER BY seq`,
    [t.tillId],
  );
}

describe('a till restored from an older backup, then syncing', () => {
  it('sends its new work with numbers the hub already had: realigned, every new operation applied, the old pending ones recognised by id', async () => {
    const t = await enrolledTill('restored');
    const product = productOf(t.db);
    const start = await hubLevel(product);
    receive(t.db, product, 1);
    receive(t.db, product, 2);
    await createSyncService(t.db).push();
    // Two operations still pending when the backup is taken; the pre-restore till delivers them and three more.
    receive(t.db, product, 4);
    receive(t.db, product, 8);
    const pendingAtBackup = [lastOp(t.db)];
    const backupId = await backup(t);
    for (const q of [16, 32, 64]) receive(t.db, product, q);
    const [before] = await createSyncService(t.db).push();
    expect(before).toMatchObject({ ok: true, rejected: 0, remaining: 0 });
    expect(await hubLevel(product)).toBe(start + 1 + 2 + 4 + 8 + 16 + 32 + 64);
    const hubLastSeq = Number((await seeded.hub.querySuper<{ last_seq: string }>(`SELECT last_seq FROM hub.tills WHERE id = $1`, [t.tillId]))[0]!.last_seq);

    await restore(t, backupId);
    // The backup's queue: the two operations pending then, and new work numbered after them, as the hub's seqs already were.
    const newOps = [128, 256, 512, 1024].map((q) => (receive(t.db, product, q), lastOp(t.db)));
    expect(newOps[0]!.seq).toBeLessThanOrEqual(hubLastSeq);

    const [pushed] = await createSyncService(t.db).push();
    expect(pushed, JSON.stringify(pushed)).toMatchObject({ ok: true, rejected: 0, applied: 4, duplicate: 2, remaining: 0 });
    expect(await hubLevel(product)).toBe(start + 1 + 2 + 4 + 8 + 16 + 32 + 64 + 128 + 256 + 512 + 1024);
    const onHub = await opIdsOnHub(t);
    expect(onHub.every((r) => r.outcome === 'applied')).toBe(true);
    for (const op of newOps) expect(onHub.filter((r) => r.op_id === op.id)).toHaveLength(1);
    // The pending one of the backup went again under a new number: recorded as delivered before, never applied twice.
    expect(onHub.filter((r) => r.op_id.startsWith(pendingAtBackup[0]!.id)).map((r) => r.code)).toEqual([null, 'delivered_before']);
    const ids = onHub.map((r) => r.op_id.split('#')[0]);
    expect(new Set(ids).size).toBe(hubLastSeq + newOps.length);
    expect(t.db.prepare(`SELECT count(*) FROM sync_conflicts WHERE tenant_id = ? AND operation_id IS NOT NULL`).pluck().get(CAPS)).toBe(0);

    // Afterwards the numbering simply goes on.
    receive(t.db, product, 2048);
    const [after] = await createSyncService(t.db).push();
    expect(after).toMatchObject({ ok: true, applied: 1, duplicate: 0, batches: 1 });
    expect(await hubLevel(product)).toBe(start + 4095);
    t.db.close();
  }, 60_000);
});
