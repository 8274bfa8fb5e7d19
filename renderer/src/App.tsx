import { useCallback, useEffect, useReducer } from 'react';
import { flow, initialRoute, type FlowEvent } from './flow';
import { TechnicianCodeGate } from './components/TechnicianCodeGate';
import type { PosApi } from './pos';
import { BackupsScreen } from './screens/BackupsScreen';
import { FutureDatabaseScreen } from './screens/FutureDatabaseScreen';
import { LoadingScreen } from './screens/LoadingScreen';
import { PosRoot } from './screens/pos/PosRoot';
import { ProblemScreen } from './screens/ProblemScreen';
import { UpgradeScreen } from './screens/UpgradeScreen';

/** Routing is the `flow` state machine; each screen only reports what happened. */
export function App({ api }: { api: PosApi }) {
  const [route, dispatch] = useReducer(flow, initialRoute);
  const send = useCallback((event: FlowEvent) => dispatch(event), []);

  useEffect(() => {
    if (route.name !== 'loading') return;
    let current = true;
    void api.app.launchState().then((o) => {
      if (!current) return;
      send(o.ok ? { type: 'launched', launch: o.value } : { type: 'launch-failed', error: o.error });
    });
    return () => {
      current = false;
    };
  }, [api, route, send]);

  const changed = () => send({ type: 'database-changed' });
  const openBackups = () => send({ type: 'open-backups' });
  const quit = () => void api.app.quit();

  switch (route.name) {
    case 'loading':
      return <LoadingScreen />;
    case 'upgrade':
      return <UpgradeScreen key="upgrade" api={api} route={route} onDatabaseChanged={changed} onOpenBackups={openBackups} onQuit={quit} />;
    case 'future':
      return <FutureDatabaseScreen route={route} onRestoreBackup={openBackups} onQuit={quit} />;
    case 'pos':
      return <PosRoot api={api} launch={route.launch} onOpenBackups={openBackups} />;
    case 'problem':
      return <ProblemScreen route={route} onRetry={changed} onOpenBackups={openBackups} onQuit={quit} />;
    case 'backups': {
      const back = () => send({ type: 'close-backups' });
      // With no one signed in, the gate asks for the technician code when a Backups call is refused, then retries it.
      return (
        <TechnicianCodeGate api={api} onCancel={back}>
          {(gated) => <BackupsScreen api={gated} route={route} onBack={back} onDatabaseChanged={changed} />}
        </TechnicianCodeGate>
      );
    }
  }
}
