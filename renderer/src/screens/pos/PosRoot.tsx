import { useCallback, useEffect, useState } from 'react';
import type { LaunchState } from '../../../../electron/ipc/contracts';
import type { PosApi } from '../../pos';
import { PosShell } from './PosShell';
import { SignInScreen } from './SignInScreen';
import type { SignedInView } from './types';
import './pos.css';

interface Props {
  api: PosApi;
  launch: Extract<LaunchState, { screen: 'pos' }>;
  onOpenBackups(): void;
}

/** What the launch found, in the words the sign-in screen shows under the store's name. */
function launchNotice(launch: Props['launch']): string {
  const ready = 'The store database is up to date and the till is ready.';
  return launch.store.createdDemo ? `${ready} This is a demo store, created on first launch so you can try POS Desktop.` : ready;
}

type State = { name: 'checking' } | { name: 'signed-out'; notice: string | null } | { name: 'signed-in'; session: SignedInView };

/**
 * The POS: signed out, the store chooser and sign-in; signed in, the branded
 * till. Signing out returns to the chooser with the same store preselected,
 * which is also how a tester switches to the other store.
 */
export function PosRoot({ api, launch, onOpenBackups }: Props) {
  const notice = launchNotice(launch);
  const [state, setState] = useState<State>({ name: 'checking' });
  const [lastStoreId, setLastStoreId] = useState<string | null>(null);

  useEffect(() => {
    void api.pos.me().then((o) => setState(o.ok && o.value ? { name: 'signed-in', session: o.value } : { name: 'signed-out', notice }));
  }, [api, notice]);

  const signedIn = useCallback((session: SignedInView) => {
    setLastStoreId(session.store.id);
    setState({ name: 'signed-in', session });
  }, []);
  const expired = useCallback(() => setState({ name: 'signed-out', notice: 'Your session ended. Sign in again.' }), []);
  const signOut = useCallback(async () => {
    await api.pos.signOut();
    setState({ name: 'signed-out', notice: null });
  }, [api]);

  switch (state.name) {
    case 'checking':
      return (
        <div className="pos-app pos-plain">
          <p role="status">Opening the till…</p>
        </div>
      );
    case 'signed-out':
      return <SignInScreen pos={api.pos} lastStoreId={lastStoreId} notice={state.notice} onSignedIn={signedIn} onOpenBackups={onOpenBackups} />;
    case 'signed-in':
      return (
        <PosShell
          pos={api.pos}
          receipts={api.receipts}
          sync={api.sync}
          session={state.session}
          onSignOut={() => void signOut()}
          onSessionExpired={expired}
          onOpenBackups={onOpenBackups}
          onSwitched={signedIn}
        />
      );
  }
}
