import type { ResolvedSession } from '../tenancy/auth';
import { verifyPin } from '../tenancy/pin';
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
  const user = r.users.credentials(approval.username.trim());
  const ok = verifyPin(approval.pin, user?.pin_hash ?? 'none') && user !== undefined && user.active === 1 && APPROVERS.has(user.role);
  if (!ok || !user) throw new ApprovalRefusedError();
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
