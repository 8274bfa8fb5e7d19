import { DEMO_SIZES, createDemoDatabase, type DemoSize } from '../../demo/generate';
import { BadInputError } from '../../errors';
import type { Command } from '../command';
import { requireString } from '../command';
import path from 'node:path';
import fs from 'node:fs';

export const demoCommand: Command = {
  name: 'demo',
  summary: 'create a new CAPS Automotive store database at the legacy (v1) schema, filled with demo data',
  usage:
    'pos-db demo --db FILE --size small|medium|large [--seed N]\n\n  small  about 5k rows (tests)\n  medium about 200k rows\n  large  about 2M rows, 600 MB\n\nNever overwrites an existing file.',
  options: { db: { type: 'string' }, size: { type: 'string' }, seed: { type: 'string' } },
  async run(values, io) {
    const file = requireString(values, 'db', 'demo');
    const size = requireString(values, 'size', 'demo');
    if (!(DEMO_SIZES as readonly string[]).includes(size)) {
      throw new BadInputError(`unknown size '${size}'`, 'Use --size small, medium or large');
    }
    const seedText = (values.seed as string | undefined) ?? '1';
    if (!/^\d{1,9}$/.test(seedText)) throw new BadInputError(`--seed must be a whole number, got '${seedText}'`, 'Use for example --seed 42');
    const dir = path.dirname(path.resolve(file));
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
      throw new BadInputError(`folder ${dir} does not exist`, 'Create the folder first or choose another --db path');
    }
    const started = performance.now();
    const written = await createDemoDatabase(file, {
      size: size as DemoSize,
      seed: Number(seedText),
      onTable: (table, rows) => io.status(`demo: ${table} (${rows} rows)`),
    });
    io.status('');
    const total = Object.values(written).reduce((a, b) => a + b, 0);
    io.out(
      `Created ${file}: ${total} rows in ${Object.keys(written).length} tables (${size}, seed ${seedText}) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    return 0;
  },
};
