import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PushRequest } from '../../contracts/sync/protocol';
import { runPendingMigrations } from '../../electron/db/migrator';
import { openDatabase, type Db } from '../../electron/db/open';
import {
  checkHubUrl,
  enrollTill,
  FIRST_RETRY_MS,
  HubUnreachableError,
  InsecureHubUrlError,
  MAX_RETRY_MS,
  pushTenant,
  retryDelayMs,
  SequenceGapError,
  UpgradeRequiredError,
} from '../../electron/sync';
import { runAsTenant } from '../../electron/tenancy/context';
import { createRepositories } from '../../electron/tenancy/repositories';
import { MIGRATIONS } from '../../migrations';
import { copyDatabase, makeDemoDatabase, tempDir } from '../helpers';

/**
 * The till's side of the protocol against a scripted hub (a few lines of
 * node:http that answer what each test needs), for the answers the real hub
 * gives only in rare states: a gap after the hub was restored, 426, silence.
 */
const CAPS = 'caps-automotive';
const dir = tempDir('pos-tillsync-');
let upgraded: string;
let copies = 0;

type Answer = { status: number; body: unknown } | 'silence';
let answer: (path: string, body: Record<string, unknown>) => Answer = () => ({ status: 500, body: {} });
const received: { path: string; body: Record<string, unknown> }[] = [];
let server: http.Server;
let hubUrl: string;

