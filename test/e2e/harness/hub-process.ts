import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StartedHub } from '../../hub/support/start-hub';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The hub's command as it ships (bin/pos-hub.mjs runs the bundle dist/hub/pos-hub.cjs: `npm run build:node`). */
const POS_HUB = path.resolve(here, '../../../bin/pos-hub.mjs');

/** DATABASE_URL and HUB_APP_DATABASE_URL of a started hub database, as an administrator sets them for pos-hub. */
const hubEnv = (hub: StartedHub) => ({ ...process.env, DATABASE_URL: hub.ownerUrl, HUB_APP_DATABASE_URL: hub.appUrl });

export interface HubProcess {
  url: string;
  /** SIGTERM, as a service manager stops it: it closes its server and connections and exits. */
  stop(): Promise<void>;
}

/** `pos-hub serve --port PORT` in its own process, on the test's PostgreSQL; resolves once it says it is serving. */
export async function serveHub(hub: StartedHub, port: number): Promise<HubProcess> {
  const child: ChildProcess = spawn(process.execPath, [POS_HUB, 'serve', '--port', String(port)], { env: hubEnv(hub), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('serving')) resolve();
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => reject(new Error(`pos-hub serve exited ${code} before serving: ${out}`)));
  });
  const exited = new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** One pos-hub admin command (price set, enroll-code, ...) against the test's PostgreSQL, as an administrator runs it. */
export function hubCli(hub: StartedHub, args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [POS_HUB, ...args], { env: hubEnv(hub), encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
