import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/db/open';
import { DbClient, threadWorker } from '../../electron/worker/client';
import { distPath, ensureBuilt } from '../app/support/build';
import { runCli } from '../../electron/cli/index';
import type { Db } from '../../electron/db/open';
import { BackgroundSync, type BackgroundSyncState } from '../../electron/worker/background-sync';
import type { WorkerContext } from '../../electron/worker/context';
import { backgroundSyncJob, syncJobHooks } from '../../electron/worker/sync-job';
import { captureIo } from '../support/cli-io';
import { startHub, type StartedHub } from '../hub/support/start-hub';
import { tempDir } from '../helpers';
import { CAPS, NORTH, openTill, seedHubFrom, tillCopy, twoStoreFile } from './support/tills';

/**
 * The till's background sync against a real hub: it drains the queue by
 * itself, backs off while the hub cannot be reached (keeping every operation)
 * and drains the rest the moment the network is back.
 */
const dir = tempDir('pos-bg-sync-');
let hub: StartedHub;
let file: string;
beforeAll(async () => {
  hub = await startHub();
  file = await twoStoreFile(dir, 11);
  await seedHubFrom(hub, file, { [CAPS]: 'CAPS Automotive', [NORTH]: 'Northside Tires' });
  await ensureBuilt('node');
}, 180_000);
afterAll(async () => hub?.stop());

const queued = (db: Db) => db.prepare(`SELECT count(*) FROM pending_operations WHERE tenant_id = ? AND status <> 'done'`).pluck().get(CAPS) as number;

async function enrolledTill(name: string): Promise<Db> {
  const till = tillCopy(file, dir, name);
  const io = captureIo();
  expect(await runCli(['sync', 'enroll', '--db', till, '--hub', hub.url, '--code', await hub.enrollCode(CAPS, name)], io)).toBe(0);
  return openTill(till);
}

async function until(what: string, check: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('BackgroundSync', () => {
  it('drains the queue by itself once started, and pulls after the push', async () => {
    const db = await enrolledTill('bg-one');
    const before = queued(db);
    expect(before).toBeGreaterThan(0);
    const states: BackgroundSyncState[] = [];
    const sync = new BackgroundSync({ db: () => db, batchSize: 50, onState: (s) => states.push(s) });
    sync.start();
    try {
      await until('the queue to drain', () => queued(db) === 0);
      await until('the round to end', () => !sync.state().running);
      expect(sync.state()).toMatchObject({ running: false, lastError: null, offlineSince: null });
      expect(states.some((s) => s.running)).toBe(true);
      const onHub = await hub.queryAs<{ n: string }>(CAPS, `SELECT count(*) AS n FROM hub.applied_operations`);
      expect(Number(onHub[0]!.n)).toBeGreaterThanOrEqual(before);
      const pulls = db.prepare(`SELECT count(*) FROM sync_log WHERE tenant_id = ? AND direction = 'pull'`).pluck().get(CAPS) as number;
      expect(pulls).toBeGreaterThan(0);
    } finally {
      await sync.stop();
      db.close();
    }
  }, 120_000);

  it('keeps every operation while the hub cannot be reached, says since when, and drains them when the network is back', async () => {
    const db = await enrolledTill('bg-two');
    const before = queued(db);
    const realUrl = db.prepare(`SELECT hub_url FROM sync_credentials WHERE tenant_id = ?`).pluck().get(CAPS) as string;
    // Nothing listens on port 9 of this machine: every request is refused, as a till with no network sees it.
    db.prepare(`UPDATE sync_credentials SET hub_url = 'http://127.0.0.1:9' WHERE tenant_id = ?`).run(CAPS);
    const sync = new BackgroundSync({ db: () => db, probeEveryMs: 100, timeoutMs: 1_000 });
    sync.start();
    try {
      await until('the till to see it is offline', () => sync.state().offlineSince !== null);
      expect(sync.state().lastError).toMatchObject({ code: 'SYNC_HUB_UNREACHABLE' });
      expect(queued(db)).toBe(before);
      const attempts = db.prepare(`SELECT max(attempts) FROM pending_operations WHERE tenant_id = ? AND status <> 'done'`).pluck().get(CAPS) as number;
      expect(attempts).toBeGreaterThan(0);

      db.prepare(`UPDATE sync_credentials SET hub_url = ? WHERE tenant_id = ?`).run(realUrl, CAPS);
      sync.networkChanged();
      await until('the queue to drain after the network came back', () => queued(db) === 0);
      await until('the till to be back in step', () => sync.state().offlineSince === null && !sync.state().running);
      expect(sync.state().lastError).toBeNull();
    } finally {
      await sync.stop();
      db.close();
    }
  }, 120_000);

  it('syncNow pushes and pulls at once and reports per store', async () => {
    const db = await enrolledTill('bg-three');
    const sync = new BackgroundSync({ db: () => db });
    try {
      const round = await sync.syncNow();
      expect(round.tenants).toEqual([expect.objectContaining({ tenantId: CAPS, error: null })]);
      expect(round.tenants[0]!.push).not.toBeNull();
      expect(round.tenants[0]!.pull).not.toBeNull();
      expect(queued(db)).toBe(0);
    } finally {
      await sync.stop();
      db.close();
    }
  }, 120_000);
});

describe('the database worker runs the background sync by itself', () => {
  it('an enrolled store: the first POS call starts it, and the queue drains with no sync call from the app', async () => {
    const enrolled = await enrolledTill('bg-worker');
    const databasePath = enrolled.name;
    enrolled.close();
    const client = new DbClient(
      threadWorker(distPath('electron', 'worker.cjs'), { databasePath, backupDir: path.join(path.dirname(databasePath), 'bg-worker-backups') }),
    );
    const left = () => {
      const db = openDatabase(databasePath, { readonly: true });
      try {
        return queued(db);
      } finally {
        db.close();
      }
    };
    try {
      expect(left()).toBeGreaterThan(0);
      // Listing the stores for the sign-in screen is the first call a till makes.
      expect((await client.call('pos.stores')).length).toBeGreaterThan(0);
      await until('the worker to drain the queue', () => left() === 0);
    } finally {
      await client.close();
    }
  }, 120_000);
});

describe("the worker's hooks: what nudges the background sync", () => {
  it('a POS call does; the header reading the sync state does not (each round would make it ask again: a loop)', async () => {
    const db = await enrolledTill('bg-hooks');
    const states: BackgroundSyncState[] = [];
    const ctx = { store: () => db } as unknown as WorkerContext;
    const hooks = syncJobHooks({ pullEveryMs: 60_000, timeoutMs: 10_000 })(ctx, (_d, _n, payload) => states.push(payload as BackgroundSyncState));
    const job = backgroundSyncJob()!;
    const due = () => Date.parse(job.state().nextAttemptAt ?? '') - Date.now();
    try {
      hooks.afterShared!('pos.stores');
      await until('the first round to drain the queue', () => queued(db) === 0 && states.length > 0 && !job.state().running && due() > 30_000);
      const events = states.length;
      // The header asks on every state event, and the Sync panel reads: the next round stays at the pull timer.
      hooks.afterShared!('sync.status');
      hooks.afterShared!('sync.panel');
      expect(due()).toBeGreaterThan(30_000);
      expect(states.length).toBe(events);
      // A POS call may have queued something: a round at once.
      hooks.afterShared!('pos.call');
      expect(due()).toBeLessThan(1_000);
    } finally {
      await job.stop();
      db.close();
    }
  }, 120_000);
});
