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

/** The services word some hints for the pos-db command line; at the till the way out is different. */
const APP_HINTS: Record<string, string> = {
  NOT_A_DATABASE: 'The file was replaced or damaged: restore a backup from the Backups screen, or call support',
  DB_NOT_FOUND: 'Restore a backup from the Backups screen, or call support',
  DB_BUSY: 'Another program is using the store database: close it (or another POS Desktop window), then choose Try again',
};

/** The database could not be opened or read: say why, and offer the Backups screen. */
export function ProblemScreen({ route, onRetry, onOpenBackups, onQuit }: Props) {
  const error = { ...route.error, hint: APP_HINTS[route.error.code] ?? route.error.hint };
  return (
    <Layout store={route.store?.name ?? null} label="Problem">
      <ScreenHeading>POS Desktop cannot open the store database</ScreenHeading>
      <ErrorPanel title="What happened" error={error}>
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
