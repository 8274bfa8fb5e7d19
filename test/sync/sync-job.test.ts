import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPendingMigrations } from '../../electron/db/migrator';
import { openDatabase, type Db } from '../../electron/db/open';
import type { BackgroundSyncState } from '../../electron/worker/background-sync';
import { workerContext, type WorkerContext } from '../../electron/worker/context';
import { backgroundSyncJob, syncJobHooks } from '../../electron/worker/sync-job';
import { MIGRATIONS } from '../../migrations';
import { makeDemoDatabase, tempDir } from '../helpers';

/**
 * The worker's wiring of the background sync: the header's own reads (sync.status, sync.panel) never nudge
 * it. They are asked after every state change of the job; a nudge there started a round, whose state change
 * made the header ask again, round after round, the worker held by them (found by the Sync panel e2e).
 */
const CAPS = 'caps-automotive';
const dir = tempDir('pos-sync-job-');
let db: Db;

beforeAll(async () => {
  db = openDatabase(await makeDemoDatabase(dir, 'small', 17));
  await runPendingMigrations(db, { migrations: MIGRATIONS });
  db.prepare(
    `INSERT INTO sync_credentials (id, tenant_id, hub_url, hub_id, till_name, token, seq_base, enrolled_at)
     VALUES ('cred-1', ?, 'http://127.0.0.1:9', 'hub-1', 'Front counter', 'caps-automotive.x', 0, '2026-12-03T08:00:00.000Z')`,
  ).run(CAPS);
  // A backoff far ahead: a round that is not forced skips the store at once (no hub is asked).
  db.prepare(
    `INSERT INTO sync_state (id, tenant_id, acked_seq, next_attempt_at) VALUES ('st-1', ?, 0, '2099-01-01T00:00:00.000Z')
     ON CONFLICT (tenant_id) DO UPDATE SET next_attempt_at = excluded.next_attempt_at`,
  ).run(CAPS);
});
afterAll(async () => {
  await backgroundSyncJob()?.stop();
  db?.close();
});

const settle = () => new Promise((r) => setTimeout(r, 150));

describe('the background sync in the worker', () => {
  it('is started by the header reading its state, and nudged only by calls that may have queued something', async () => {
    const ctx: WorkerContext = { ...workerContext({} as WorkerContext['config'], () => {}), store: () => db, releaseStore: () => {} };
    const states: BackgroundSyncState[] = [];
    const hooks = syncJobHooks({ probeEveryMs: 10_000 })(ctx, (_domain, _name, payload) => states.push(payload as BackgroundSyncState));
    const rounds = () => states.filter((s) => s.running).length;

    hooks.afterShared!('sync.status');
    await settle();
    expect(rounds()).toBe(1);
    for (let i = 0; i < 5; i++) {
      hooks.afterShared!('sync.status');
      hooks.afterShared!('sync.panel');
      await settle();
    }
    expect(rounds()).toBe(1);

    hooks.afterShared!('pos.checkout');
    await settle();
    expect(rounds()).toBe(2);
  });
});
