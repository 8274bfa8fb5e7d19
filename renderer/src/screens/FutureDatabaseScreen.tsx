import { Layout } from '../components/Layout';
import { ScreenHeading } from '../components/ScreenHeading';
import type { Route } from '../flow';

interface Props {
  route: Extract<Route, { name: 'future' }>;
  onRestoreBackup(): void;
  onQuit(): void;
}

/**
 * The database was written by a newer POS Desktop. This version changes
 * nothing and offers exactly two ways on: restore a backup, or quit. There is
 * deliberately no way to delete or reset the database from here.
 */
export function FutureDatabaseScreen({ route, onRestoreBackup, onQuit }: Props) {
  const { launch } = route;
  return (
    <Layout store={launch.store.name} label="Newer database">
      <ScreenHeading>This database is from a newer version of POS Desktop</ScreenHeading>
      <section className="panel panel-warn">
        <p className="lede">
          The store database on this computer was last used by a newer version of POS Desktop. This version cannot open it safely, so it has not changed
          anything.
        </p>
        <p>To carry on, either:</p>
        <ul className="choices">
          <li>install the newer version of POS Desktop again, or</li>
          <li>restore a backup that was made by this version.</li>
        </ul>
        <dl className="summary">
          <dt>Database</dt>
          <dd className="mono ellipsis" title={launch.store.databasePath}>
            {launch.store.databasePath}
          </dd>
          <dt>Schema</dt>
          <dd className="mono">{launch.schemaVersion ?? 'empty'}</dd>
          <dt>Unknown</dt>
          <dd className="mono">{launch.unknown.join(', ')}</dd>
        </dl>
        <div className="actions">
          <button type="button" className="button primary" onClick={onRestoreBackup}>
            Restore a backup
          </button>
          <button type="button" className="button" onClick={onQuit}>
            Quit
          </button>
        </div>
      </section>
    </Layout>
  );
}
