import { beforeAll, describe, expect, it } from 'vitest';
import { databaseContentHashes } from '../../electron/db/content-hash';
import { executedMigrations, runPendingMigrations } from '../../electron/db/migrator';
import type { Db } from '../../electron/db/open';
import { MIGRATIONS } from '../../migrations';
import { tenantIdValidSql } from '../../migrations/0002-tenant-id/sql';
import { TENANT_INTEGRITY_MIGRATION } from '../../migrations/0003-tenant-integrity';
import { SYNC_MIGRATION } from '../../migrations/0004-sync';
import { CREATE_TABLES, NEW_TABLES } from '../../migrations/0004-sync/schema';
import { SALES_MIGRATION } from '../../migrations/0005-sales';
import { makeDemoDatabase, tempDir } from '../helpers';
import { addSecondTenant, CAPS, OTHER, openCopy } from './helpers';

const dir = tempDir('pos-0004-');
let v1: string;
beforeAll(async () => {
  v1 = await makeDemoDatabase(dir, 'small', 4);
});

type Op = { id: string; tenant_id: string; status: string; created_at: string; seq: number | null };
const ops = (db: Db) => db.prepare(`SELECT id, tenant_id, status, created_at, seq FROM pending_operations`).all() as Op[];
/** The queue before 0004 (no seq column yet). */
const opsBefore = (db: Db) => db.prepare(`SELECT id, tenant_id, status, created_at FROM pending_operations`).all() as Omit<Op, 'seq'>[];
const insertOp = (db: Db, id: string, tenant: string, createdAt: string, status = 'pending') =>
  db
    .prepare(
      `INSERT INTO pending_operations (id, tenant_id, entity_type, entity_id, operation, payload, status, attempts, created_at, updated_at)
       VALUES (?, ?, 'customer', 'c-1', 'update', '{"v":1}', ?, 0, ?, ?)`,
    )
    .run(id, tenant, status, createdAt, createdAt);

/** A copy migrated to 0003 (the schema a till had before this release's sync), with a second tenant's queue beside CAPS's. */
async function at0003(): Promise<Db> {
  const db = openCopy(v1, dir);
  await runPendingMigrations(db, { migrations: MIGRATIONS, to: TENANT_INTEGRITY_MIGRATION });
  addSecondTenant(db, OTHER, 7);
  return db;
}

