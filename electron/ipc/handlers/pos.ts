import { z } from 'zod';
import { SessionExpiredError } from '../../tenancy/errors';
import {
  TILL_OPERATIONS as POS_OPERATIONS,
  type TillInput as PosInput,
  type TillOperationName as PosOperationName,
  type TillOutput as PosOutput,
} from '../../sales/till-operations';
import { SIGN_IN_INPUT, SWITCH_USER_INPUT, UNLOCK_SESSION_INPUT } from '../../tenancy/pos/service';
import type { DbClient } from '../../worker/client';
import type { posContract } from '../contracts/pos';
import type { DomainHandlers, OperationHandler } from './define';

const none = z.undefined();

/**
 * The signed-in session of the window. It lives here, in the main process:
 * the page gets the user and the store's branding, never the token, and never
 * names a tenant after sign-in.
 */
export function sessionKeeper(onChange: () => void = () => {}) {
  let token: string | null = null;
  return {
    get: () => token,
    set: (t: string) => {
      token = t;
      onChange();
    },
    take: () => {
      const t = token;
      token = null;
      onChange();
      return t;
    },
  };
}
export type SessionKeeper = ReturnType<typeof sessionKeeper>;

export function posHandlers(client: Pick<DbClient, 'call'>, session: SessionKeeper): DomainHandlers<typeof posContract> {
  /** One POS request in the worker, under the window's session; an expired session is forgotten here too. */
  const call = async <K extends PosOperationName>(op: K, input: PosInput<K> | undefined): Promise<PosOutput<K>> => {
    const token = session.get();
    if (!token) throw new SessionExpiredError('missing');
    try {
      return (await client.call('pos.call', { token, op, input })) as PosOutput<K>;
    } catch (err) {
      if ((err as { code?: string }).code === 'SESSION_EXPIRED') session.take();
      throw err;
    }
  };
  // Every declared operation gets the same handler: its own schema, then the worker under the session.
  const declared = Object.fromEntries(
    Object.entries(POS_OPERATIONS).map(([name, d]) => [name, { input: d.input, handle: (i: unknown) => call(name as PosOperationName, i as never) }]),
  ) as unknown as { [K in PosOperationName]: OperationHandler<PosInput<K>, PosOutput<K>> };
  return {
    stores: { input: none, handle: () => client.call('pos.stores') },
    signIn: {
      input: SIGN_IN_INPUT,
      handle: async (input) => {
        const previous = session.take();
        if (previous) await client.call('pos.signOut', { token: previous });
        const { token, view } = await client.call('pos.signIn', input);
        session.set(token);
        return view;
      },
    },
    signOut: {
      input: none,
      handle: async () => {
        const token = session.take();
        if (token) await client.call('pos.signOut', { token });
      },
    },
    switchUser: {
      input: SWITCH_USER_INPUT,
      handle: async (input) => {
        const token = session.get();
        if (!token) throw new SessionExpiredError('missing');
        const switched = await client.call('pos.switchUser', { token, ...input });
        session.set(switched.token);
        return switched.view;
      },
    },
    unlockSession: {
      input: UNLOCK_SESSION_INPUT,
      handle: async (input) => {
        const token = session.get();
        if (!token) throw new SessionExpiredError('missing');
        try {
          return await client.call('pos.unlockSession', { token, ...input });
        } catch (err) {
          if ((err as { code?: string }).code === 'SESSION_EXPIRED') session.take();
          throw err;
        }
      },
    },
    me: {
      input: none,
      handle: async () => {
        const token = session.get();
        if (!token) return null;
        try {
          return await client.call('pos.me', { token });
        } catch (err) {
          if ((err as { code?: string }).code === 'SESSION_EXPIRED') session.take();
          throw err;
        }
      },
    },
    ...declared,
  };
}
