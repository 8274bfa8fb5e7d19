import { useCallback, useEffect, useState } from 'react';
import { ErrorLine } from './ErrorLine';
import { dayTime } from './money';
import type { PosCalls } from './types';
import { usePosCall } from './usePosCall';

interface Props {
  pos: PosCalls;
  onSessionExpired(): void;
}

type Lockout = Awaited<ReturnType<PosCalls['lockedUsers']>> extends { ok: true; value: infer V } | { ok: false } ? V : never;

/**
 * A manager's (technician's, admin's) view of the PIN lock-out in this store:
 * usernames locked after 5 wrong PINs or with wrong PINs counted, and the
 * till's own delay; Unlock for each, audited by the worker with who did it.
 * The tab is shown to those roles; the worker refuses anyone else anyway.
 */
export function StaffPanel({ pos, onSessionExpired }: Props) {
  const list = usePosCall<Lockout>(onSessionExpired);
  const action = usePosCall<{ unlocked: boolean }>(onSessionExpired);
  const [done, setDone] = useState<string | null>(null);
  const load = list.run;
  const refresh = useCallback(() => void load(() => pos.lockedUsers()), [pos, load]);
  useEffect(refresh, [refresh]);

  const unlock = async (input: { username: string } | { till: true }, words: string) => {
    setDone(null);
    const r = await action.run(() => pos.unlockUser(input));
    if (r) setDone(r.unlocked ? words : 'Nothing to unlock: it was already cleared');
    refresh();
  };
  const v = list.value;
  return (
    <div className="pos-panel">
      <section className="pos-column" aria-labelledby="staff-title">
        <h1 id="staff-title" className="pos-heading">
          Locked usernames
        </h1>
        <p className="pos-hint">
          A username is locked after 5 wrong PINs; after 3 the till waits a little longer before each try. Unlock it once you know who is at the till.
        </p>
        <ErrorLine error={list.error ?? action.error} />
        {done && (
          <p className="pos-notice" role="status">
            {done}
          </p>
        )}
        {v && v.users.length === 0 && !v.till && <p role="status">No wrong PINs counted in this store.</p>}
        {v && v.users.length > 0 && (
          <table className="pos-table" data-testid="locked-users">
            <thead>
              <tr>
                <th scope="col">Username</th>
                <th scope="col">Wrong PINs</th>
                <th scope="col">Last try</th>
                <th scope="col">State</th>
                <th scope="col">
                  <span className="visually-hidden">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {v.users.map((u) => (
                <tr key={u.username}>
                  <td>{u.username}</td>
                  <td>{u.failures}</td>
                  <td>{u.lastFailureAt ? dayTime(u.lastFailureAt) : ''}</td>
                  <td>{u.lockedAt ? <strong>Locked since {dayTime(u.lockedAt)}</strong> : 'Not locked'}</td>
                  <td>
                    <button
                      type="button"
                      className="button small pos-primary"
                      disabled={action.busy}
                      onClick={() => void unlock({ username: u.username }, `Unlocked ${u.username}: the right PIN works again`)}
                    >
                      Unlock {u.username}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {v?.till && (
          <p data-testid="till-failures">
            This till: {v.till.failures} wrong PINs in a row{v.till.waitSeconds > 0 ? `, next try in ${v.till.waitSeconds} s` : ''}.{' '}
            <button type="button" className="button small" disabled={action.busy} onClick={() => void unlock({ till: true }, "The till's wait is over")}>
              End the till&apos;s wait
            </button>
          </p>
        )}
      </section>
    </div>
  );
}
