import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/index';
import { makeDemoDatabase, tempDir } from '../helpers';
import { captureIo } from '../support/cli-io';

const dir = tempDir();

const listing = () => fs.readdirSync(dir).sort();

describe('pos-db: bad input gets one line, exit 2, and nothing created or changed', () => {
  const cases: [string, string[], RegExp][] = [
    ['a missing file', ['status', '--db', path.join(dir, 'nope.sqlite')], /No database at .*nope\.sqlite\. Check the --db path/],
    ['a directory', ['status', '--db', dir], /is not a POS database \(it is a folder\)/],
    ['a file that is not SQLite', ['status', '--db', 'package.json'], /no SQLite header/],
    ['an unknown size', ['demo', '--db', path.join(dir, 'x.sqlite'), '--size', 'huge'], /unknown size 'huge'\. Use --size small, medium or large/],
    ['an unknown flag', ['status', '--db', 'x', '--frobnicate'], /Unknown option '--frobnicate'\. Run `pos-db status --help`/],
    ['a missing --db', ['demo', '--size', 'small'], /--db is required/],
    ['a bad seed', ['demo', '--db', path.join(dir, 'y.sqlite'), '--size', 'small', '--seed', 'abc'], /--seed must be a whole number/],
    ['a folder that does not exist', ['demo', '--db', path.join(dir, 'no/such/dir.sqlite'), '--size', 'small'], /does not exist/],
    ['an unknown command', ['frobnicate'], /unknown command 'frobnicate'/],
  ];

  for (const [what, argv, message] of cases) {
    it(`refuses ${what}`, async () => {
      const before = listing();
      const io = captureIo();
      expect(await runCli(argv, io)).toBe(2);
      expect(io.stderr).toHaveLength(1);
      expect(io.stderr[0]).toMatch(message);
      expect(listing()).toEqual(before);
    });
  }

  it('refuses to overwrite an existing database, leaving it byte-for-byte as it was', async () => {
    const file = await makeDemoDatabase(dir);
    const before = fs.readFileSync(file);
    const io = captureIo();
    expect(await runCli(['demo', '--db', file, '--size', 'small'], io)).toBe(2);
    expect(io.stderr[0]).toMatch(/already exists/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('has --help on every command', async () => {
    for (const name of ['demo', 'status']) {
      const io = captureIo();
      expect(await runCli([name, '--help'], io)).toBe(0);
      expect(io.stdout.join('\n')).toMatch(new RegExp(`Usage: pos-db ${name}`));
    }
  });
});

describe('pos-db demo and status, as the installed command', () => {
  const bin = path.resolve('bin/pos-db.mjs');

  it('creates a demo store and lists all 32 tables with their row counts', () => {
    const file = path.join(dir, 'store.sqlite');
    execFileSync(process.execPath, [bin, 'demo', '--db', file, '--size', 'small', '--seed', '3']);
    const status = JSON.parse(execFileSync(process.execPath, [bin, 'status', '--db', file, '--json'], { encoding: 'utf8' }));
    expect(status.schemaVersion).toBe('0001-legacy-schema');
    expect(status.tables).toHaveLength(32);
    expect(status.tables.every((t: { rows: number }) => t.rows > 0)).toBe(true);
    const text = execFileSync(process.execPath, [bin, 'status', '--db', file], { encoding: 'utf8' });
    expect(text).toMatch(/inventory_transactions\s+product\s+\d+/);
  });

  it('exits 2 with one line on stderr for bad input', () => {
    const r = spawnSync(process.execPath, [bin, 'status', '--db', path.join(dir, 'missing.sqlite')], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
