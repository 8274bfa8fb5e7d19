import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/db/open';
import { createSyncService } from '../../electron/sync';
import { runUpgrade } from '../../electron/upgrade';
import { importCatalogue } from '../../hub/catalogue';
import { readStoreFile } from '../../hub/store-file';
import { startHub, type StartedHub } from '../hub/support/start-hub';
import { makeDemoDatabase, tempDir } from '../helpers';

/**
 * A CAPS till that stayed on v1 for weeks, offline, while head office moved
 * to the hub (seeded from the store's catalogue). When it finally upgrades,
 * its legacy queue is numbered in the order v1 wrote it and drains into
 * caps-automotive: each operation answered once, the delivered (done) ones of
 * v1 never sent again, and the hub's stock lands on the till's numbers.
 */
const CAPS = 'caps-automotive';
const dir = tempDir('pos-late-');
let hub: StartedHub;
let file: string;
type V1Op = { id: string; entity_type: string; entity_id: string; operation: string; status: string; created_at: string };
let v1Queue: V1Op[];

/**
 * The demo generator's legacy queue carries random payloads the hub rejects (making it replayable is the
 * hub side's part of issue 12); so the late till also rings up what a v1 till really queued while offline:
 * stock received, as v1 wrote it (the ledger row, applied to the level by v1's trigger, and its operation).
 */
function receiveLikeV1(db: Database.Database, n: number): void {
  const products = db.prepare(`SELECT product_id FROM inventory ORDER BY product_id LIMIT ?`).pluck().all(n) as string[];
  products.forEach((productId, i) => {
    const id = `v1-receive-${i}`;
    const at = `2026-11-2${i}T09:00:00.000Z`;
    db.prepare(`INSERT INTO inventory_transactions (id, product_id, kind, quantity, unit_cost_cents, created_at) VALUES (?, ?, 'receive', ?, 250, ?)`).run(
      id,
      productId,
      i + 2,
      at,
    );
    const payload = { v: 1, id, productId, kind: 'receive', quantity: i + 2, unitCostCents: 250, userId: null, createdAt: at };
    db.prepare(
      `INSERT INTO pending_operations (id, entity_type, entity_id, operation, payload, status, attempts, created_at, updated_at)
       VALUES (?, 'inventory_transaction', ?, 'insert', ?, 'pending', 0, ?, ?)`,
    ).run(`op-${id}`, id, JSON.stringify(payload), at, at);
  });
}

beforeAll(async () => {
  hub = await startHub();
  file = await makeDemoDatabase(dir, 'small', 5);
  const legacy = new Database(file);
  receiveLikeV1(legacy, 4);
  legacy.close();
  await hub.createTenant(CAPS, 'CAPS Automotive');
  await importCatalogue(hub.ownerPool, CAPS, readStoreFile(file, CAPS));
  const v1 = new Database(file, { readonly: true });
  v1Queue = v1.prepare(`SELECT id, entity_type, entity_id, operation, status, created_at FROM pending_operations ORDER BY created_at, id`).all() as V1Op[];
  v1.close();
}, 120_000);
afterAll(async () => hub?.stop());

describe('a till that upgrades weeks late', () => {
  it('drains its v1 queue into caps-automotive, in the order v1 wrote it, each operation once', async () => {
    const report = await runUpgrade({ dbPath: file });
    expect(report.ok, report.error?.message).toBe(true);
    const db = openDatabase(file);
    try {
      const sync = createSyncService(db);
      const enrolled = await sync.enroll({ hubUrl: hub.url, code: await hub.enrollCode(CAPS, 'late till') });
      const toSend = v1Queue.filter((o) => o.status !== 'done');
      expect(enrolled).toMatchObject({ tenantId: CAPS, queued: toSend.length });
      expect(toSend.length).toBeLessThan(v1Queue.length);

      const [pushed] = await sync.push();
      expect(pushed).toMatchObject({ ok: true, remaining: 0 });
      const remote = await hub.querySuper<{
        tenant_id: string;
        seq: string;
        op_id: string;
        entity_type: string;
        entity_id: string;
        outcome: string;
        code: string | null;
      }>(`SELECT tenant_id, seq, op_id, entity_type, entity_id, outcome, code FROM hub.applied_operations WHERE till_id = $1 ORDER BY seq`, [enrolled.tillId]);
      expect(remote.map((r) => [r.tenant_id, Number(r.seq), r.op_id, r.entity_type, r.entity_id])).toEqual(
        toSend.map((o, i) => [CAPS, i + 1, o.id, o.entity_type, o.entity_id]),
      );
      const applied = remote.filter((r) => r.outcome === 'applied');
      expect(applied.map((r) => r.op_id)).toEqual(expect.arrayContaining(['op-v1-receive-0', 'op-v1-receive-1', 'op-v1-receive-2', 'op-v1-receive-3']));
      expect(pushed).toMatchObject({ applied: applied.length, rejected: remote.length - applied.length });
      // Every rejection is on the till with the hub's code, for a technician to read in pos-db sync status.
      const conflicts = db.prepare(`SELECT operation_id, code FROM sync_conflicts WHERE operation_id IS NOT NULL ORDER BY operation_id`).all();
      expect(conflicts).toEqual(
        remote
          .filter((r) => r.outcome === 'rejected')
          .map((r) => ({ operation_id: r.op_id, code: r.code }))
          .sort((a, b) => a.operation_id.localeCompare(b.operation_id)),
      );
      // The hub started from the file minus the queued stock moves; replaying them lands on the till's counts.
      const moved = db
        .prepare(
          `SELECT DISTINCT json_extract(payload, '$.productId') FROM pending_operations WHERE entity_type = 'inventory_transaction' AND seq IS NOT NULL AND status = 'done' AND last_error IS NULL`,
        )
        .pluck()
        .all() as string[];
      expect(moved.filter(Boolean).length).toBeGreaterThanOrEqual(4);
      for (const productId of moved.filter(Boolean)) {
        const [onHub] = await hub.queryAs<{ q: number }>(CAPS, `SELECT quantity_on_hand AS q FROM hub.inventory WHERE product_id = $1`, [productId]);
        expect(onHub?.q, productId).toBe(db.prepare(`SELECT quantity_on_hand FROM inventory WHERE product_id = ?`).pluck().get(productId));
      }
    } finally {
      db.close();
    }
  });
});
