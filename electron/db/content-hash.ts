import crypto from 'node:crypto';
import { CATALOGUE } from './catalogue';
import type { Db } from './open';
import { columnNames, tableExists } from './status';

/**
 * A sha256 over every row of a table in primary-key order, over the given
 * columns (default: all but tenant_id). Two databases with equal hashes hold the
 * same content, whatever their page layout: the measure of "no data lost".
 * Content is the non-NULL values of each row, by column name: a column a later
 * migration added and left NULL (sale_id on the ledgers, 0005) adds none, while
 * a value that changed, appeared or vanished changes the hash.
 */
export function tableContentHash(db: Db, table: string, columns?: string[]): string {
  const cols = columns ?? columnNames(db, table).filter((c) => c !== 'tenant_id');
  const hash = crypto.createHash('sha256');
  const stmt = db.prepare(`SELECT ${cols.map((c) => `"${c}"`).join(', ')} FROM ${table} ORDER BY id`).raw(true);
  for (const row of stmt.iterate() as Iterable<unknown[]>) {
    const values: [string, unknown][] = [];
    row.forEach((v, i) => {
      if (v !== null) values.push([cols[i]!, v]);
    });
    hash.update(JSON.stringify(values)).update('\n');
  }
  return hash.digest('hex');
}

/** Content hashes of every catalogue table that holds rows, keyed by table name (an empty or absent table holds no content). */
export function databaseContentHashes(db: Db): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of CATALOGUE) {
    if (!tableExists(db, t.name) || db.prepare(`SELECT 1 FROM ${t.name} LIMIT 1`).get() === undefined) continue;
    out[t.name] = tableContentHash(db, t.name);
  }
  return out;
}
