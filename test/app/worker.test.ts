import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../migrations';
import { openDatabase } from '../../electron/db/open';
import { DbClient, threadWorker, type WorkerLike } from '../../electron/worker/client';
import type { EventMessage, WorkerMessage } from '../../electron/worker/protocol';
import { serveOps, type PortLike } from '../../electron/worker/serve';
import { tempDir } from '../helpers';
import { distPath, ensureBuilt } from './support/build';

const dir = tempDir('pos-worker-');
let n = 0;

/** A real worker thread running the bundled dist/electron/worker.cjs on its own store folder. */
function storeClient() {
  const folder = path.join(dir, `store-${n++}`);
  const config = { databasePath: path.join(folder, 'pos.sqlite'), backupDir: path.join(folder, 'backups') };
  const client = new DbClient(threadWorker(distPath('electron', 'worker.cjs'), config));
  const events: EventMessage[] = [];
  client.onEvent((e) => events.push(e));
  return { client, config, events, folder };
}

beforeAll(() => ensureBuilt('node'), 120_000);

describe('the database worker (a real worker thread on real SQLite files)', () => {
  it('creates the small demo store at the legacy schema on a fresh install, once', async () => {
    const { client, config } = storeClient();
    try {
      expect(await client.call('launch.prepare', { demo: true })).toEqual({ action: 'create-demo' });
      const { status, storeName, support, sizeBytes } = await client.call('launch.inspect');
      expect(storeName).toBe('CAPS Automotive');
      // Whom the store's staff call, from the owner's configuration, and the size the upgrade estimate is made from.
      expect(support).toMatchObject({ name: 'CAPS IT helpdesk', phone: '(555) 010-2299' });
      expect(sizeBytes).toBeGreaterThan(100_000);
      expect(status.executed).toEqual(['0001-legacy-schema']);
      expect(status.pending).toEqual(MIGRATIONS.slice(1).map((m) => m.name));
      const before = fs.readFileSync(config.databasePath);
      expect(await client.call('launch.prepare', { demo: true })).toEqual({ action: 'none' });
      expect(fs.readFileSync(config.databasePath).equals(before)).toBe(true);
      const db = openDatabase(config.databasePath, { readonly: true });
      expect((db.prepare('SELECT count(*) AS n FROM products').get() as { n: number }).n).toBeGreaterThan(0);
      db.close();
    } finally {
      await client.close();
    }
  });

  it('removes the temp copy a killed restore left beside the database, at launch', async () => {
    const { client, config, folder } = storeClient();
    try {
      fs.mkdirSync(folder, { recursive: true });
      await client.call('launch.prepare', { demo: false });
      fs.writeFileSync(`${config.databasePath}.restore-tmp`, 'half a restore');
      await client.call('launch.prepare', { demo: false });
      expect(fs.existsSync(`${config.databasePath}.restore-tmp`)).toBe(false);
    } finally {
      await client.close();
    }
  });

  it('creates an empty store at the current schema when the demo is off', async () => {
    const { client } = storeClient();
    try {
      expect(await client.call('launch.prepare', { demo: false })).toEqual({ action: 'create-empty' });
      expect((await client.call('launch.inspect')).status).toMatchObject({ pending: [], unknown: [], executed: MIGRATIONS.map((m) => m.name) });
    } finally {
      await client.close();
    }
  });

  it('reports migrations it does not know (a newer version wrote the file) without changing it', async () => {
    const { client, config } = storeClient();
    try {
      await client.call('launch.prepare', { demo: false });
      const db = openDatabase(config.databasePath);
      db.prepare(`INSERT INTO schema_migrations (name, executed_at) VALUES ('0099-from-the-future', '2030-01-01')`).run();
      db.close();
      const before = fs.readFileSync(config.databasePath);
      expect((await client.call('launch.inspect')).status).toMatchObject({ unknown: ['0099-from-the-future'] });
      expect(fs.readFileSync(config.databasePath).equals(before)).toBe(true);
    } finally {
      await client.close();
    }
  });

  it('carries typed errors across the thread boundary', async () => {
    const { client, config, folder } = storeClient();
    try {
      fs.mkdirSync(folder, { recursive: true });
      fs.writeFileSync(config.databasePath, 'this is not a database, it is a shopping list');
      await expect(client.call('launch.inspect')).rejects.toMatchObject({
        code: 'NOT_A_DATABASE',
        name: 'NotADatabaseError',
        hint: expect.stringMatching(/pos\.sqlite/),
      });
      await expect(client.call('no.such.op' as 'launch.inspect')).rejects.toMatchObject({ code: 'WORKER_UNKNOWN_OPERATION' });
    } finally {
      await client.close();
    }
  });

  it('backs up, lists and restores with the real backup service, streaming progress', async () => {
    const { client, events } = storeClient();
    try {
      await client.call('launch.prepare', { demo: true });
      expect((await client.call('backups.list')).backups).toEqual([]);
      const made = await client.call('backups.create');
      expect(made.reason).toBe('manual');
      expect(made).not.toHaveProperty('file'); // no paths for the page
      const list = await client.call('backups.list');
      expect(list.backups.map((b) => [b.manifest.id, b.verified])).toEqual([[made.id, true]]);
      expect(list.backups[0]).not.toHaveProperty('file');
      expect(events.some((e) => e.domain === 'backups' && e.name === 'progress')).toBe(true);

      events.length = 0;
      const restored = await client.call('backups.restore', { id: made.id });
      expect(restored).toMatchObject({ restoredBackupId: made.id, schemaVersion: '0001-legacy-schema' });
      expect(Object.keys(restored).sort()).toEqual([
        'damagedCopy',
        'durationMs',
        'impact',
        'notes',
        'pendingMigrations',
        'preRestoreBackupId',
        'restoredBackupId',
        'schemaVersion',
      ]);
      expect(restored.damagedCopy).toBeNull();
      // What it rolled back, per tenant (a legacy store: CAPS alone, nothing written since the backup).
      expect(restored.impact?.tenants).toEqual([
        { tenantId: 'caps-automotive', name: 'CAPS Automotive', inBackup: true, rowsWritten: 0, sales: 0, queuedNotSynced: 0 },
      ]);
      expect(events.map((e) => (e.payload as { stage: string }).stage)).toContain('restore');
      expect((await client.call('backups.list')).backups.map((b) => b.manifest.reason).sort()).toEqual(['manual', 'pre-restore']);
    } finally {
      await client.close();
    }
  });
});

