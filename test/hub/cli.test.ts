import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort } from '../../hub/db/embedded';
import { FakeTill } from './support/fake-till';

/**
 * `pos-hub` as docs/sync.md runs it by hand: `serve` on an embedded data
 * folder in one terminal, the admin commands on the same folder in another.
 * PostgreSQL refuses a second server on one folder, so the admin commands must
 * join the one `serve` runs; with `serve` stopped they start their own.
 */
const bin = path.resolve('bin/pos-hub.mjs');
const data = fs.mkdtempSync(path.join(os.tmpdir(), 'pos-hub-cli-'));
let serve: ChildProcess;
let url: string;

const hub = (...args: string[]) => spawnSync(process.execPath, [bin, ...args, '--data', data], { encoding: 'utf8', timeout: 120_000 });

beforeAll(async () => {
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  serve = spawn(process.execPath, [bin, 'serve', '--port', String(port), '--data', data], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`pos-hub serve did not start: ${output}`)), 120_000);
    const read = (b: Buffer) => {
      output += b.toString();
      if (output.includes('serving')) {
        clearTimeout(timer);
        resolve();
      }
    };
    serve.stdout!.on('data', read);
    serve.stderr!.on('data', read);
    serve.once('exit', (code) => reject(new Error(`pos-hub serve exited ${code}: ${output}`)));
  });
}, 150_000);

afterAll(async () => {
  if (serve.exitCode === null) {
    serve.kill('SIGTERM');
    await new Promise((r) => serve.once('exit', r));
  }
  fs.rmSync(data, { recursive: true, force: true });
});

it('admin commands run beside a serving hub on the same data folder, and a till enrolls with the code they print', async () => {
  const added = hub('tenant', 'add', '--tenant', 'caps-automotive', '--name', 'CAPS Automotive');
  expect(added.stderr).toBe('');
  expect(added.status).toBe(0);
  const code = hub('enroll-code', '--tenant', 'caps-automotive', '--till', 'Front counter', '--json');
  expect(code.status).toBe(0);
  const till = await FakeTill.enroll(url, (JSON.parse(code.stdout) as { code: string }).code);
  expect(till.tillId).toMatch(/^[0-9a-f-]{36}$/);
  const tills = hub('tills', '--tenant', 'caps-automotive', '--json');
  expect((JSON.parse(tills.stdout) as { name: string }[]).map((t) => t.name)).toEqual(['Front counter']);
}, 120_000);

it('with serve stopped, an admin command starts the folder’s PostgreSQL for itself and stops it again', async () => {
  serve.kill('SIGTERM');
  await new Promise((r) => serve.once('exit', r));
  const status = hub('status', '--tenant', 'caps-automotive', '--json');
  expect(status.stderr).toBe('');
  expect(status.status).toBe(0);
  expect((JSON.parse(status.stdout) as { tills: number }).tills).toBe(1);
  expect(fs.existsSync(path.join(data, 'pg', 'postmaster.pid'))).toBe(false);
}, 120_000);
