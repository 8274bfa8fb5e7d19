import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, type EmbeddedHubDatabase } from '../../../hub/db/embedded';
import { APP_ROLE, createHubRoles, OWNER_ROLE, urlFor } from '../../../hub/db/roles';

/** Debian's PostgreSQL 15, the oldest the hub supports (installed by .ci/run with apt). */
export const PG15_BIN = '/usr/lib/postgresql/15/bin';
export const pg15Available = () => fs.existsSync(path.join(PG15_BIN, 'initdb'));

/**
 * A throwaway PostgreSQL 15 cluster: initdb on a temp folder and postgres on a
 * free loopback port, run as user postgres when this process is root (initdb
 * refuses root). Stopped with pg_ctl stop -m immediate, folder removed.
 */
export async function startPg15(): Promise<EmbeddedHubDatabase & { dataDir: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pos-hub-pg15-'));
  fs.chmodSync(dir, 0o777);
  const data = path.join(dir, 'data');
  const password = crypto.randomBytes(12).toString('hex');
  const pwfile = path.join(dir, 'pw');
  fs.writeFileSync(pwfile, `${password}\n`, { mode: 0o644 });
  const asPostgres = (bin: string, args: string[]) =>
    (os.userInfo().uid === 0 ? ['runuser', ['-u', 'postgres', '--', path.join(PG15_BIN, bin), ...args]] : [path.join(PG15_BIN, bin), args]) as [
      string,
      string[],
    ];
  execFileSync(...asPostgres('initdb', ['-D', data, '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${pwfile}`, '-E', 'UTF8', '--locale=C']), {
    stdio: 'pipe',
  });
  const port = await freePort();
  const [cmd, args] = asPostgres('pg_ctl', [
    '-D',
    data,
    '-l',
    path.join(dir, 'log'),
    '-w',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`,
    'start',
  ]);
  await new Promise<void>((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: 'ignore' });
    p.on('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`pg_ctl start exited ${code}: ${fs.existsSync(path.join(dir, 'log')) ? fs.readFileSync(path.join(dir, 'log'), 'utf8') : ''}`)),
    );
  });
  const host = { host: '127.0.0.1', port };
  const superuserUrl = urlFor(host, 'postgres', password, 'postgres');
  const owner = crypto.randomBytes(12).toString('hex');
  const app = crypto.randomBytes(12).toString('hex');
  await createHubRoles(superuserUrl, { owner, app });
  return {
    ownerUrl: urlFor(host, OWNER_ROLE, owner),
    appUrl: urlFor(host, APP_ROLE, app),
    superuserUrl,
    port,
    dataDir: dir,
    stop: async () => {
      execFileSync(...asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']), { stdio: 'pipe' });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