beforeAll(async () => {
  const v1 = await makeDemoDatabase(dir, 'small', 21);
  const db = openDatabase(v1);
  await runPendingMigrations(db, { migrations: MIGRATIONS });
  db.close();
  upgraded = v1;
  server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      const body = JSON.parse(text || '{}') as Record<string, unknown>;
      received.push({ path: req.url ?? '', body });
      const a = answer(req.url ?? '', body);
      if (a === 'silence') return;
      res.writeHead(a.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(a.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  hubUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

/** A private upgraded store enrolled with the scripted hub for CAPS. */
async function enrolledTill(): Promise<Db> {
  const db = openDatabase(copyDatabase(upgraded, `${dir}/till-${copies++}.sqlite`));
  answer = () => ({ status: 200, body: { tillId: `till-${copies}`, tenantId: CAPS, tillName: 'front', token: `${CAPS}.${'t'.repeat(40)}`, hubId: 'hub-1' } });
  await enrollTill(db, { hubUrl, code: 'caps-automotive.AAAA-BBBB-CCCC' });
  return db;
}

/** A hub that applies whatever comes in order and remembers the last seq (which a test may wind back, as a restored hub would). */
function orderlyHub(state: { lastSeq: number }) {
  return (path: string, body: Record<string, unknown>): Answer => {
    const ops = (body as unknown as PushRequest).operations;
    if (path !== '/v1/push') return { status: 500, body: {} };
    if (ops[0]!.seq > state.lastSeq + 1) return { status: 409, body: { code: 'sequence_gap', message: 'push again', expectedSeq: state.lastSeq + 1 } };
    const results = ops.map((o) =>
      o.seq <= state.lastSeq ? { seq: o.seq, id: o.id, outcome: 'duplicate', original: 'applied' } : { seq: o.seq, id: o.id, outcome: 'applied' },
    );
    state.lastSeq = Math.max(state.lastSeq, ops.at(-1)!.seq);
    return { status: 200, body: { results, lastSeq: state.lastSeq } };
  };
}

const queue = (db: Db) =>
  db.prepare(`SELECT seq, status, attempts FROM pending_operations WHERE tenant_id = ? AND seq IS NOT NULL ORDER BY seq`).all(CAPS) as {
    seq: number;
    status: string;
    attempts: number;
  }[];
const pushedSeqs = () => received.filter((r) => r.path === '/v1/push').map((r) => (r.body as unknown as PushRequest).operations.map((o) => o.seq));

function receiveStock(db: Db, times: number): void {
  const admin = db.prepare(`SELECT id FROM users WHERE tenant_id = ? AND username = 'admin'`).pluck().get(CAPS) as string;
  const product = db.prepare(`SELECT id FROM products WHERE tenant_id = ? ORDER BY id LIMIT 1`).pluck().get(CAPS) as string;
  const repos = createRepositories(db);
  for (let i = 0; i < times; i++)
    runAsTenant({ tenantId: CAPS, userId: admin }, () => repos.inventory.receive({ productId: product, quantity: 1, unitCostCents: 100 }));
}

describe('the hub address', () => {
  it('must be https, except plain http to this machine', () => {
    expect(checkHubUrl('https://hub.example.com/')).toBe('https://hub.example.com');
    expect(checkHubUrl('https://example.com/pos-hub/')).toBe('https://example.com/pos-hub');
    for (const local of ['http://localhost:8080', 'http://127.0.0.1:9', 'http://[::1]:9']) expect(checkHubUrl(local)).toBe(local);
    for (const remote of ['http://hub.example.com', 'http://192.168.1.20:8080', 'http://127.0.0.2', 'http://localhost.example.com'])
      expect(() => checkHubUrl(remote), remote).toThrow(InsecureHubUrlError);
    for (const bad of ['hub.example.com', 'ftp://hub.example.com', 'https://user:pw@hub.example.com', 'https://hub.example.com/?x=1'])
      expect(() => checkHubUrl(bad), bad).toThrow(/is not a hub address/);
  });

  it('an enrollment with a plain-http remote hub is refused before anything is sent, and nothing is stored', async () => {
    const db = openDatabase(copyDatabase(upgraded, `${dir}/till-${copies++}.sqlite`));
    const before = received.length;
    await expect(enrollTill(db, { hubUrl: 'http://hub.example.com', code: 'caps-automotive.AAAA-BBBB-CCCC' })).rejects.toThrow(InsecureHubUrlError);
    expect(received.length).toBe(before);
    expect(db.prepare(`SELECT count(*) FROM sync_credentials`).pluck().get()).toBe(0);
    db.close();
  });
});

describe('backoff', () => {
  it('waits 5 s after the first failure, doubling up to 5 minutes, each till a little differently', () => {
    const base = [1, 2, 3, 4, 5, 6, 7, 8, 20].map((n) => Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** (n - 1)));
    const delays = [1, 2, 3, 4, 5, 6, 7, 8, 20].map((n) => retryDelayMs(n, 'till-a'));
    delays.forEach((d, i) => {
      expect(d).toBeGreaterThanOrEqual(base[i]!);
      expect(d).toBeLessThan(base[i]! * 1.1);
    });
    expect(retryDelayMs(0, 'till-a')).toBe(0);
    expect(retryDelayMs(3, 'till-a')).toBe(retryDelayMs(3, 'till-a'));
    expect(new Set(['a', 'b', 'c', 'd'].map((t) => retryDelayMs(5, t))).size).toBeGreaterThan(1);
  });
});

describe('push against a hub in a rare state', () => {
  it('a 409 from a hub that lost its last operations is answered by resending from the number it expects', async () => {
    const db = await enrolledTill();
    const hub = { lastSeq: 0 };
    answer = orderlyHub(hub);
    const first = await pushTenant(db, CAPS);
    const total = queue(db).length;
    expect(first).toMatchObject({ applied: total, remaining: 0 });
    hub.lastSeq = total - 3; // the hub was restored from a backup a little older than the till's last push
    receiveStock(db, 2);
    received.length = 0;
    const second = await pushTenant(db, CAPS);
    expect(pushedSeqs()).toEqual([
      [total + 1, total + 2],
      [total - 2, total - 1, total, total + 1, total + 2],
    ]);
    expect(second).toMatchObject({ duplicate: 0, applied: 5, remaining: 0 });
    expect(queue(db).every((o) => o.status === 'done')).toBe(true);
    db.close();
  });

  it('a 409 the till cannot answer (the operations it would resend are gone) is an honest error, and the queue stays', async () => {
    const db = await enrolledTill();
    const hub = { lastSeq: 0 };
    answer = orderlyHub(hub);
    await pushTenant(db, CAPS);
    const total = queue(db).length;
    db.prepare(`DELETE FROM pending_operations WHERE tenant_id = ? AND seq = ?`).run(CAPS, total - 1);
    hub.lastSeq = total - 2;
    receiveStock(db, 1);
    await expect(pushTenant(db, CAPS)).rejects.toThrow(SequenceGapError);
    expect(queue(db).at(-1)).toMatchObject({ seq: total + 1, status: 'pending' });
    db.close();
  });

  it('426: a typed error telling the store to install the update, and every operation still queued', async () => {
    const db = await enrolledTill();
    answer = () => ({ status: 426, body: { code: 'upgrade_required', message: 'this hub needs till schema 0006 or newer' } });
    const before = queue(db);
    const err = await pushTenant(db, CAPS).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpgradeRequiredError);
    expect((err as UpgradeRequiredError).oneLine()).toMatch(/Install the POS Desktop update; nothing was lost/);
    const after = queue(db);
    expect(after.map((o) => [o.seq, o.status])).toEqual(before.map((o) => [o.seq, 'pending']));
    db.close();
  });

  it('a hub that never answers: the request times out, the batch goes back to pending with the attempt counted', async () => {
    const db = await enrolledTill();
    answer = () => 'silence';
    const before = queue(db);
    const err = await pushTenant(db, CAPS, { timeoutMs: 300, batchSize: 5 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HubUnreachableError);
    expect((err as Error).message).toMatch(/no answer within/);
    expect((err as HubUnreachableError).retryAt).not.toBeNull();
    const after = queue(db);
    expect(after.slice(0, 5).map((o) => [o.status, o.attempts])).toEqual(before.slice(0, 5).map((o) => ['pending', o.attempts + 1]));
    expect(after.slice(5)).toEqual(before.slice(5));
    db.close();
  });
});

describe('sequence numbers', () => {
  it('stay gapless and unique per tenant when two processes write to one file at the same time', async () => {
    const file = copyDatabase(upgraded, `${dir}/busy-${copies++}.sqlite`);
    const db = openDatabase(file);
    const before = db.prepare(`SELECT max(seq) FROM pending_operations WHERE tenant_id = ?`).pluck().get(CAPS) as number;
    db.close();
    const writer = () =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'test/sync/support/write-child.ts', file, '60'], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => (out += d.toString()));
        child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(out))));
      });
    await Promise.all([writer(), writer()]);
    const after = openDatabase(file, { readonly: true });
    const seqs = after.prepare(`SELECT seq FROM pending_operations WHERE tenant_id = ? AND seq > ? ORDER BY seq`).pluck().all(CAPS, before) as number[];
    after.close();
    expect(seqs).toEqual(Array.from({ length: 120 }, (_, i) => before + 1 + i));
  }, 60_000);
});
