import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import type { Statement } from 'better-sqlite3';
import { openDatabase } from '../../electron/db/open';
import { DEMO_PIN } from '../../electron/tenancy/pin';
import { workerContext, type WorkerContext } from '../../electron/worker/context';
import { WORKER_OPS } from '../../electron/worker/ops';
import { copyDatabase, tempDir } from '../helpers';
import { CAPS, twoTenantDatabase } from '../tenancy/fixtures';

/**
 * pos.call resolves the session once: the worker's posCallOp looks the token up
 * (and checks the idle lock on it), and the till operation runs with that
 * session instead of looking the token up again. Counted on the connection: the
 * session-by-token statement runs once per call.
 */
const dir = tempDir();
let fixture: string;
beforeAll(async () => {
  fixture = await twoTenantDatabase(dir);
});

const ops = WORKER_OPS as unknown as Record<string, (args: unknown, ctx: WorkerContext) => unknown>;

it('one lookup of the session per POS call', async () => {
  const file = copyDatabase(fixture, path.join(dir, 'once.sqlite'));
  const db = openDatabase(file);
  let lookups = 0;
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    const stmt = prepare(sql) as Statement;
    if (!/FROM sessions WHERE tenant_id = @tenantId AND token = @token/.test(sql)) return stmt;
    const get = stmt.get.bind(stmt);
    stmt.get = ((...args: unknown[]) => {
      lookups += 1;
      return get(...args);
    }) as typeof stmt.get;
    return stmt;
  }) as typeof db.prepare;
  const ctx: WorkerContext = { ...workerContext({ databasePath: file, backupDir: path.join(dir, 'b') }, () => {}), store: () => db };
  try {
    const { token } = (await ops['pos.signIn']!({ storeId: CAPS, username: 'admin', pin: DEMO_PIN }, ctx)) as { token: string };
    lookups = 0;
    await ops['pos.call']!({ token, op: 'lookUp', input: { query: 'oil' } }, ctx);
    expect(lookups).toBe(1);
    await ops['pos.call']!({ token, op: 'shift', input: undefined }, ctx);
    expect(lookups).toBe(2);
  } finally {
    db.close();
  }
});
