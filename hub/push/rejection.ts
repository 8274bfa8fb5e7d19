import type { RejectionCode } from '../../contracts/sync/rejections';

export { REJECTION_CODES, type RejectionCode } from '../../contracts/sync/rejections';

/** An operation the hub will never apply: the till moves it to sync_conflicts with this reason and goes on. */
export class OperationRejected extends Error {
  constructor(
    readonly code: RejectionCode,
    readonly reason: string,
    readonly remote: Record<string, unknown> | null = null,
  ) {
    super(reason);
  }
}
