import { describe, expect, it } from 'vitest';
import { DATA_LAYER_SQL } from '../../electron/tenancy/repositories';

/**
 * SQLite (3.53, as better-sqlite3 builds it) reads a bare parameter's bound value while planning a
 * `LIMIT @limit` (to size the result) or a `LIKE @pattern` (for the prefix optimisation), and marks the
 * statement so that binding that parameter again re-prepares it: every call then parses and plans the
 * statement anew, about 70% of a ledger read's instructions (docs/performance.md). `+@limit` is the same
 * value at run time but an expression to the planner, so the statement is prepared once.
 */
describe('data-layer statements are planned once, not on every call', () => {
  it.each(DATA_LAYER_SQL.map((s) => [`${s.file}.${s.name}`, s.sql] as const))('%s binds no bare parameter as LIMIT or LIKE pattern', (_name, sql) => {
    expect(sql).not.toMatch(/\b(LIMIT|OFFSET|LIKE|GLOB)\s+[@?:$]/i);
  });
});
