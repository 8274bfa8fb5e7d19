import { needsNoCaller } from '../tenancy/permissions';
import type { DbClient } from '../worker/client';
import type { Binding } from './handlers/define';
import type { SessionKeeper } from './handlers/pos';

/** How long the technician code, once checked, opens the Backups screen's channels with no one signed in. */
export const TECHNICIAN_GRANT_MS = 10 * 60_000;

/**
 * The technician code entered at this till: set only after the worker checked
 * the code against the store's hash, kept in the main process (never on the
 * page), forgotten after TECHNICIAN_GRANT_MS and whenever someone signs in or out.
 */
export function technicianGrant(now: () => number = Date.now) {
  let until = 0;
  return {
    active: () => now() < until,
    grant: () => void (until = now() + TECHNICIAN_GRANT_MS),
    end: () => void (until = 0),
  };
}
export type TechnicianGrant = ReturnType<typeof technicianGrant>;

/**
 * Wraps every binding so that, after the sender and input checks, the worker
 * is asked whether the window's caller may use the channel (access.check:
 * the role from the session row, the permission table of
 * electron/tenancy/permissions.ts) before the handler runs. A channel the
 * table opens to everyone is not asked about (nothing to decide); a refusal is
 * the worker's PermissionDeniedError, and nothing ran.
 */
export function guardBindings(bindings: readonly Binding[], client: Pick<DbClient, 'call'>, session: SessionKeeper, grant: TechnicianGrant): Binding[] {
  return bindings.map((binding) => ({
    ...binding,
    handle: async (input: unknown) => {
      if (!needsNoCaller(binding.permission)) {
        try {
          await client.call('access.check', { channel: binding.permission, token: session.get(), technicianCode: grant.active() });
        } catch (err) {
          if ((err as { code?: string }).code === 'SESSION_EXPIRED') session.take();
          throw err;
        }
      }
      return binding.handle(input);
    },
  }));
}
