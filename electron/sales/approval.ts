import type { ResolvedSession } from '../tenancy/auth';
import type { Repositories } from '../tenancy/repositories';
import { ApprovalRefusedError, ApprovalRequiredError, type ApprovalReason } from './errors';
import type { ApprovalInput } from './types';

const APPROVERS = new Set(['manager', 'admin']);

/**
 * Who approves a request that needs a manager: the signed-in user when they
 * are one, else the manager whose username and PIN were typed at the till
 * (checked here, where the data is; never on the page).
 */
export function approverOf(r: Repositories, session: ResolvedSession, approval: ApprovalInput | null | undefined): string | null {
  if (APPROVERS.has(session.user.role)) return session.user.id;
  if (!approval) return null;
  // Through the till's lock-out: a manager's PIN cannot be guessed here either.
  const user = r.pins.check({
    username: approval.username,
    pin: approval.pin,
    purpose: 'pin_check',
    accept: (u) => APPROVERS.has(u.role),
    refusal: () => new ApprovalRefusedError(),
  });
  return user.id;
}

/** The approver's id when `needed` (one sentence per reason in `detail`), or ApprovalRequiredError; null when nothing needs approving. */
export function requireApproval(
  r: Repositories,
  session: ResolvedSession,
  approval: ApprovalInput | null | undefined,
  needed: { reason: ApprovalReason; detail: string } | null,
): string | null {
  const approver = approval || needed ? approverOf(r, session, approval) : null;
  if (needed && !approver) throw new ApprovalRequiredError(needed.reason, needed.detail);
  return needed ? approver : null;
}
