import { Layout } from '../components/Layout';
import { ScreenHeading } from '../components/ScreenHeading';
import type { Route } from '../flow';

/** The till after a good launch. The sign-in and sales screens (tenant-scoped POS) replace this. */
export function HomeScreen({ route, onOpenBackups }: { route: Extract<Route, { name: 'pos' }>; onOpenBackups(): void }) {
  const { launch } = route;
  return (
    <Layout store={launch.store.name} label="Point of sale">
      <ScreenHeading>{launch.store.name}</ScreenHeading>
      <section className="panel">
        <p className="lede">The store database is up to date and the till is ready.</p>
        {launch.store.createdDemo && <p>This is a demo store, created on first launch so you can try POS Desktop.</p>}
        <dl className="summary">
          <dt>Schema</dt>
          <dd className="mono">{launch.schemaVersion ?? 'empty'}</dd>
          <dt>Database</dt>
          <dd className="mono ellipsis" title={launch.store.databasePath}>
            {launch.store.databasePath}
          </dd>
        </dl>
        <div className="actions">
          <button type="button" className="button" onClick={onOpenBackups}>
            Backups
          </button>
        </div>
      </section>
    </Layout>
  );
}
