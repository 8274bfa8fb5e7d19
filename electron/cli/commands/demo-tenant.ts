import { openDatabase } from '../../db/open';
import { DEMO_SIZES, type DemoSize } from '../../demo/generate';
import { BadInputError } from '../../errors';
import { addDemoTenant } from '../../demo/second-tenant';
import { isValidTenantId } from '../../../contracts/tenant-id';
import { bundledTenants } from '../../tenancy/tenants';
import type { Command } from '../command';
import { requireString } from '../command';

export const demoTenantCommand: Command = {
  name: 'demo-tenant',
  summary: "add a second store's demo data (e.g. northside-tires) to an upgraded database; its SKUs, usernames and codes overlap CAPS's",
  usage: [
    'pos-db demo-tenant --db FILE --tenant ID --size small|medium|large [--seed N]',
    '',
    '  --tenant ID  a store this build ships (electron/tenancy/tenants/*.json), e.g. northside-tires',
    '',
    'The database must be upgraded (pos-db upgrade) and must not hold that store yet. One transaction:',
    'on any error nothing is written. Demo users sign in with PIN 1234.',
  ].join('\n'),
  options: { db: { type: 'string' }, tenant: { type: 'string' }, size: { type: 'string' }, seed: { type: 'string' } },
  async run(values, io) {
    const file = requireString(values, 'db', 'demo-tenant');
    const tenantId = requireString(values, 'tenant', 'demo-tenant');
    const size = requireString(values, 'size', 'demo-tenant');
    const known = bundledTenants().map((t) => t.id);
    if (!isValidTenantId(tenantId)) throw new BadInputError(`'${tenantId}' is not a tenant id (a lowercase slug)`, `Use one of: ${known.join(', ')}`);
    if (!(DEMO_SIZES as readonly string[]).includes(size)) throw new BadInputError(`unknown size '${size}'`, 'Use --size small, medium or large');
    const seedText = (values.seed as string | undefined) ?? '1';
    if (!/^\d{1,9}$/.test(seedText)) throw new BadInputError(`--seed must be a whole number, got '${seedText}'`, 'Use for example --seed 42');
    const started = performance.now();
    const db = openDatabase(file);
    try {
      const written = addDemoTenant(db, {
        tenantId,
        size: size as DemoSize,
        seed: Number(seedText),
        onTable: (t, n) => io.status(`demo-tenant: ${t} (${n} rows)`),
      });
      io.status('');
      const total = Object.values(written).reduce((a, b) => a + b, 0);
      io.out(
        `Added ${tenantId} to ${file}: ${total} rows in ${Object.keys(written).length} tables (${size}, seed ${seedText}) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
    } finally {
      db.close();
    }
    return 0;
  },
};
