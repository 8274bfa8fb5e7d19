import { useCallback, useEffect, useState } from 'react';
import type { BackupList } from '../../../electron/ipc/contracts';
import type { BackupListing } from '../../../electron/ipc/contracts';
import { BackupProgressView } from '../components/BackupProgressView';
import { ErrorPanel } from '../components/ErrorPanel';
import { Layout } from '../components/Layout';
import { RestoreConfirm, RestoreStatus, useRestore } from '../components/restore';
import { ScreenHeading } from '../components/ScreenHeading';
import { useJob } from '../components/useJob';
import { formatAgo, formatBytes, formatDateTime, formatHolds, formatReason, shortVersion } from '../format';
import type { ErrorInfo, PosApi } from '../pos';
import type { Route } from '../flow';

interface Props {
  api: PosApi;
  route: Extract<Route, { name: 'backups' }>;
  onBack(): void;
  onDatabaseChanged(): void;
}

type ListState = { state: 'loading' } | { state: 'ok'; value: BackupList } | { state: 'failed'; error: ErrorInfo };

const backLabel: Record<Extract<Route, { name: 'backups' }>['from']['name'], string> = {
  upgrade: 'Back to the upgrade',
  future: 'Back',
  pos: 'Back to the till',
  problem: 'Back',
};

/** The technician's screen: every backup with its facts, Back up now, and Restore with a confirmation. */
export function BackupsScreen({ api, route, onBack, onDatabaseChanged }: Props) {
  const [list, setList] = useState<ListState>({ state: 'loading' });
  const create = useJob(api.backups.onProgress, api.backups.create);
  const restore = useRestore(api);

  const load = useCallback(async () => {
    const o = await api.backups.list();
    setNow(new Date());
    setList(o.ok ? { state: 'ok', value: o.value } : { state: 'failed', error: o.error });
  }, [api]);

  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (restore.state.stage === 'done') void load();
  }, [restore.state.stage, load]);

  const busy = create.state.stage === 'running' || restore.state.stage === 'running';
  // "3 h ago" is read against the time the list was read, and again each minute the screen stays open.
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 60_000);
    return () => clearInterval(timer);
  }, []);
  const restored = restore.state.stage === 'done';
  const store = 'launch' in route.from ? route.from.launch.store.name : (route.from.store?.name ?? null);

  const backUpNow = async () => {
    restore.reset();
    const o = await create.start();
    if (o?.ok) await load();
  };
  const askRestore = (b: BackupListing) => {
    create.reset();
    restore.ask({ id: b.manifest.id, createdAt: b.manifest.createdAt, reason: b.manifest.reason });
  };

  return (
    <Layout store={store} label="Backups" fill>
      <div className="title-row">
        <ScreenHeading>Backups</ScreenHeading>
        <div className="actions">
          <button type="button" className="button primary" disabled={busy || restored} onClick={() => void backUpNow()}>
            Back up now
          </button>
          {/* After a restore the one way on is the result's Continue (or its Undo). */}
          {!restored && (
            <button type="button" className="button" disabled={busy} onClick={onBack}>
              {backLabel[route.from.name]}
            </button>
          )}
        </div>
      </div>
      <p className="folder">
        {list.state === 'ok' ? (
          <>
            Keeps the newest {list.value.retentionCount} (older ones are removed after each new backup) · Folder{' '}
            <span className="mono">{list.value.folder}</span>
          </>
        ) : (
          '…'
        )}
      </p>

      <div className="table-wrap">
        <table className="backups">
          <caption className="visually-hidden">Backups, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Taken</th>
              <th scope="col">Holds</th>
              <th scope="col">Written by · size</th>
              <th scope="col">Can be restored</th>
              <th scope="col">
                <span className="visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.state === 'ok' &&
              list.value.backups.map((b) => (
                <tr key={b.manifest.id} data-backup-id={b.manifest.id}>
                  <td className="tabular">
                    <div>{formatDateTime(b.manifest.createdAt)}</div>
                    <div className="sub">
                      {formatAgo(b.manifest.createdAt, now)} · {formatReason(b.manifest.reason)}
                    </div>
                  </td>
                  <td className="holds">
                    <div>{b.manifest.tenants && b.manifest.tenants.length > 0 ? b.manifest.tenants.join(', ') : 'Store'}</div>
                    <div className="sub">{formatHolds(b.manifest.rowCounts)}</div>
                  </td>
                  <td>
                    <div>POS Desktop {b.manifest.appVersion}</div>
                    <div className="sub" title={b.manifest.schemaVersion ?? 'empty'}>
                      database version {shortVersion(b.manifest.schemaVersion)} · {formatBytes(b.manifest.sizeBytes)}
                    </div>
                  </td>
                  <td className={b.verified ? 'verified' : 'unverified'}>{b.verified ? 'Yes, checked' : <>No: {b.problem ?? 'not checked'}</>}</td>
                  <td>
                    <button
                      type="button"
                      className="button small"
                      disabled={busy || restored || !b.verified}
                      aria-label={`Restore backup ${b.manifest.id}`}
                      onClick={() => askRestore(b)}
                    >
                      Restore
                    </button>
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
        {list.state === 'ok' && list.value.backups.length === 0 && <p className="empty">No backups yet. Back up now takes the first one.</p>}
        {list.state === 'loading' && <p className="empty">Reading the backup folder…</p>}
      </div>

      <div className="job-area">
        {list.state === 'failed' && <ErrorPanel title="The backup list could not be read" error={list.error} />}
        {create.state.stage === 'running' && <BackupProgressView progress={create.state.progress} title="Backing up the store database" />}
        {create.state.stage === 'done' && (
          <section className="panel panel-ok" role="status">
            <h2>Backup taken and verified</h2>
            <p>
              <span className="mono">{create.state.value.id}</span> · {formatBytes(create.state.value.sizeBytes)}
            </p>
          </section>
        )}
        {create.state.stage === 'failed' && <ErrorPanel title="The backup did not complete" error={create.state.error} />}
        <RestoreStatus
          state={restore.state}
          target={restore.target}
          onContinue={onDatabaseChanged}
          onUndo={restore.undo}
          onDismiss={restore.reset}
          onConfirmOtherStore={restore.confirmOtherStore}
        />
      </div>
      {restore.asking && (
        <RestoreConfirm target={restore.asking} impact={restore.impact} sync={restore.sync} onConfirm={restore.confirm} onCancel={restore.cancel} />
      )}
    </Layout>
  );
}
