import { z } from 'zod';
import { isBackupId } from '../../backup/paths';
import type { DbClient } from '../../worker/client';
import { TECHNICIAN_GRANT_MS, type TechnicianGrant } from '../access';
import type { backupsContract } from '../contracts/backups';
import type { DomainHandlers } from './define';
import type { ExclusiveGate } from './gate';

/** A backup id is the only thing the page may name: its exact shape, so it can never be a path. */
const backupId = z.string().max(64).refine(isBackupId, 'is not a backup id (like 20261129T170102Z-manual-3f9a1c)');
export const backupIdInput = z.object({ id: backupId }).strict();
/** A restore names the backup, and may carry the technician's second confirmation for another store's backup. */
export const restoreInput = z.object({ id: backupId, confirmOtherStore: z.literal(true).optional() }).strict();

/** What the page may send as a technician code: a short string (the worker says whether it is digits and the store's). */
export const technicianCodeInput = z.object({ code: z.string().max(64) }).strict();

export const backupsHandlers = (client: Pick<DbClient, 'call'>, gate: ExclusiveGate, grant: TechnicianGrant): DomainHandlers<typeof backupsContract> => ({
  list: { input: z.undefined(), handle: () => client.call('backups.list') },
  create: { input: z.undefined(), handle: () => gate.run('a backup', () => client.call('backups.create')) },
  restore: { input: restoreInput, handle: (input) => gate.run('a restore', () => client.call('backups.restore', input)) },
  restoreImpact: { input: backupIdInput, handle: (input) => client.call('backups.restoreImpact', input) },
  unsent: { input: z.undefined(), handle: () => client.call('backups.unsent') },
  // Behind the gate: no restore (or backup) starts while the sync before it runs.
  syncFirst: { input: z.undefined(), handle: () => gate.run('a sync before a restore', () => client.call('backups.syncFirst')) },
  // The grant is kept here in the main process, never on the page; it is set only after the worker accepted the code.
  technicianCode: {
    input: technicianCodeInput,
    handle: async ({ code }) => {
      await client.call('access.technicianCode', { code });
      grant.grant();
      return { minutes: TECHNICIAN_GRANT_MS / 60_000 };
    },
  },
});
