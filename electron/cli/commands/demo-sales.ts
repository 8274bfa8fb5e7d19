import { isValidTenantId } from '../../../contracts/tenant-id';
import { migrationStatus } from '../../db/migrator';
import { openDatabase } from '../../db/open';
import { DEMO_SIZES, type DemoSize } from '../../demo/generate';
import { addDemoSales } from '../../demo/sales-history';
import { BadInputError } from '../../errors';
import { bundledTenants } from '../../tenancy/tenants';
import { MIGRATIONS } from '../../../migrations';
import type { Command } from '../command';
import { requireString } from '../command';

export const demoSalesCommand: Command = {
  name: 'demo-sales',
  summary: "adds a store's selling history (shifts, sales, returns) to an upgraded database, rung up through the real sale service",
  usage: [
    'pos-db demo-sales --db FILE --tenant ID --size small|medium|large [--seed N]',
    '',
    '  --tenant ID  a store this build ships, e.g. caps-automotive',
    '',
    'The database must be upgraded (pos-db upgrade) and the store must have no sales yet. One transaction:',
    'on any error nothing is written. Every sale writes its stock, gift card, loyalty and sync rows, as at the till.',
  ].join('\n'),
  options: { db: { type: 'string' }, tenant: { type: 'string' }, size: { type: 'string' }, seed: { type: 'string' } },
  async run(values, io) {
    const file = requireString(values, 'db', 'demo-sales');
    const tenantId = requireString(values, 'tenant', 'demo-sales');
    const size = requireString(values, 'size', 'demo-sales');
    const known = bundledTenants().map((t) => t.id);
    if (!isValidTenantId(tenantId) || !known.includes(tenantId))
      throw new BadInputError(`'${tenantId}' is not a store this build ships`, `Use one of: ${known.join(', ')}`);
    if (!(DEMO_SIZES as readonly string[]).includes(size)) throw new BadInputError(`unknown size '${size}'`, 'Use --size small, medium or large');
    const seedText = (values.seed as string | undefined) ?? '1';
    if (!/^\d{1,9}$/.test(seedText)) throw new BadInputError(`--seed must be a whole number, got '${seedText}'`, 'Use for example --seed 42');
    const started = performance.now();
    const db = openDatabase(file);
    try {
      const pending = migrationStatus(db, MIGRATIONS).pending;
      if (pending.length > 0) throw new BadInputError(`${file} is not upgraded (pending: ${pending.join(', ')})`, 'Run `pos-db upgrade --db FILE` first');
      const written = db.transaction(() => addDemoSales(db, { tenantId, size: size as DemoSize, seed: Number(seedText) }))();
      io.out(
        `Added to ${tenantId} in ${file}: ${written.sales} sales, ${written.returns} returns, ${written.shifts} shifts (${size}, seed ${seedText}) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
    } finally {
      db.close();
    }
    return 0;
  },
};