describe('the client side of the worker', () => {
  function fakeWorker() {
    const handlers: Record<string, ((x: never) => void)[]> = {};
    const posted: unknown[] = [];
    const worker: WorkerLike = {
      postMessage: (m) => posted.push(m),
      on: (event: string, l: (x: never) => void) => {
        (handlers[event] ??= []).push(l);
      },
      terminate: async () => 0,
    } as WorkerLike;
    const emit = (event: string, value: unknown) => handlers[event]?.forEach((l) => l(value as never));
    return { worker, posted, emit };
  }

  it('fails pending calls when the worker dies, and starts a new one on the next call', async () => {
    const spawned: ReturnType<typeof fakeWorker>[] = [];
    const client = new DbClient(() => {
      const w = fakeWorker();
      spawned.push(w);
      return w.worker;
    });
    const pending = client.call('backups.list');
    spawned[0]?.emit('error', new Error('native crash'));
    await expect(pending).rejects.toMatchObject({ code: 'WORKER_CRASHED', message: 'The database worker stopped: native crash' });
    const next = client.call('backups.list');
    expect(spawned).toHaveLength(2);
    spawned[1]?.emit('message', { kind: 'result', id: 2, ok: true, value: { folder: '/b', backups: [] } } satisfies WorkerMessage);
    await expect(next).resolves.toEqual({ folder: '/b', backups: [] });
  });

  it('POS requests share one long-lived store connection, closed before any operation that needs the file to itself', async () => {
    const file = path.join(dir, 'shared-connection.sqlite');
    const seed = openDatabase(file, { create: true });
    seed.exec('CREATE TABLE t (x)');
    seed.close();
    const out: WorkerMessage[] = [];
    let onMessage: (m: unknown) => void = () => {};
    const port: PortLike = { on: (_e, l) => (onMessage = l), postMessage: (m) => out.push(m) };
    const connections = new Set<unknown>();
    serveOps(
      port,
      { databasePath: file, backupDir: '' },
      {
        'pos.lookup': (_args, ctx) => {
          connections.add(ctx.store());
          return ctx.store().prepare('SELECT count(*) AS n FROM t').get();
        },
        // Leaving WAL succeeds only when no other connection has the file open: what an upgrade or a restore needs.
        'restore.like': () => {
          const own = openDatabase(file);
          try {
            return own.pragma('journal_mode = DELETE', { simple: true });
          } finally {
            own.pragma('journal_mode = WAL');
            own.close();
          }
        },
      },
      undefined,
      new Set(['pos.lookup']),
    );
    for (const [id, op] of [
      [1, 'pos.lookup'],
      [2, 'pos.lookup'],
      [3, 'restore.like'],
      [4, 'pos.lookup'],
    ] as const)
      onMessage({ kind: 'call', id, op, args: undefined });
    await new Promise((r) => setTimeout(r, 80));
    expect(out.map((m) => (m.kind === 'result' && m.ok ? [m.id, m.value] : m))).toEqual([
      [1, { n: 0 }],
      [2, { n: 0 }],
      [3, 'delete'],
      [4, { n: 0 }],
    ]);
    // Calls 1 and 2 used one connection; call 4 had to open a new one after the restore-like operation.
    expect(connections.size).toBe(2);
  });

  it('runs operations one at a time in arrival order (they change one file)', async () => {
    const out: WorkerMessage[] = [];
    let onMessage: (m: unknown) => void = () => {};
    const port: PortLike = { on: (_e, l) => (onMessage = l), postMessage: (m) => out.push(m) };
    const order: string[] = [];
    serveOps(
      port,
      { databasePath: '', backupDir: '' },
      {
        slow: async () => {
          order.push('slow:start');
          await new Promise((r) => setTimeout(r, 30));
          order.push('slow:end');
          return 1;
        },
        fast: () => {
          order.push('fast');
          return 2;
        },
      },
    );
    onMessage({ kind: 'call', id: 1, op: 'slow', args: undefined });
    onMessage({ kind: 'call', id: 2, op: 'fast', args: undefined });
    await new Promise((r) => setTimeout(r, 80));
    expect(order).toEqual(['slow:start', 'slow:end', 'fast']);
    expect(out.map((m) => (m.kind === 'result' && m.ok ? [m.id, m.value] : m))).toEqual([
      [1, 1],
      [2, 2],
    ]);
  });
});
