import fs from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/index';
import { openDatabase } from '../../electron/db/open';
import { captureIo } from '../support/cli-io';
import { startHub, type StartedHub } from '../hub/support/start-hub';
import { tempDir } from '../helpers';
import { CAPS, NORTH, seedHubFrom, tillCopy, twoStoreFile } from './support/tills';

/**
 * `pos-db sync` as a technician runs it at a till: enroll with the code the
 * hub printed, push the queue, pull the store's changes, status; exit 0 when
 * it all went, 1 when the hub could not be reached (nothing lost), 2 on bad
 * input. One line per store, or --json.
 */
const dir = tempDir('pos-sync-cli-');
let hub: StartedHub;
let file: string;
let till: string;

const queued = (db: string) => {
  const d = openDatabase(db, { readonly: true });
  try {
    return (d.prepare(`SELECT count(*) AS n FROM pending_operations WHERE tenant_id = ? AND status <> 'done'`).get(CAPS) as { n: number }).n;
  } finally {
    d.close();
  }
};

beforeAll(async () => {
  hub = await startHub();
  file = await twoStoreFile(dir, 7);
  await seedHubFrom(hub, file, { [CAPS]: 'CAPS Automotive', [NORTH]: 'Northside Tires' });
  till = tillCopy(file, dir, 'counter');
}, 180_000);
afterAll(async () => hub?.stop());

it('refuses to push a store file that no hub enrolled, with exit 2 and the way to enroll', async () => {
  const io = captureIo();
  expect(await runCli(['sync', 'push', '--db', till], io)).toBe(2);
  expect(io.stderr).toHaveLength(1);
  expect(io.stderr[0]).toMatch(/sync enroll/);
});

it('enrolls, pushes the whole queue and pulls, each with one line per store', async () => {
  const before = queued(till);
  expect(before).toBeGreaterThan(0);
  const enroll = captureIo();
  expect(await runCli(['sync', 'enroll', '--db', till, '--hub', hub.url, '--code', await hub.enrollCode(CAPS, 'Front counter')], enroll)).toBe(0);
  expect(enroll.stdout.join('\n')).toMatch(new RegExp(`Enrolled ${CAPS} as till 'Front counter'.*${before} queued operations`));

  const push = captureIo();
  expect(await runCli(['sync', 'push', '--db', till, '--json'], push)).toBe(0);
  const pushed = JSON.parse(push.stdout[0]!) as { results: { ok: boolean; tenantId: string; applied: number; rejected: number; remaining: number }[] };
  expect(pushed.results).toEqual([expect.objectContaining({ ok: true, tenantId: CAPS, applied: before, rejected: 0, remaining: 0 })]);
  expect(queued(till)).toBe(0);
  const onHub = await hub.queryAs<{ n: string }>(CAPS, `SELECT count(*) AS n FROM hub.applied_operations`);
  expect(Number(onHub[0]!.n)).toBe(before);

  const pull = captureIo();
  expect(await runCli(['sync', 'pull', '--db', till], pull)).toBe(0);
  expect(pull.stdout).toEqual([expect.stringMatching(new RegExp(`^${CAPS}: \\d+ changes.*new rows, \\d+ updated, \\d+ deleted`))]);

  const status = captureIo();
  expect(await runCli(['sync', 'status', '--db', till, '--json'], status)).toBe(0);
  const s = JSON.parse(status.stdout[0]!) as { tenants: { tenantId: string; queued: number; lastPushAt: string | null; lastPullAt: string | null }[] };
  expect(s.tenants.find((t) => t.tenantId === CAPS)).toMatchObject({ queued: 0, lastPushAt: expect.any(String), lastPullAt: expect.any(String) });
}, 120_000);

it('exits 1 with the reason when the hub cannot be reached, and keeps what it queued', async () => {
  const db = openDatabase(till);
  db.prepare(`UPDATE sync_credentials SET hub_url = 'http://127.0.0.1:9' WHERE tenant_id = ?`).run(CAPS);
  const row = db.prepare(`SELECT * FROM pending_operations WHERE tenant_id = ? ORDER BY seq DESC LIMIT 1`).get(CAPS) as Record<string, unknown>;
  db.prepare(
    `INSERT INTO pending_operations (id, tenant_id, entity_type, entity_id, operation, payload, created_at, updated_at, status, attempts)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0)`,
  ).run('cli-unreachable-op', CAPS, row.entity_type, row.entity_id, row.operation, row.payload, new Date().toISOString(), new Date().toISOString());
  db.close();
  const size = fs.statSync(till).size;
  const io = captureIo();
  expect(await runCli(['sync', 'push', '--db', till, '--timeout', '2'], io)).toBe(1);
  expect(io.stderr).toHaveLength(1);
  expect(io.stderr[0]).toMatch(new RegExp(`^pos-db sync push: ${CAPS}: .*`));
  expect(queued(till)).toBe(1);
  expect(fs.statSync(till).size).toBeGreaterThanOrEqual(size);
}, 60_000);
