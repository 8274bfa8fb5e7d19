import { PosError } from '../../electron/errors';

/**
 * The stored schema is not what the tenant migration expects (a hand-edited or
 * damaged database). Thrown inside the migration transaction, so it rolls back.
 */
export class TenantSchemaError extends PosError {
  readonly code = 'TENANT_SCHEMA_UNEXPECTED';
  readonly exitCode = 1 as const;
  constructor(
    readonly table: string,
    readonly step: string,
    readonly reason: string,
  ) {
    super(
      `The tenant migration cannot ${step} ${table}: ${reason}`,
      'The database was rolled back and is unchanged; its schema differs from POS Desktop 1.x, send `pos-db status --json` to support',
    );
  }
}
