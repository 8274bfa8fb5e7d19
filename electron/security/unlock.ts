import { isValidTenantId } from '../../contracts/tenant-id';
import type { Db } from '../db/open';
import { BadInputError } from '../errors';
import { auditSecurity } from './audit';
import { unlockUsername } from './lockout';

/**
 * Unlocks a username of a tenant after too many wrong PINs (and forgets its
 * failures), audited in that tenant's trail with who did it. `pos-db users
 * unlock` calls it on the machine itself, for a store where no manager can sign in.
 */
export function unlockUser(db: Db, input: { tenantId: string; username: string; by: string | null; via: string; now?: Date }): boolean {
  if (!isValidTenantId(input.tenantId)) throw new BadInputError(`'${input.tenantId}' is not a store id`, 'Use the id `pos-db status` lists, like caps-automotive');
  if (input.username.trim() === '') throw new BadInputError('--username is required', 'Give the username as staff type it at the till');
  return db.transaction(() => {
    const had = unlockUsername(db, input.tenantId, input.username);
    if (had)
      auditSecurity(db, {
        tenantId: input.tenantId,
        userId: input.by,
        action: 'user.unlocked',
        entityType: 'user',
        entityId: null,
        details: { username: input.username.trim(), via: input.via },
        at: input.now ?? new Date(),
      });
    return had;
  })();
}
