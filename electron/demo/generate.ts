import fs from 'node:fs';
import { parentFirstOrder } from '../db/catalogue';
import { DEMO_ROWS, DEMO_SIZES, type DemoSize, type RawDemoTable } from './sizes';
import { settleWorkOrderTotals } from './work-order-totals';
import { queueV1Operations } from './v1-queue';
import { runPendingMigrations } from '../db/migrator';
import { ensureStoreIdentity } from '../db/store-identity';
import { openDatabase, type Db } from '../db/open';
import { DEFAULT_TENANT_ID } from '../../contracts/tenant-id';
import { BadInputError } from '../errors';
import { LEGACY_MIGRATION } from '../../migrations';
import { Rng } from './random';
import { ROW_GENERATORS, type RowContext } from './tables';
import { MIGRATIONS } from '../../migrations';

export { DEMO_SIZES, type DemoSize };

export interface DemoOptions {
  size: DemoSize;
  seed?: number;
  /** Write tenant_id on every row (a migrated database); omitted for the legacy schema. */
  tenantId?: string;
  onTable?: (table: RawDemoTable, rows: number) => void;
}

const START = Date.UTC(2023, 0, 1);
const SPAN = Date.UTC(2026, 10, 1) - START;

const RAW_TABLES = parentFirstOrder().filter((t): t is typeof t & { name: RawDemoTable } => Object.hasOwn(ROW_GENERATORS, t.name));

export function demoRowCounts(size: DemoSize): Record<RawDemoTable, number> {
  return Object.fromEntries(RAW_TABLES.map((t) => [t.name, DEMO_ROWS[t.name][size]])) as Record<RawDemoTable, number>;
}

function seedFor(seed: number, tenantId: string | undefined): number {
  let h = seed >>> 0;
  for (const ch of tenantId ?? '') h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h;
}

/**
 * Fills the 32 v1 tables, parents first, in the caller's transaction, then
 * gives every work order its real total (its lines plus tax, by the store's
 * rules) and the v1 sync queue real changes of the store's rows (v1-queue.ts).
 * Returns rows written per table.
 */
export function generateDemoData(db: Db, options: DemoOptions): Record<RawDemoTable, number> {
  const rng = new Rng(seedFor(options.seed ?? 1, options.tenantId));
  const ids = new Map<RawDemoTable, string[]>();
  const context: RowContext = {
    rng,
    ids: (t) => ids.get(t) ?? [],
    time: (i, n) => new Date(START + Math.floor(((i + rng.float() * 0.5) / Math.max(n, 1)) * SPAN)).toISOString(),
    ref: (t, pNull = 0) => {
      const list = ids.get(t);
      if (!list || list.length === 0 || (pNull > 0 && rng.chance(pNull))) return null;
      return rng.skewed(list);
    },
  };
  const counts = demoRowCounts(options.size);
  const written = {} as Record<RawDemoTable, number>;
  for (const table of RAW_TABLES) {
    const gen = ROW_GENERATORS[table.name];
    let n = counts[table.name];
    if (table.name === 'inventory') n = ids.get('products')?.length ?? 0;
    if (table.name === 'loyalty_accounts') n = Math.min(n, ids.get('customers')?.length ?? 0);
    const columns = options.tenantId ? [...gen.columns, 'tenant_id'] : gen.columns;
    const insert = db.prepare(`INSERT INTO ${table.name} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
    const made: string[] = [];
    for (let i = 0; i < n; i++) {
      const values = gen.row(i, n, context);
      if (options.tenantId) values.push(options.tenantId);
      insert.run(values);
      made.push(values[0] as string);
    }
    ids.set(table.name, made);
    written[table.name] = n;
    options.onTable?.(table.name, n);
  }
  settleWorkOrderTotals(db, options.tenantId ?? DEFAULT_TENANT_ID, options.tenantId !== undefined);
  queueV1Operations(db, options.tenantId ?? DEFAULT_TENANT_ID, options.tenantId !== undefined);
  return written;
}

/**
 * Creates a new store database at the legacy (v1) schema filled with demo data.
 * It is built in `<file>.partial` and renamed into place only when complete, so
 * an interrupted run never leaves a half-filled database behind.
 */
export async function createDemoDatabase(path: string, options: DemoOptions): Promise<Record<RawDemoTable, number>> {
  if (fs.existsSync(path)) throw new BadInputError(`${path} already exists`, 'Choose a new file name; demo never overwrites a database');
  const partial = `${path}.partial`;
  for (const f of [partial, `${partial}-wal`, `${partial}-shm`]) fs.rmSync(f, { force: true });
  const db = openDatabase(partial, { create: true });
  try {
    await runPendingMigrations(db, { migrations: MIGRATIONS, to: LEGACY_MIGRATION });
    // Bulk load into a private file: no journal needed, then back to WAL for the app.
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -131072');
    const written = db.transaction(() => generateDemoData(db, options))();
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    ensureStoreIdentity(db);
    db.close();
    fs.renameSync(partial, path);
    return written;
  } catch (err) {
    if (db.open) db.close();
    for (const f of [partial, `${partial}-wal`, `${partial}-shm`]) fs.rmSync(f, { force: true });
    throw err;
  }
}
