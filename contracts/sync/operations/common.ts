import { z } from 'zod';

/** The building blocks every operation schema shares: ids, times, money in integer cents, the payload version. */
export const id = z.string().min(1).max(64);
export const time = z.string().min(10).max(40);
export const cents = z.number().int().min(0);
export const signed = z.number().int();
export const v1 = z.literal(1);

/** One kind: a pending_operations row's (entity_type, operation), its payload schema, and what it means on the hub. */
export interface OperationKind {
  /** The wire name, `<thing>.<past tense>`. */
  kind: string;
  entityType: string;
  operation: 'insert' | 'update' | 'delete';
  payload: z.ZodType;
  /** What the operation means on the hub, in one sentence. */
  rule: string;
}
