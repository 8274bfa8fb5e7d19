import crypto from 'node:crypto';
import { CATALOGUE } from '../../electron/db/catalogue';
import type { Db } from '../../electron/db/open';
import { PosError } from '../../electron/errors';

/** Everything of one tenant that another tenant must never see: all its row ids, and a hash of all its rows. */
export interface TenantFootprint {
  ids: Set<string>;
  hashes: Record<string, string>;
}

export function footprint(db: Db, tenantId: string): TenantFootprint {
  const ids = new Set<string>();
  const hashes: Record<string, string> = {};
  for (const t of CATALOGUE) {
    const hash = crypto.createHash('sha256');
    for (const row of db.prepare(`SELECT * FROM ${t.name} WHERE tenant_id = ? ORDER BY id`).raw(true).iterate(tenantId) as Iterable<unknown[]>) {
      ids.add(row[0] as string);
      hash.update(JSON.stringify(row)).update('\n');
    }
    hashes[t.name] = hash.digest('hex');
  }
  return { ids, hashes };
}

/**
 * Walks a result and lists every trace of the other tenant in it: an object
 * whose tenant_id is not ours, or any value that is one of their row ids.
 */
export function traces(value: unknown, ours: string, theirs: TenantFootprint, path = '$'): string[] {
  if (typeof value === 'string') return theirs.ids.has(value) ? [`${path} = ${value} (their row id)`] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => traces(v, ours, theirs, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    const out: string[] = [];
    const rec = value as Record<string, unknown>;
    if ('tenant_id' in rec && rec.tenant_id !== ours) out.push(`${path}.tenant_id = ${String(rec.tenant_id)}`);
    for (const [k, v] of Object.entries(rec)) out.push(...traces(v, ours, theirs, `${path}.${k}`));
    return out;
  }
  return [];
}

/** Runs fn; a typed refusal (not found, cross-tenant reference, ...) is a fine outcome and is returned as a value. */
export function attempt<T>(fn: () => T): T | { refused: string } {
  try {
    return fn();
  } catch (err) {
    if (err instanceof PosError) return { refused: err.code };
    throw err;
  }
}
