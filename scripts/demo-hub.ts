// The end of `npm run demo` (run with tsx): a throwaway hub on an embedded PostgreSQL, seeded with the
// demo store's catalogue as `pos-hub catalogue import` does, then the till enrolled and its queue pushed
// with the technician's own commands (pos-db sync enroll, push, status), and what went where printed.
// `demo-hub.ts TILL.sqlite`. The hub's data folder is removed at the end.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { addTenant, createEnrollmentCode } from '../hub/admin';
import { importCatalogue } from '../hub/catalogue';
import { startEmbeddedHubDatabase } from '../hub/db/embedded';
import { migrateHub } from '../hub/db/migrator';
import { APP_ROLE } from '../hub/db/roles';
import { withTenant } from '../hub/db/tenant-tx';
import { buildHubServer } from '../hub/server';
import { readStoreFile } from '../hub/store-file';

const CAPS = 'caps-automotive';
const till = process.argv[2]!;

/** Runs pos-db as a technician would; asynchronously, since the hub answering it lives in this process. */
async function posDb(...args: string[]): Promise<void> {
  console.log(`\n$ pos-db ${args.join(' ')}`);
  const child = spawn(process.execPath, ['bin/pos-db.mjs', ...args], { stdio: 'inherit' });
  const status = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (status !== 0) throw new Error(`pos-db ${args[0]} ${args[1]} exited ${status}`);
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pos-demo-hub-'));
const started = performance.now();
const db = await startEmbeddedHubDatabase(dataDir);
const owner = new pg.Pool({ connectionString: db.ownerUrl, max: 2 });
const app = new pg.Pool({ connectionString: db.appUrl, max: 4 });
try {
  const client = await owner.connect();
  try {
    await migrateHub(client, { appRole: APP_ROLE });
  } finally {
    client.release();
  }
  await addTenant(owner, CAPS, 'CAPS Automotive');
  const seeded = await importCatalogue(owner, CAPS, readStoreFile(till, CAPS));
  const server = await buildHubServer({ pool: app });
  const url = await server.listen({ host: '127.0.0.1', port: 0 });
  console.log(`\nA hub for the demo at ${url} (embedded PostgreSQL, ${((performance.now() - started) / 1000).toFixed(1)} s), seeded with CAPS's catalogue:`);
  console.log(
    `  ${Object.entries(seeded)
      .map(([t, n]) => `${t} ${n}`)
      .join(', ')}`,
  );
  const { code } = await createEnrollmentCode(owner, CAPS, 'Demo front counter');
  try {
    await posDb('sync', 'enroll', '--db', till, '--hub', url, '--code', code, '--replace');
    await posDb('sync', 'push', '--db', till);
    await posDb('sync', 'status', '--db', till);
  } finally {
    await server.close();
  }
  const where = await withTenant(app, CAPS, (tx) =>
    tx.query<{ entity_type: string; operation: string; outcome: string; code: string | null; n: number }>(
      `SELECT entity_type, operation, outcome, coalesce(code, '') AS code, count(*)::int AS n FROM hub.applied_operations GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
    ),
  );
  console.log('\nWhat went where, on the hub (caps-automotive):');
  for (const r of where.rows) console.log(`  ${r.entity_type}/${r.operation}: ${r.n} ${r.outcome}${r.code ? ` (${r.code})` : ''}`);
} finally {
  await Promise.all([owner.end(), app.end()]);
  await db.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
