import crypto from 'node:crypto';
import { CATALOGUE } from './catalogue';
import type { Db } from './open';
import { columnNames, tableExists } from './status';

/**
 * A sha256 over every row of a table in primary-key order, over the given
 * columns (default: all but tenant_id). Two databases with equal hashes hold the
 * same content, whatever their page layout: the measure of "no data lost".
 */
export function tableContentHash(db: Db, table: string, columns?: string[]): string {
  const cols = columns ?? columnNames(db, table).filter((c) => c !== 'tenant_id');
  const hash = crypto.createHash('sha256');
  const stmt = db.prepare(`SELECT ${cols.map((c) => `"${c}"`).join(', ')} FROM ${table} ORDER BY id`).raw(true);
  for (const row of stmt.iterate()) hash.update(JSON.stringify(row)).update('\n');
  return hash.digest('hex');
}

/** Content hashes of every catalogue table present, keyed by table name. */
export function databaseContentHashes(db: Db): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of CATALOGUE) if (tableExists(db, t.name)) out[t.name] = tableContentHash(db, t.name);
  return out;
}
