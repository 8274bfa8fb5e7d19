import type { ConflictChoice } from '../../contracts/sync/operations';
import type { Db } from '../db/open';
import { currentScope } from '../tenancy/context';
import { recordChange } from '../tenancy/repositories/activity';
import { repoDeps, type RepoOptions } from '../tenancy/repositories/deps';
import { scoped } from '../tenancy/repositories/scoped';
import { ConflictNotOpenError } from './errors';

const SQL = {
  conflict: `SELECT id, entity_type, entity_id, local_data, remote_data, operation_id, code, resolution FROM sync_conflicts
    WHERE tenant_id = @tenantId AND id = @id AND resolved_at IS NULL`,
  resolve: `UPDATE sync_conflicts SET resolution = @resolution, resolved_at = @now WHERE tenant_id = @tenantId AND id = @id AND resolved_at IS NULL`,
  setContact: `UPDATE customers SET phone = @phone, email = @email, updated_at = @now WHERE tenant_id = @tenantId AND id = @id`,
} as const;

interface ConflictRow {
  id: string;
  entity_type: string;
  entity_id: string;
  local_data: string;
  remote_data: string;
  operation_id: string | null;
  code: string | null;
  resolution: 'local' | 'remote' | 'merged' | null;
}

export interface Resolved {
  conflictId: string;
  choice: ConflictChoice;
  /** The sync_conflict.resolved operation queued for the hub. */
  operationId: string;
}

const contact = (json: string): { phone: string | null; email: string | null } => {
  const c = JSON.parse(json) as { phone?: unknown; email?: unknown };
  return { phone: typeof c.phone === 'string' ? c.phone : null, email: typeof c.email === 'string' ? c.email : null };
};

/**
 * A clerk's choice about one open conflict of the current tenant (inside the
 * session's context, so the audit row names the user), in one transaction with
 * its effect and the operation that tells the hub:
 * - acknowledged: the conflict is closed as the hub decided (a rejection can only be acknowledged);
 * - keep_mine (a contact conflict): the till's version is put back and queued as a new contact.changed;
 * - keep_store (a contact conflict): the hub's version is applied here (nothing to send: the hub has it).
 */
export function resolveConflict(db: Db, conflictId: string, choice: ConflictChoice, options: RepoOptions = {}): Resolved {
  const deps = repoDeps(db, options);
  const s = scoped(db);
  return s.transaction(() => {
    const row = s.get<ConflictRow>(SQL.conflict, { id: conflictId });
    if (!row) throw new ConflictNotOpenError(conflictId, 'is no longer open: it was resolved, or is not one of this store');
    const isContact = row.entity_type === 'customer' && row.operation_id === null;
    if (choice !== 'acknowledged' && !isContact)
      throw new ConflictNotOpenError(conflictId, 'can only be acknowledged: the store refused the operation for good');
    const now = deps.now().toISOString();
    if (choice === 'keep_mine') {
      const mine = contact(row.local_data);
      s.run(SQL.setContact, { id: row.entity_id, ...mine, now });
      recordChange(s, deps, {
        action: 'customer.update',
        entityType: 'customer',
        entityId: row.entity_id,
        operation: 'update',
        payload: { id: row.entity_id, ...mine },
      });
    } else if (choice === 'keep_store') {
      s.run(SQL.setContact, { id: row.entity_id, ...contact(row.remote_data), now });
    }
    const resolution = choice === 'keep_mine' ? 'local' : choice === 'keep_store' ? 'remote' : (row.resolution ?? 'remote');
    s.run(SQL.resolve, { id: conflictId, resolution, now });
    recordChange(s, deps, {
      action: `sync_conflict.${choice}`,
      entityType: 'sync_conflict',
      entityId: conflictId,
      operation: 'update',
      payload: {
        conflictId,
        choice,
        entityType: row.entity_type,
        entityId: row.entity_id,
        operationId: row.operation_id,
        code: row.code,
        resolvedBy: currentScope().userId ?? null,
        resolvedAt: now,
      },
    });
    const operationId = s.get<{ id: string }>(
      `SELECT id FROM pending_operations WHERE tenant_id = @tenantId AND entity_type = 'sync_conflict' AND entity_id = @id ORDER BY seq DESC LIMIT 1`,
      { id: conflictId },
    )!.id;
    return { conflictId, choice, operationId };
  });
}
