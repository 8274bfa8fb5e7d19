import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/db/open';
import { runAsTenant } from '../../electron/tenancy/context';
import { createRepositories } from '../../electron/tenancy/repositories';
import { runUpgrade } from '../../electron/upgrade';
import { makeDemoDatabase, tempDir } from '../helpers';

/**
 * A till that was offline when the update arrived: operations queued for the
 * sync server (pending_operations) must survive the upgrade exactly, belong to
 * CAPS Automotive, and go out in the same order, followed by what the till
 * queues after the upgrade.
 */
const dir = tempDir();
const CAPS = 'caps-automotive';
type Op = { id: string; entity_type: string; entity_id: string; operation: string; payload: string; status: string; attempts: number; created_at: string };
const QUEUE = `SELECT id, entity_type, entity_id, operation, payload, status, attempts, created_at FROM pending_operations WHERE status = 'pending' ORDER BY created_at, id`;

let dbPath: string;
let queuedBefore: Op[];
const lastOfflineOp = {
  id: 'op-queued-just-before-shutdown',
  payload: JSON.stringify({ v: 1, changes: { note: 'sold 2 × wiper blades while the network was down' } }),
};

beforeAll(async () => {
  dbPath = await makeDemoDatabase(dir, 'small', 11);
  // The old app queued one more operation just before it was closed for the update: committed, but
  // still only in the WAL (no checkpoint), which a careless file copy or migration would lose.
  const oldApp = new Database(dbPath);
  oldApp.pragma('journal_mode = WAL');
  oldApp.pragma('wal_autocheckpoint = 0');
  oldApp
    .prepare(
      `INSERT INTO pending_operations (id, entity_type, entity_id, operation, payload, status, attempts, created_at, updated_at)
              VALUES (@id, 'inventory_transaction', 'it-77', 'insert', @payload, 'pending', 0, '2026-11-28T23:59:00.000Z', '2026-11-28T23:59:00.000Z')`,
    )
    .run(lastOfflineOp);
  const legacy = new Database(dbPath, { readonly: true });
  queuedBefore = legacy.prepare(QUEUE).all() as Op[];
  legacy.close();
  // oldApp is never closed: its WAL stays, and the upgrade must work with another connection holding the file open.
});

describe('an offline till upgrades and syncs later without losing a queued operation', () => {
  it('the upgrade keeps every queued operation, in order, unchanged, owned by CAPS Automotive', async () => {
    expect(queuedBefore.length).toBeGreaterThan(5);
    expect(queuedBefore.map((o) => o.id)).toContain(lastOfflineOp.id);

    const report = await runUpgrade({ dbPath });
    expect(report.ok, report.error?.message).toBe(true);

    const db = openDatabase(dbPath, { readonly: true });
    expect(db.prepare(QUEUE).all()).toEqual(queuedBefore);
    expect(db.prepare(`SELECT DISTINCT tenant_id FROM pending_operations`).all()).toEqual([{ tenant_id: CAPS }]);
    db.close();
  });

  it('the sync job, signed in as CAPS, sends the old queue first and then what the till queued after the upgrade', () => {
    const db = openDatabase(dbPath);
    const repos = createRepositories(db);
    const admin = db.prepare(`SELECT id FROM users WHERE tenant_id = ? AND username = 'admin'`).get(CAPS) as { id: string };
    const customer = db.prepare(`SELECT id FROM customers WHERE tenant_id = ? ORDER BY id LIMIT 1`).get(CAPS) as { id: string };
    runAsTenant({ tenantId: CAPS, userId: admin.id }, () =>
      repos.workOrders.create({
        customerId: customer.id,
        description: 'Queued after the upgrade',
        lines: [{ kind: 'labor', description: 'Wiper install', quantity: 1, unitPriceCents: 1500 }],
      }),
    );

    const batch = runAsTenant({ tenantId: CAPS, userId: admin.id }, () => repos.activity.pendingBatch(10_000));
    expect(batch.slice(0, queuedBefore.length).map((o) => o.id)).toEqual(queuedBefore.map((o) => o.id));
    expect(batch).toHaveLength(queuedBefore.length + 1);
    const newest = batch.at(-1)!;
    expect(db.prepare(`SELECT tenant_id FROM pending_operations WHERE id = ?`).pluck().get(newest.id)).toBe(CAPS);
    expect(JSON.parse(newest.payload)).toMatchObject({ v: 1 });
    db.close();
  });
});
