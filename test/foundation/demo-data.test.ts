import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../electron/db/catalogue';
import { databaseContentHashes } from '../../electron/db/content-hash';
import { openDatabase } from '../../electron/db/open';
import { countRows } from '../../electron/db/status';
import { demoRowCounts } from '../../electron/demo/generate';
import { makeDemoDatabase, tempDir } from '../helpers';

const dir = tempDir();

describe('demo store data', () => {
  it('small: about 5k rows, every table filled, integrity and foreign keys intact', async () => {
    const db = openDatabase(await makeDemoDatabase(dir, 'small'));
    const counts = countRows(db);
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(4000);
    expect(total).toBeLessThan(8000);
    for (const t of CATALOGUE) expect(counts[t.name], t.name).toBeGreaterThan(0);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });

  it('medium: about 200k rows with integrity and foreign keys intact', async () => {
    const db = openDatabase(await makeDemoDatabase(dir, 'medium'));
    const total = Object.values(countRows(db)).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(180_000);
    expect(total).toBeLessThan(300_000);
    expect(db.pragma('quick_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });

  it('large is sized at about 2M rows, skewed towards the logs', () => {
    const large = demoRowCounts('large');
    const total = Object.values(large).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(1_900_000);
    expect(total).toBeLessThan(2_200_000);
    const biggest = Object.entries(large)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([t]) => t);
    expect(biggest.sort()).toEqual(['audit_log', 'inventory_transactions', 'sync_log']);
  });

  it('is deterministic for a seed, and differs for another seed', async () => {
    const hashes = async (seed: number) => {
      const db = openDatabase(await makeDemoDatabase(dir, 'small', seed), { readonly: true });
      try {
        return databaseContentHashes(db);
      } finally {
        db.close();
      }
    };
    const a = await hashes(7);
    expect(await hashes(7)).toEqual(a);
    expect(await hashes(8)).not.toEqual(a);
  });

  it('looks like a real store: accents and apostrophes, NULLs in nullable columns, unsynced operations', async () => {
    const db = openDatabase(await makeDemoDatabase(dir, 'small'), { readonly: true });
    expect(db.prepare(`SELECT count(*) AS n FROM customers WHERE last_name LIKE '%''%'`).get()).not.toEqual({ n: 0 });
    expect(db.prepare(`SELECT count(*) AS n FROM customers WHERE first_name GLOB '*[^ -~]*'`).get()).not.toEqual({ n: 0 });
    expect(db.prepare(`SELECT count(*) AS n FROM customers WHERE phone IS NULL`).get()).not.toEqual({ n: 0 });
    expect(db.prepare(`SELECT count(*) AS n FROM pending_operations WHERE status = 'pending'`).get()).not.toEqual({ n: 0 });
    expect(db.prepare(`SELECT count(*) AS n FROM customer_vehicles WHERE year NOT BETWEEN 1990 AND 2026`).get()).toEqual({ n: 0 });
    db.close();
  });
});
