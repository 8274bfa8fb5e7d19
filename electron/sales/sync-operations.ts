import { SALES_OPERATION_KINDS, type OperationKind } from '../../contracts/sync/operations';

/**
 * The sync operations the selling day writes (through recordChange, so each
 * pending_operations row carries the tenant and the till's sequence number).
 * The schemas and apply rules live in contracts/sync/operations/sales.ts,
 * shared with the hub; docs/selling.md gives each rule in words and
 * test/sales/sync-operations.test.ts validates every operation the sale
 * service writes against them.
 */
export type SalesOperationKind = OperationKind;
export { SALES_OPERATION_KINDS };

export function salesOperationKind(entityType: string, operation: string): SalesOperationKind | undefined {
  return SALES_OPERATION_KINDS.find((k) => k.entityType === entityType && k.operation === operation);
}
