import type { OperationKind } from './common';
import { CONFLICT_OPERATION_KINDS } from './conflicts';
import { SALES_OPERATION_KINDS } from './sales';
import { TILL_OPERATION_KINDS } from './till';

export type { OperationKind } from './common';
export { SALES_OPERATION_KINDS } from './sales';
export { TILL_OPERATION_KINDS } from './till';
export { CONFLICT_OPERATION_KINDS, CONFLICT_CHOICES, RESOLVE_CONFLICT_INPUT, type ConflictChoice } from './conflicts';

/**
 * Every operation kind a till (2.0 or v1) writes, one per (entityType, operation) as
 * pending_operations rows carry them. The hub validates each pushed payload against its
 * kind's schema and applies it by its rule; an unknown kind is rejected, never guessed at.
 */
export const OPERATION_KINDS: readonly OperationKind[] = [...TILL_OPERATION_KINDS, ...SALES_OPERATION_KINDS, ...CONFLICT_OPERATION_KINDS];

const byKey = new Map(OPERATION_KINDS.map((k) => [`${k.entityType}/${k.operation}`, k]));
if (byKey.size !== OPERATION_KINDS.length) throw new Error('two operation kinds share an (entityType, operation)');

export function operationKind(entityType: string, operation: string): OperationKind | undefined {
  return byKey.get(`${entityType}/${operation}`);
}
