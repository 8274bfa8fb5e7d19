import { useCallback, useEffect, useState } from 'react';
import type { BackupList } from '../../../electron/ipc/contracts';
import type { BackupListing } from '../../../electron/ipc/contracts';
import { BackupProgressView } from '../components/BackupProgressView';
import { ErrorPanel } from '../components/ErrorPanel';
import { Layout } from '../components/Layout';
import { RestoreConfirm, RestoreStatus, useRestore } from '../components/restore';
import { ScreenHeading } from '../components/ScreenHeading';
import { useJob } from '../components/useJob';
import { formatBytes, formatDate, formatReason, shortVersion } from '../format';
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
    setList(o.ok ? { state: 'ok', value: o.value } : { state: 'failed', error: o.error });
  }, [api]);

  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (restore.state.stage === 'done') void load();
  }, [restore.state.stage, load]);

  const busy = create.state.stage === 'running' || restore.state.stage === 'running';
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
    <Layout store={store} label="Backups">
      <div className="title-row">
        <ScreenHeading>Backups</ScreenHeading>
        <div className="actions">
          <button type="button" className="button primary" disabled={busy} onClick={() => void backUpNow()}>
            Back up now
          </button>
          <button type="button" className="button" disabled={busy} onClick={restored ? onDatabaseChanged : onBack}>
            {restored ? 'Continue' : backLabel[route.from.name]}
          </button>
        </div>
      </div>
      <p className="folder">
        Folder <span className="mono">{list.state === 'ok' ? list.value.folder : '…'}</span>
      </p>

      <div className="table-wrap">
        <table className="backups">
          <caption className="visually-hidden">Backups, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Reason</th>
              <th scope="col">Schema</th>
              <th scope="col" className="num">
                Size
              </th>
              <th scope="col">Verified</th>
              <th scope="col">
                <span className="visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.state === 'ok' &&
              list.value.backups.map((b) => (
                <tr key={b.manifest.id} data-backup-id={b.manifest.id}>
                  <td className="tabular">{formatDate(b.manifest.createdAt)}</td>
                  <td>{formatReason(b.manifest.reason)}</td>
                  <td className="mono" title={b.manifest.schemaVersion ?? 'empty'}>
                    {shortVersion(b.manifest.schemaVersion)}
                  </td>
                  <td className="num">{formatBytes(b.manifest.sizeBytes)}</td>
                  <td className={b.verified ? 'verified' : 'unverified'} title={b.problem ?? undefined}>
                    {b.verified ? 'Verified' : `No: ${b.problem ?? 'not checked'}`}
                  </td>
                  <td>
                    <button
                      type="button"
                      className="button small"
                      disabled={busy || !b.verified}
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
          onDismiss={restore.reset}
          onConfirmOtherStore={restore.confirmOtherStore}
        />
      </div>
      {restore.asking && <RestoreConfirm target={restore.asking} onConfirm={restore.confirm} onCancel={restore.cancel} />}
    </Layout>
  );
}
