/** One row a pull will send: collected while a batch applies, numbered with the tenant's version just before COMMIT. */
export interface Change {
  table: string;
  id: string;
  op: 'upsert' | 'delete';
  row: Record<string, unknown> | null;
  /** The till whose push wrote it (its own pulls skip it), or null for what every till needs back (balances, stock, contacts). */
  origin: string | null;
}

/** camelCase payload keys to the till's snake_case column names. */
export function snake(o: Record<string, unknown>, drop: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (k === 'v' || drop.includes(k)) continue;
    out[k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = v === undefined ? null : v;
  }
  return out;
}
