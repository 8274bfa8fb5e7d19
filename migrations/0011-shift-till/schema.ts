/**
 * Migration 0011's own copy of the facts it needs (frozen with it; never the live catalogue).
 *
 * A shift is one till's drawer. Before 0011 a shift row did not say which till it belongs to, so
 * a till that pulled another till's open shift of the same store took it for its own
 * (`shifts.current` found it) and could not open its own drawer. From 0011 on, `shifts.till_id`
 * names the till that opened the shift:
 *
 * - the hub's id of the till (its sync credential's id, the `tillId` enroll answered) when the
 *   store is enrolled;
 * - UNENROLLED_TILL_ID for a shift opened while the store was not enrolled: such a store has no
 *   other till whose shifts could reach it; enrolling gives this till's shifts the new id;
 * - NULL for a shift of another till pulled from a hub that did not say whose it was.
 *
 * Nullable, no CHECK and no DEFAULT: ADD COLUMN rewrites no row, and a pulled row without the
 * field keeps NULL (another till's, never this one's).
 */
export const UNENROLLED_TILL_ID = 'local';

export const ADD_COLUMN = `ALTER TABLE shifts ADD COLUMN till_id TEXT`;

/**
 * The backfill: every shift this file holds is this till's (its tenant's credential id, or
 * UNENROLLED_TILL_ID), except a shift the file only knows from a pull: a sync_log row of a pull
 * for it (entity_type is the pulled table's name) and no queued opening of its own
 * (pending_operations keeps every operation this till queued, done ones included).
 */
export const BACKFILL = `UPDATE shifts
  SET till_id = coalesce((SELECT c.id FROM sync_credentials c WHERE c.tenant_id = shifts.tenant_id), '${UNENROLLED_TILL_ID}')
  WHERE EXISTS (SELECT 1 FROM pending_operations p
                 WHERE p.tenant_id = shifts.tenant_id AND p.entity_type = 'shift' AND p.entity_id = shifts.id AND p.operation = 'insert')
     OR NOT EXISTS (SELECT 1 FROM sync_log l
                     WHERE l.tenant_id = shifts.tenant_id AND l.entity_type = 'shifts' AND l.entity_id = shifts.id AND l.direction = 'pull')`;
