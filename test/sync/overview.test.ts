import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REJECTION_CODES } from '../../contracts/sync/rejections';
import { runPendingMigrations } from '../../electron/db/migrator';
import { openDatabase, type Db } from '../../electron/db/open';
import { resolveConflict, syncHeader, syncPanel } from '../../electron/sync';
import { explainRejection, REJECTION_WORDING } from '../../electron/sync/wording';
import { runAsTenant } from '../../electron/tenancy/context';
import { MIGRATIONS } from '../../migrations';
import { makeDemoDatabase, tempDir } from '../helpers';

/** The read model behind the till's header and Sync panel, set up with rows (no hub), and the wording of every hub rejection code. */
const CAPS = 'caps-automotive';
const dir = tempDir('pos-overview-');
let db: Db;

beforeAll(async () => {
  const file = await makeDemoDatabase(dir, 'small', 14);
  db = openDatabase(file);
  await runPendingMigrations(db, { migrations: MIGRATIONS });
  // The demo store carries v1's contact conflicts; each state below is set up from a clean slate.
  db.prepare(`UPDATE sync_conflicts SET resolved_at = '2026-12-01T00:00:00.000Z', resolution = 'remote' WHERE resolved_at IS NULL`).run();
});
afterAll(() => db?.close());

describe("hub rejection codes in a clerk's words", () => {
  it('words every code the hub can answer, none with the generic fallback', () => {
    const generic = explainRejection('no_such_code', { entityType: 'x', operation: 'insert', payload: {} }, null);
    for (const code of REJECTION_CODES) {
      expect(REJECTION_WORDING[code], code).toBeTypeOf('function');
      expect(explainRejection(code, { entityType: 'gift_card_transaction', operation: 'insert', payload: { amountCents: -1250 } }, null), code).not.toBe(
        generic,
      );
    }
  });

  it('lists every code the hub source rejects with', () => {
    const used = new Set<string>();
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith('.ts')) {
          const text = fs.readFileSync(p, 'utf8');
          for (const m of text.matchAll(/OperationRejected\(\s*'([a-z_]+)'/g)) used.add(m[1]!);
          for (const m of text.matchAll(/outcome: 'rejected',\s*code: '([a-z_]+)'/g)) used.add(m[1]!);
        }
      }
    };
    walk(path.resolve(__dirname, '../../hub'));
    expect(used.size).toBeGreaterThan(5);
    for (const code of used) expect(REJECTION_CODES as readonly string[], code).toContain(code);
  });

  it('names the amount to collect and the sale from what the hub sent', () => {
    const words = explainRejection(
      'insufficient_balance',
      { entityType: 'gift_card_transaction', operation: 'insert', payload: { amountCents: -5000 } },
      {
        balance_cents: 1200,
        saleNumber: 'S-0042',
        amountCents: 5000,
      },
    );
    expect(words).toContain('$38.00');
    expect(words).toContain('sale S-0042');
  });
});

