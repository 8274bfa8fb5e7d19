import { PosRuleError } from '../errors';
import type { Shift } from '../models';
import { recordChange } from './activity';
import type { RepoDeps } from './deps';
import { scoped } from './scoped';
import { rowColumns } from './columns';

/**
 * The value for a shift opened on a till whose store is not enrolled with a hub (migration 0011 has its
 * own copy): no other till's shift can reach such a store, and enrolling gives these shifts the till's id.
 */
export const UNENROLLED_TILL_ID = 'local';

/**
 * This till's id in the store: the hub's id of the till (its sync credential, one per enrolled store)
 * or UNENROLLED_TILL_ID. A shift pulled from another till carries that till's id (the hub writes the
 * pushing till's id into the row), so it is never this till's drawer.
 */
const THIS_TILL = `coalesce((SELECT c.id FROM sync_credentials c WHERE c.tenant_id = @tenantId), '${UNENROLLED_TILL_ID}')`;

/** Rows as the caller reads them: every column but tenant_id (columns.ts). */
const SHIFT_COLUMNS = rowColumns('shifts');

/**
 * The cash shift of this till: at most one open per till of a store (a shift is one till's drawer),
 * found through (tenant_id, status, opened_at). Other tills' shifts, pulled from the hub, are the
 * store's history (their payments count in reports), never this till's current shift.
 */
export const SQL = {
  current: `SELECT ${SHIFT_COLUMNS} FROM shifts WHERE tenant_id = @tenantId AND status = 'open' AND till_id = ${THIS_TILL} ORDER BY opened_at DESC LIMIT 1`,
  byId: `SELECT ${SHIFT_COLUMNS} FROM shifts WHERE +tenant_id = @tenantId AND id = @id`,
  recent: `SELECT ${SHIFT_COLUMNS} FROM shifts WHERE tenant_id = @tenantId AND status = 'closed' ORDER BY opened_at DESC LIMIT +@limit`,
  /** Money through the drawer and the other tenders in one shift, by method and direction. */
  takings: `SELECT method, direction, sum(amount_cents) AS amount_cents, sum(tendered_cents) AS tendered_cents, sum(change_cents) AS change_cents, count(*) AS n
    FROM sale_payments WHERE tenant_id = @tenantId AND shift_id = @shiftId GROUP BY method, direction`,
  insert: `INSERT INTO shifts (id, tenant_id, till_id, opened_by, opened_at, float_cents, status, closed_by, closed_at, expected_cents, counted_cents, over_short_cents)
    VALUES (@id, @tenantId, ${THIS_TILL}, @userId, @openedAt, @floatCents, 'open', NULL, NULL, NULL, NULL, NULL)`,
  close: `UPDATE shifts SET status = 'closed', closed_by = @userId, closed_at = @closedAt, expected_cents = @expectedCents,
      counted_cents = @countedCents, over_short_cents = @overShortCents
    WHERE tenant_id = @tenantId AND id = @id AND status = 'open' AND till_id = ${THIS_TILL}`,
} as const;

export interface Takings {
  method: 'cash' | 'card' | 'gift_card' | 'store_credit' | 'deposit';
  direction: 'in' | 'out';
  amount_cents: number;
  tendered_cents: number;
  change_cents: number;
  n: number;
}

export function shiftsRepository(deps: RepoDeps) {
  return {
    current(): Shift | undefined {
      return scoped(deps.db).get<Shift>(SQL.current);
    },
    byId(id: string): Shift | undefined {
      return scoped(deps.db).get<Shift>(SQL.byId, { id });
    },
    recent(limit = 10): Shift[] {
      return scoped(deps.db).all<Shift>(SQL.recent, { limit });
    },
    takings(shiftId: string): Takings[] {
      return scoped(deps.db).all<Takings>(SQL.takings, { shiftId });
    },
    /** Opens this till's drawer with its float; refused while another shift of this till is open (other tills' shifts do not count). */
    open(floatCents: number): Shift {
      const s = scoped(deps.db);
      return s.transaction(() => {
        const open = s.get<Shift>(SQL.current);
        if (open)
          throw new PosRuleError(`a shift is already open since ${open.opened_at.slice(0, 16).replace('T', ' ')}`, 'Close it first, or keep selling in it');
        if (!s.userId) throw new PosRuleError('a shift is opened by a signed-in user', 'Sign in first');
        const row = { id: deps.newId(), userId: s.userId, openedAt: deps.now().toISOString(), floatCents };
        s.run(SQL.insert, row);
        recordChange(s, deps, { action: 'shift.open', entityType: 'shift', entityId: row.id, operation: 'insert', payload: row });
        return s.get<Shift>(SQL.byId, { id: row.id })!;
      });
    },
    /** Closes the shift with the counted cash; the expected amount and over/short are the caller's (computed from takings by the sales domain). */
    close(input: { shiftId: string; expectedCents: number; countedCents: number; overShortCents: number }): Shift {
      const s = scoped(deps.db);
      return s.transaction(() => {
        const row = { id: input.shiftId, userId: s.userId, closedAt: deps.now().toISOString(), ...input };
        if (s.run(SQL.close, row).changes === 0) throw new PosRuleError('that shift is not open on this till', 'Open a shift first');
        recordChange(s, deps, {
          action: 'shift.close',
          entityType: 'shift',
          entityId: input.shiftId,
          operation: 'update',
          payload: { id: input.shiftId, closedBy: s.userId, closedAt: row.closedAt, ...input },
        });
        return s.get<Shift>(SQL.byId, { id: input.shiftId })!;
      });
    },
  };
}
