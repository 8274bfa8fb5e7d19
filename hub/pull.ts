import type { PulledChange, PullResponse } from '../contracts/sync/protocol';
import type { Tx } from './db/tenant-tx';

/**
 * Cursors are `c1.<hub id>.<version>` (a delta from that tenant version) or
 * `c1.<hub id>.<version>.r` (a full copy in progress, past that version). A
 * cursor of another hub, of a version this tenant never reached, or older than
 * what the change log still holds is answered with a full resync.
 */
interface Cursor {
  version: number;
  resyncing: boolean;
}

export function formatCursor(hubId: string, version: number, resyncing = false): string {
  return `c1.${hubId}.${version}${resyncing ? '.r' : ''}`;
}

export function parseCursor(cursor: string | null, hubId: string): Cursor | null {
  if (cursor === null) return null;
  const m = /^c1\.([0-9a-f-]{36})\.(\d{1,18})(\.r)?$/.exec(cursor);
  if (!m || m[1] !== hubId) return null;
  return { version: Number(m[2]), resyncing: m[3] !== undefined };
}

interface LogRow {
  version: string;
  table_name: string;
  row_id: string;
  op: 'upsert' | 'delete';
  row: Record<string, unknown> | null;
}

const toChange = (r: LogRow): PulledChange => ({ table: r.table_name, op: r.op, id: r.row_id, row: r.op === 'delete' ? null : r.row });

/** A row changed twice in one page travels once, as its last change, where that change stands. */
function latestOnly(changes: PulledChange[]): PulledChange[] {
  const last = new Map<string, number>();
  changes.forEach((c, i) => last.set(`${c.table}\u0000${c.id}`, i));
  return changes.filter((c, i) => last.get(`${c.table}\u0000${c.id}`) === i);
}

/** One page of the tenant's changes for this till, in a REPEATABLE READ snapshot (the caller's transaction). */
export async function pullPage(tx: Tx, hubId: string, tillId: string, cursorText: string | null, limit: number): Promise<PullResponse> {
  const t = await tx.query<{ version: string; min_version: string }>(`SELECT version, min_version FROM hub.tenant_versions`);
  const current = Number(t.rows[0]?.version ?? 0);
  const oldest = Number(t.rows[0]?.min_version ?? 0);
  let cursor = parseCursor(cursorText, hubId);
  if (cursor && (cursor.version > current || cursor.version < oldest)) cursor = null;

  if (cursor === null || cursor.resyncing) {
    // The latest state of every row, deletes left out, oldest first; the till's own rows too (it may be a restored copy).
    const after = cursor?.version ?? 0;
    const r = await tx.query<LogRow>(
      `SELECT * FROM (
         SELECT DISTINCT ON (table_name, row_id) version, table_name, row_id, op, row FROM hub.change_log
         WHERE version <= $1 ORDER BY table_name, row_id, version DESC) latest
       WHERE op = 'upsert' AND version > $2 ORDER BY version LIMIT $3`,
      [current, after, limit + 1],
    );
    const more = r.rows.length > limit;
    const page = r.rows.slice(0, limit);
    const next = more ? formatCursor(hubId, Number(page.at(-1)!.version), true) : formatCursor(hubId, current);
    return { resync: cursor === null, changes: page.map(toChange), cursor: next, more };
  }

  const r = await tx.query<LogRow>(
    `SELECT version, table_name, row_id, op, row FROM hub.change_log
     WHERE version > $1 AND version <= $2 AND origin_till_id IS DISTINCT FROM $3 ORDER BY version LIMIT $4`,
    [cursor.version, current, tillId, limit + 1],
  );
  const more = r.rows.length > limit;
  const page = r.rows.slice(0, limit);
  return { resync: false, changes: latestOnly(page.map(toChange)), cursor: formatCursor(hubId, more ? Number(page.at(-1)!.version) : current), more };
}
