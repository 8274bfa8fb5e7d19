import { PosError } from '../errors';

/**
 * Errors of the selling day. Each says what was refused in the clerk's words
 * (amounts in dollars, never cents) and what to do next.
 */

/** A sale, payment, return or shift request that the money rules refuse (paying more than is due, returning more than was sold). */
export class SaleRuleError extends PosError {
  readonly code = 'SALE_RULE';
  readonly exitCode = 2 as const;
}

/** What needs a manager, and why: the screen asks for a manager's username and PIN and sends the request again. */
export type ApprovalReason = 'discount' | 'refund' | 'void';

/** The request is allowed only with a manager's approval (a discount above the store's limit, a large refund, a void). */
export class ApprovalRequiredError extends PosError {
  readonly code = 'APPROVAL_REQUIRED';
  readonly exitCode = 2 as const;
  constructor(
    readonly reason: ApprovalReason,
    detail: string,
  ) {
    super(detail, 'Ask a manager to approve it with their username and PIN');
  }
}

/** The approval given is not a manager's (unknown user, wrong PIN, a cashier, or inactive). */
export class ApprovalRefusedError extends PosError {
  readonly code = 'APPROVAL_REFUSED';
  readonly exitCode = 2 as const;
  constructor() {
    super('That username and PIN are not an active manager of this store', 'Ask a manager or the store owner to enter their own PIN');
  }
}
