import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../electron/cli/command';
import { runCli } from '../../electron/cli/index';
import { runPendingMigrations } from '../../electron/db/migrator';
import { openDatabase } from '../../electron/db/open';
import { copyDatabase, makeDemoDatabase, tempDir } from '../helpers';
import { CAPS, NORTHSIDE } from './fixtures';
import { MIGRATIONS } from '../../migrations';

const dir = tempDir();

function io() {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const cli: CliIo = { isTty: false, out: (l) => stdout.push(l), err: (l) => stderr.push(l), status: () => {}, confirm: async () => false };
  return { cli, stdout, stderr };
}
const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

async function upgradedStore(): Promise<string> {
  const file = await makeDemoDatabase(dir, 'small');
  const db = openDatabase(file);
  await runPendingMigrations(db, { migrations: MIGRATIONS });
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return file;
}

describe('pos-db demo-tenant', () => {
  it("adds Northside's demo data beside CAPS's, with overlapping keys, and the database still verifies", async () => {
    const file = await upgradedStore();
    const out = io();
    expect(await runCli(['demo-tenant', '--db', file, '--tenant', NORTHSIDE, '--size', 'small'], out.cli)).toBe(0);
    expect(out.stdout.join('\n')).toMatch(/Added northside-tires to .*: \d+ rows in 36 tables/);
    const db = openDatabase(file, { readonly: true });
    const tenants = db.prepare(`SELECT tenant_id, count(*) AS n FROM products GROUP BY tenant_id ORDER BY tenant_id`).all();
    expect(tenants).toEqual([
      { tenant_id: CAPS, n: 250 },
      { tenant_id: NORTHSIDE, n: 250 },
    ]);
    const shared = (table: string, key: string) =>
      (db.prepare(`SELECT count(*) AS n FROM (SELECT ${key} FROM ${table} GROUP BY ${key} HAVING count(DISTINCT tenant_id) = 2)`).get() as { n: number }).n;
    expect(shared('products', 'sku')).toBe(250);
    expect(shared('users', 'username')).toBe(8);
    expect(shared('gift_cards', 'code')).toBe(40);
    db.close();
    const verify = io();
    expect(await runCli(['verify', '--db', file], verify.cli), verify.stderr.join('\n') + verify.stdout.join('\n')).toBe(0);
  });

  it.each([
    [
      'a legacy (not upgraded) database',
      async () => makeDemoDatabase(dir, 'small'),
      ['--tenant', NORTHSIDE, '--size', 'small'],
      /not upgraded.*Run `pos-db upgrade --db FILE` first/,
    ],
    [
      'a store it already holds',
      async () => {
        const f = await upgradedStore();
        await runCli(['demo-tenant', '--db', f, '--tenant', NORTHSIDE, '--size', 'small'], io().cli);
        return f;
      },
      ['--tenant', NORTHSIDE, '--size', 'small'],
      /already has data for 'northside-tires'.*nothing was changed/,
    ],
    ['CAPS itself (it already has its data)', upgradedStore, ['--tenant', CAPS, '--size', 'small'], /already has data for 'caps-automotive'/],
    [
      'a store this build does not ship',
      upgradedStore,
      ['--tenant', 'southside-autos', '--size', 'small'],
      /Unknown store 'southside-autos'.*caps-automotive, northside-tires/,
    ],
    ['a tenant id that is not a slug', upgradedStore, ['--tenant', 'Northside Tires', '--size', 'small'], /is not a tenant id/],
    ['an unknown size', upgradedStore, ['--tenant', NORTHSIDE, '--size', 'huge'], /unknown size 'huge'/],
  ] as const)('refuses %s: one line, exit 2, file unchanged', async (_what, make, args, message) => {
    const file = await make();
    const probe = copyDatabase(file, path.join(dir, `probe-${crypto.randomUUID()}.sqlite`));
    const before = sha(probe);
    const out = io();
    expect(await runCli(['demo-tenant', '--db', probe, ...args], out.cli)).toBe(2);
    expect(out.stderr).toHaveLength(1);
    expect(out.stderr[0]).toMatch(message);
    expect(sha(probe)).toBe(before);
  });
});