describe(`migration ${SYNC_MIGRATION}`, () => {
  it('runs between 0003 and 0005 and is recorded by its explicit name', async () => {
    const db = openCopy(v1, dir);
    await runPendingMigrations(db, { migrations: MIGRATIONS });
    const executed = executedMigrations(db);
    expect(executed.indexOf(SYNC_MIGRATION)).toBe(executed.indexOf(TENANT_INTEGRITY_MIGRATION) + 1);
    expect(executed.indexOf(SALES_MIGRATION)).toBe(executed.indexOf(SYNC_MIGRATION) + 1);
    db.close();
  });

  it('numbers every operation still to send 1, 2, 3 ... per tenant in created_at, id order; v1 deliveries (done) get none', async () => {
    const db = await at0003();
    // Two operations queued in the same millisecond: the id breaks the tie.
    insertOp(db, 'zz-same-ms', CAPS, '2026-11-30T10:00:00.000Z');
    insertOp(db, 'aa-same-ms', CAPS, '2026-11-30T10:00:00.000Z');
    const before = opsBefore(db);
    await runPendingMigrations(db, { migrations: MIGRATIONS, to: SYNC_MIGRATION });
    const after = ops(db);
    const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
    expect(after.map(({ seq: _, ...rest }) => rest).sort(byId)).toEqual([...before].sort(byId));
    for (const tenant of [CAPS, OTHER]) {
      const toSend = before
        .filter((o) => o.tenant_id === tenant && o.status !== 'done')
        .sort((a, b) => a.created_at.localeCompare(b.created_at) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      expect(toSend.length, tenant).toBeGreaterThan(3);
      const seqOf = new Map(after.map((o) => [o.id, o.seq]));
      expect(
        toSend.map((o) => seqOf.get(o.id)),
        tenant,
      ).toEqual(toSend.map((_, i) => i + 1));
    }
    expect(after.filter((o) => o.status === 'done').every((o) => o.seq === null)).toBe(true);
    expect(after.some((o) => o.status === 'done')).toBe(true);
    const seqOf = new Map(after.map((o) => [o.id, o.seq!]));
    expect(seqOf.get('aa-same-ms')! + 1).toBe(seqOf.get('zz-same-ms'));
    db.close();
  });

  it('writes no row of any other table, and none of pending_operations but its seq', async () => {
    const db = await at0003();
    const before = databaseContentHashes(db);
    await runPendingMigrations(db, { migrations: MIGRATIONS, to: SYNC_MIGRATION });
    const after = databaseContentHashes(db);
    for (const table of Object.keys(before)) if (table !== 'pending_operations') expect(after[table], table).toBe(before[table]);
    for (const t of NEW_TABLES) expect(db.prepare(`SELECT count(*) FROM ${t}`).pluck().get(), t).toBe(0);
    db.close();
  });

  it('keeps seq unique per tenant: the same number in another store is fine, twice in one is refused', async () => {
    const db = await at0003();
    await runPendingMigrations(db, { migrations: MIGRATIONS, to: SYNC_MIGRATION });
    const seq1 = (tenant: string) => db.prepare(`SELECT id FROM pending_operations WHERE tenant_id = ? AND seq = 1`).pluck().get(tenant);
    expect(seq1(CAPS)).toBeTruthy();
    expect(seq1(OTHER)).toBeTruthy();
    const another = ops(db).find((o) => o.tenant_id === CAPS && o.seq === 2)!;
    expect(() => db.prepare(`UPDATE pending_operations SET seq = 1 WHERE id = ?`).run(another.id)).toThrow(
      /UNIQUE constraint failed: pending_operations.tenant_id, pending_operations.seq/,
    );
    db.close();
  });

  it('numbers a row written by a writer that does not (raw insert, older code) with its tenant\u2019s next number; a done row stays unnumbered', async () => {
    const db = await at0003();
    await runPendingMigrations(db, { migrations: MIGRATIONS, to: SYNC_MIGRATION });
    const max = (tenant: string) => db.prepare(`SELECT max(seq) FROM pending_operations WHERE tenant_id = ?`).pluck().get(tenant) as number;
    const [caps, other] = [max(CAPS), max(OTHER)];
    insertOp(db, 'raw-1', OTHER, '2026-12-01T00:00:00.000Z');
    insertOp(db, 'raw-2', OTHER, '2026-12-01T00:00:01.000Z');
    insertOp(db, 'raw-done', OTHER, '2026-12-01T00:00:02.000Z', 'done');
    const seqOf = (id: string) => db.prepare(`SELECT seq FROM pending_operations WHERE id = ?`).pluck().get(id);
    expect([seqOf('raw-1'), seqOf('raw-2'), seqOf('raw-done')]).toEqual([other + 1, other + 2, null]);
    expect(max(CAPS)).toBe(caps);
    db.close();
  });

  it("carries its own frozen copy of the tenant id rule, word for word 0002's", () => {
    const check = `CHECK (${tenantIdValidSql('tenant_id')})`;
    for (const sql of CREATE_TABLES) expect(sql).toContain(`tenant_id TEXT NOT NULL ${check}`);
  });

  it('the new tables have no tenant default, refuse a malformed tenant, never move a row to another tenant and hold one row per tenant', async () => {
    const db = await at0003();
    await runPendingMigrations(db, { migrations: MIGRATIONS, to: SYNC_MIGRATION });
    const credential = (id: string, tenant: string | null) =>
      db
        .prepare(
          `INSERT INTO sync_credentials (id, tenant_id, hub_url, hub_id, till_name, token, enrolled_at) VALUES (?, ?, 'http://localhost:1', 'hub', 'Till 1', 'secret', 't')`,
        )
        .run(id, tenant);
    expect(() => credential('c0', null)).toThrow(/NOT NULL constraint failed: sync_credentials.tenant_id/);
    expect(() => credential('c0', 'Caps Automotive')).toThrow(/CHECK constraint failed/);
    credential('c1', CAPS);
    credential('c2', OTHER);
    expect(() => credential('c3', CAPS)).toThrow(/UNIQUE constraint failed: sync_credentials.tenant_id/);
    expect(() => db.prepare(`UPDATE sync_credentials SET tenant_id = 'elsewhere' WHERE id = 'c1'`).run()).toThrow(
      /tenant_id is immutable \(sync_credentials\)/,
    );
    expect(() => db.prepare(`INSERT INTO sync_state (id) VALUES ('s0')`).run()).toThrow(/NOT NULL constraint failed: sync_state.tenant_id/);
    db.prepare(`INSERT INTO sync_state (id, tenant_id) VALUES ('s1', ?)`).run(CAPS);
    expect(db.prepare(`SELECT acked_seq, failures, cursor FROM sync_state WHERE id = 's1'`).get()).toEqual({ acked_seq: 0, failures: 0, cursor: null });
    db.close();
  });

  it("a conflict can only name an operation of its own tenant's queue", async () => {
    const db = await at0003();
    await runPendingMigrations(db, { migrations: MIGRATIONS, to: SYNC_MIGRATION });
    const otherOp = ops(db).find((o) => o.tenant_id === OTHER)!;
    const capsOp = ops(db).find((o) => o.tenant_id === CAPS)!;
    const conflict = (id: string, operationId: string) =>
      db
        .prepare(
          `INSERT INTO sync_conflicts (id, tenant_id, entity_type, entity_id, local_data, remote_data, detected_at, operation_id, code, reason)
           VALUES (?, ?, 'gift_card_transaction', 'g', '{}', 'null', 't', ?, 'overdraw', 'The card has $0.00 left')`,
        )
        .run(id, CAPS, operationId);
    expect(() => conflict('x1', otherOp.id)).toThrow(/cross-tenant reference: sync_conflicts.operation_id -> pending_operations/);
    expect(conflict('x2', capsOp.id).changes).toBe(1);
    db.close();
  });
});
