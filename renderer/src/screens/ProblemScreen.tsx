import { ErrorPanel } from '../components/ErrorPanel';
import { Layout } from '../components/Layout';
import { ScreenHeading } from '../components/ScreenHeading';
import type { Route } from '../flow';

interface Props {
  route: Extract<Route, { name: 'problem' }>;
  onRetry(): void;
  onOpenBackups(): void;
  onQuit(): void;
}

/** The database could not be opened or read: say why, and offer the Backups screen. */
export function ProblemScreen({ route, onRetry, onOpenBackups, onQuit }: Props) {
  return (
    <Layout store={route.store?.name ?? null} label="Problem">
      <ScreenHeading>POS Desktop cannot open the store database</ScreenHeading>
      <ErrorPanel title="What happened" error={route.error}>
        {route.store && (
          <p>
            Database <span className="mono">{route.store.databasePath}</span>
          </p>
        )}
        <div className="actions">
          <button type="button" className="button primary" onClick={onRetry}>
            Try again
          </button>
          <button type="button" className="button" onClick={onOpenBackups}>
            Backups
          </button>
          <button type="button" className="button" onClick={onQuit}>
            Quit
          </button>
        </div>
      </ErrorPanel>
    </Layout>
  );
}