describe('the header state, from the till database', () => {
  const state = () => syncHeader(db, CAPS);
  const sql = (text: string, args: Record<string, unknown> = {}) => db.prepare(text).run({ tenantId: CAPS, ...args });

  it('is off before the store is enrolled', () => {
    expect(state().state).toBe('off');
  });

  it('shows queued N once enrolled with operations the hub has not acknowledged', () => {
    sql(`INSERT INTO sync_credentials (id, tenant_id, hub_url, hub_id, till_name, token, seq_base, enrolled_at)
      VALUES ('cred-1', @tenantId, 'http://127.0.0.1:1', 'hub-1', 'Front counter', 'caps-automotive.x', 0, '2026-12-03T08:00:00.000Z')`);
    const queued = db
      .prepare(`SELECT count(*) FROM pending_operations WHERE tenant_id = ? AND seq IS NOT NULL AND status <> 'done'`)
      .pluck()
      .get(CAPS) as number;
    expect(queued).toBeGreaterThan(0);
    expect(state()).toMatchObject({ state: 'queued', queued, attention: 0, offlineSince: null });
    const panel = syncPanel(db, CAPS);
    expect(panel.queued.length).toBe(Math.min(queued, 50));
    expect(panel.queued[0]!.what).not.toMatch(/^[a-z_]+ (insert|update)$/);
  });

  it('shows offline since the first failed attempt while the hub cannot be reached', () => {
    sql(`INSERT INTO sync_state (id, tenant_id, acked_seq, failures, last_error, last_error_at) VALUES ('st-1', @tenantId, 0, 2,
      'The hub at http://127.0.0.1:1 could not be reached (ECONNREFUSED)', '2026-12-03T09:05:00.000Z')
      ON CONFLICT (tenant_id) DO UPDATE SET failures = 2, last_error = excluded.last_error, last_error_at = excluded.last_error_at`);
    sql(`INSERT INTO sync_log (id, tenant_id, entity_type, entity_id, operation, direction, status, terminal_id, synced_at, detail)
      VALUES ('log-1', @tenantId, 'push', 'x', 'insert', 'push', 'failed', 't', '2026-12-03T09:00:00.000Z', 'unreachable')`);
    expect(state()).toMatchObject({ state: 'offline', offlineSince: '2026-12-03T09:00:00.000Z' });
    expect(syncPanel(db, CAPS).lastError).toMatch(/cannot be reached/);
  });

  it('needs attention for a rejection, which a manager acknowledges as an operation that syncs', () => {
    const op = db
      .prepare(`SELECT id, entity_type, entity_id FROM pending_operations WHERE tenant_id = ? AND seq IS NOT NULL ORDER BY seq LIMIT 1`)
      .get(CAPS) as {
      id: string;
      entity_type: string;
      entity_id: string;
    };
    sql(
      `INSERT INTO sync_conflicts (id, tenant_id, sync_log_id, entity_type, entity_id, local_data, remote_data, resolution, detected_at, resolved_at, operation_id, code, reason)
      VALUES ('conf-1', @tenantId, NULL, @et, @eid, '{"amountCents":-2500}', '{"balance_cents":1000}', NULL, '2026-12-03T09:10:00.000Z', NULL, @op, 'insufficient_balance', 'gift card holds 1000 cents')`,
      {
        et: op.entity_type,
        eid: op.entity_id,
        op: op.id,
      },
    );
    expect(state()).toMatchObject({ state: 'attention', attention: 1 });
    const panel = syncPanel(db, CAPS);
    expect(panel.rejected).toHaveLength(1);
    expect(panel.rejected[0]).toMatchObject({ id: 'conf-1', code: 'insufficient_balance', choices: ['acknowledged'] });
    expect(panel.rejected[0]!.reason).toContain('$15.00');

    expect(syncHeader(db, CAPS).state).toBe('attention');
    const user = db.prepare(`SELECT id FROM users WHERE tenant_id = ? ORDER BY id LIMIT 1`).pluck().get(CAPS) as string;
    expect(user).toMatch(/./);
    expect(() => runAsTenant({ tenantId: CAPS, userId: user }, () => resolveConflict(db, 'conf-1', 'keep_mine'))).toThrow(/only be acknowledged/);
    const done = runAsTenant({ tenantId: CAPS, userId: user }, () => resolveConflict(db, 'conf-1', 'acknowledged'));
    const queuedOp = db.prepare(`SELECT entity_type, operation, payload, seq FROM pending_operations WHERE id = ?`).get(done.operationId) as {
      entity_type: string;
      operation: string;
      payload: string;
      seq: number | null;
    };
    expect(queuedOp).toMatchObject({ entity_type: 'sync_conflict', operation: 'update' });
    expect(queuedOp.seq).not.toBeNull();
    expect(JSON.parse(queuedOp.payload)).toMatchObject({ conflictId: 'conf-1', choice: 'acknowledged', resolvedBy: user, code: 'insufficient_balance' });
    expect(state().attention).toBe(0);
    expect(() => runAsTenant({ tenantId: CAPS, userId: user }, () => resolveConflict(db, 'conf-1', 'acknowledged'))).toThrow(/no longer open/);
  });

  it('is in step when the hub acknowledged everything and the last attempt worked', () => {
    const max = db.prepare(`SELECT max(seq) FROM pending_operations WHERE tenant_id = ?`).pluck().get(CAPS) as number;
    sql(`UPDATE pending_operations SET status = 'done' WHERE tenant_id = @tenantId`);
    sql(
      `UPDATE sync_state SET acked_seq = @max, failures = 0, last_error = NULL, last_error_at = NULL, last_push_at = '2026-12-03T09:20:00.000Z' WHERE tenant_id = @tenantId`,
      { max },
    );
    expect(state()).toMatchObject({ state: 'in_step', queued: 0, attention: 0, offlineSince: null, lastSyncAt: '2026-12-03T09:20:00.000Z' });
  });
});
