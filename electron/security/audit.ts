import crypto from 'node:crypto';
import type { Db } from '../db/open';

/** audit_log actions of the sign-in security. */
export type SecurityAction =
  'sign_in.failed' | 'sign_in.locked' | 'pin_check.failed' | 'pin_check.locked' | 'unlock.failed' | 'unlock.locked' | 'till.unlocked' | 'user.unlocked';

const INSERT = `INSERT INTO audit_log (id, tenant_id, user_id, action, entity_type, entity_id, details, created_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;

/**
 * One audit row in the given tenant's trail, written by the security layer
 * itself (a failed sign-in has no session to write it). user_id is the acting
 * user when there is one; the username tried is in the details, never the PIN.
 */
export function auditSecurity(
  db: Db,
  entry: {
    tenantId: string;
    userId: string | null;
    action: SecurityAction;
    entityType: 'user' | 'store';
    entityId: string | null;
    details: Record<string, unknown>;
    at: Date;
  },
): void {
  db.prepare(INSERT).run(
    crypto.randomUUID(),
    entry.tenantId,
    entry.userId,
    entry.action,
    entry.entityType,
    entry.entityId,
    JSON.stringify(entry.details),
    entry.at.toISOString(),
  );
}
