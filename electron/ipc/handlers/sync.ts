import { z } from 'zod';
import { SessionExpiredError } from '../../tenancy/errors';
import type { DbClient } from '../../worker/client';
import { RESOLVE_CONFLICT_INPUT } from '../../../contracts/sync/operations';
import type { syncContract } from '../contracts/sync';
import type { DomainHandlers } from './define';
import type { SessionKeeper } from './pos';

const none = z.undefined();

/** Every sync call runs in the worker under the window's session (the same one the POS screens use); the role is checked there. */
export function syncHandlers(client: Pick<DbClient, 'call'>, session: SessionKeeper): DomainHandlers<typeof syncContract> {
  const token = () => {
    const t = session.get();
    if (!t) throw new SessionExpiredError('missing');
    return t;
  };
  const forgetExpired = async <T>(work: Promise<T>): Promise<T> => {
    try {
      return await work;
    } catch (err) {
      if ((err as { code?: string }).code === 'SESSION_EXPIRED') session.take();
      throw err;
    }
  };
  return {
    status: { input: none, handle: () => forgetExpired(client.call('sync.status', { token: token() })) },
    panel: { input: none, handle: () => forgetExpired(client.call('sync.panel', { token: token() })) },
    now: { input: none, handle: () => forgetExpired(client.call('sync.now', { token: token() })) },
    resolve: { input: RESOLVE_CONFLICT_INPUT, handle: (input) => forgetExpired(client.call('sync.resolve', { token: token(), ...input })) },
  };
}
