import { z } from 'zod';
import { id, time, v1, type OperationKind } from './common';

/**
 * What a clerk decided about a conflict shown in the Sync panel. The choice is
 * itself an operation: the till writes it in the same transaction as its effect
 * (keep mine re-sends the till's version as a new contact.changed; keep the
 * store's applies the hub's version locally; acknowledged changes nothing but
 * the conflict), and the hub records it for the store.
 */
export const CONFLICT_CHOICES = ['acknowledged', 'keep_mine', 'keep_store'] as const;
export type ConflictChoice = (typeof CONFLICT_CHOICES)[number];

/** What the page sends to resolve a conflict (checked by the IPC handler and again by the worker). */
export const RESOLVE_CONFLICT_INPUT = z.strictObject({ conflictId: z.string().min(1).max(64), choice: z.enum(CONFLICT_CHOICES) });

export const conflictResolvedPayload = z.strictObject({
  v: v1,
  /** The till's sync_conflicts id (for a contact conflict the hub sent, the hub's own conflict id). */
  conflictId: id,
  choice: z.enum(CONFLICT_CHOICES),
  /** What the conflict was about, as the till's sync_conflicts row names it. */
  entityType: z.string().min(1).max(64),
  entityId: id,
  /** The rejected operation and the hub's code, when the conflict is a rejection; null for a contact conflict. */
  operationId: id.nullable(),
  code: z.string().min(1).max(64).nullable(),
  resolvedBy: id.nullable(),
  resolvedAt: time,
});

export const CONFLICT_OPERATION_KINDS: readonly OperationKind[] = [
  {
    kind: 'sync_conflict.resolved',
    entityType: 'sync_conflict',
    operation: 'update',
    payload: conflictResolvedPayload,
    rule: "recorded once by UUID in the hub's sync_conflicts (who chose what, when); a conflict the hub sent the tills is marked resolved for the store's other tills",
  },
];
