import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { makeDemoDatabase, tempDir } from '../helpers';

/**
 * A shipped migration is frozen: it carries its own copy of the schema facts
 * it needs. So a table (or an index) added to the live catalogue, as the next
 * migration will, must not change one byte of what 0002 and 0003 do on a v1
 * store. Both runs below load the migrations afresh; the second sees a
 * catalogue with a fake table and a fake index.
 */
const dir = tempDir('pos-frozen-');

async function schemaAfterMigrating(v1: string, name: string): Promise<{ schema: string[]; catalogueTables: string[] }> {
  const copy = path.join(dir, name);
  fs.copyFileSync(v1, copy);
  const { openDatabase } = await import('../../electron/db/open');
  const { runPendingMigrations } = await import('../../electron/db/migrator');
  const { MIGRATIONS } = await import('../../migrations');
  const { CATALOGUE } = await import('../../electron/db/catalogue');
  const db = openDatabase(copy);
  try {
    await runPendingMigrations(db, { migrations: MIGRATIONS });
    const schema = db.prepare(`SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_master ORDER BY type, name`).pluck().all() as string[];
    const stats = db.prepare(`SELECT tbl || ' ' || coalesce(idx, '') || ' ' || stat FROM sqlite_stat1 ORDER BY tbl, idx`).pluck().all() as string[];
    return { schema: [...schema, ...stats], catalogueTables: CATALOGUE.map((t) => t.name) };
  } finally {
    db.close();
  }
}

describe('shipped migrations do not read the live catalogue', () => {
  it('0002 and 0003 do exactly the same on a v1 store when the live catalogue gains a table and an index', async () => {
    const v1 = await makeDemoDatabase(dir, 'small');

    vi.resetModules();
    const plain = await schemaAfterMigrating(v1, 'plain.sqlite');

    vi.resetModules();
    vi.doMock('../../electron/db/catalogue', async (importOriginal) => {
      const real = await importOriginal<typeof import('../../electron/db/catalogue')>();
      const [first, ...rest] = real.CATALOGUE;
      const products = rest.find((t) => t.name === 'products')!;
      const fake = { ...first!, name: 'fake_table' as never, indexes: [{ name: 'idx_fake_table_tenant_id', columns: ['tenant_id'] }] };
      const widened = { ...products, indexes: [...products.indexes, { name: 'idx_products_tenant_fake', columns: ['tenant_id', 'name'] }] };
      return { ...real, CATALOGUE: [first!, ...rest.map((t) => (t === products ? widened : t)), fake] };
    });
    const widened = await schemaAfterMigrating(v1, 'widened.sqlite');
    vi.doUnmock('../../electron/db/catalogue');

    // The mock took effect for whoever reads the catalogue...
    expect(widened.catalogueTables).toContain('fake_table');
    expect(plain.catalogueTables).not.toContain('fake_table');
    // ...and the migrations did not notice.
    expect(widened.schema).toEqual(plain.schema);
    expect(plain.schema.some((s) => s.startsWith('table products '))).toBe(true);
  });

  it('no migration source file imports the live catalogue', () => {
    const root = path.resolve(__dirname, '../../migrations');
    const files = fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) expect(fs.readFileSync(path.join(root, f), 'utf8'), f).not.toMatch(/from '[^']*db\/catalogue'/);
  });
});
