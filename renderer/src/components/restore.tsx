import { useCallback, useState } from 'react';
import type { RestoreImpact, RestoreResult, TenantLoss } from '../../../electron/ipc/contracts';
import { formatAgo, formatDateTime, formatDuration, plural } from '../format';
import type { ErrorInfo, PosApi } from '../pos';
import { BackupProgressView } from './BackupProgressView';
import { ConfirmDialog } from './ConfirmDialog';
import { ErrorPanel } from './ErrorPanel';
import { restoreLabel, SyncBeforeRestore, useSyncBeforeRestore, type SyncBeforeRestoreState } from './SyncBeforeRestore';
import { useJob } from './useJob';

/** What the confirmation names: the backup's id and, when known, when and why it was taken. */
export interface RestoreTarget {
  id: string;
  createdAt: string | null;
  reason: string | null;
  /** This restore puts back the pre-restore backup of the restore just done. */
  undo?: boolean;
}

type ImpactState = { state: 'loading' } | { state: 'ok'; value: RestoreImpact } | { state: 'failed'; error: ErrorInfo };

/**
 * Ask (with what the restore would roll back, read from the worker), confirm,
 * restore with live progress, show the result with Continue and Undo restore.
 */
export function useRestore(api: PosApi) {
  const job = useJob(api.backups.onProgress, api.backups.restore);
  const [asking, setAsking] = useState<RestoreTarget | null>(null);
  const [impact, setImpact] = useState<ImpactState>({ state: 'loading' });
  const [target, setTarget] = useState<RestoreTarget | null>(null);
  /** The technician confirmed another store's backup: undoing it puts this store's own database back, which is "another store" to the restored file. */
  const [otherStore, setOtherStore] = useState(false);
  /** What the head office has not received, and Sync first before the restore. */
  const sync = useSyncBeforeRestore(api);
  const { start } = job;
  const { check, beforeRestore } = sync;

  const ask = useCallback(
    (t: RestoreTarget) => {
      setAsking(t);
      setImpact({ state: 'loading' });
      void api.backups.restoreImpact({ id: t.id }).then((o) => setImpact(o.ok ? { state: 'ok', value: o.value } : { state: 'failed', error: o.error }));
      check();
    },
    [api, check],
  );
  const confirm = useCallback(() => {
    if (!asking) return;
    void (async () => {
      // Sync first (when ticked): the restore goes on once the head office has everything; else the confirmation stays.
      if (!(await beforeRestore())) return;
      setTarget(asking);
      setAsking(null);
      setOtherStore(false);
      void start({ id: asking.id });
    })();
  }, [asking, start, beforeRestore]);
  /** The second confirmation: the refused backup is of another store, and the technician means it. */
  const confirmOtherStore = useCallback(() => {
    if (!target) return;
    setOtherStore(true);
    void start({ id: target.id, confirmOtherStore: true });
  }, [target, start]);
  /** Puts back the database as it was just before the restore (its pre-restore backup). */
  const undo = useCallback(() => {
    if (job.state.stage !== 'done' || !job.state.value.preRestoreBackupId) return;
    const id = job.state.value.preRestoreBackupId;
    setTarget({ id, createdAt: null, reason: 'pre-restore', undo: true });
    void start(otherStore ? { id, confirmOtherStore: true } : { id });
  }, [job.state, otherStore, start]);
  return { asking, impact, sync, target, state: job.state, ask, cancel: () => setAsking(null), confirm, confirmOtherStore, undo, reset: job.reset };
}

/** Why a backup was taken, inside a sentence. */
const REASON_WORDS: Record<string, string> = {
  manual: 'made by hand',
  'pre-upgrade': 'before the upgrade',
  'pre-restore': 'before a restore',
  scheduled: 'on schedule',
};
const reasonWords = (reason: string): string => REASON_WORDS[reason] ?? reason;

/** One tenant's loss in a sentence staff read: what work goes, and what will never reach the head office. */
export function lossSentence(t: TenantLoss): string {
  if (!t.inBackup) return `is not in this backup: all of its data (${plural(t.rowsWritten, 'record')}) is removed from this computer.`;
  if (t.rowsWritten === 0 && t.queuedNotSynced === 0) return 'loses nothing: no work since the backup.';
  const work = t.sales > 0 ? `${plural(t.sales, 'sale')} and ${plural(t.rowsWritten - t.sales, 'other change')}` : plural(t.rowsWritten, 'change');
  const queued = t.queuedNotSynced > 0 ? `; ${plural(t.queuedNotSynced, 'change')} not yet sent to the head office will never be sent` : '';
  return `loses ${work} made since the backup${queued}.`;
}

interface ConfirmProps {
  target: RestoreTarget;
  impact: ImpactState;
  /** What the head office has not received, and Sync first (SyncBeforeRestore.tsx). */
  sync?: SyncBeforeRestoreState;
  onConfirm(): void;
  onCancel(): void;
}

export function RestoreConfirm({ target, impact, sync, onConfirm, onCancel }: ConfirmProps) {
  return (
    <ConfirmDialog
      title="Restore this backup?"
      confirmLabel={sync ? restoreLabel(sync) : 'Restore this backup'}
      onConfirm={onConfirm}
      onCancel={onCancel}
      busy={impact.state === 'loading' || sync?.busy === true}
    >
      <p>
        The backup{' '}
        {target.createdAt && (
          <>
            taken {formatDateTime(target.createdAt)} ({formatAgo(target.createdAt)}
            {target.reason && <>, {reasonWords(target.reason)}</>}){' '}
          </>
        )}
        replaces the <strong>whole store database</strong> on this computer, for every store in it:
      </p>
      {impact.state === 'loading' && <p className="muted">Working out what would be lost…</p>}
      {impact.state === 'failed' && <p className="error-message">What would be lost could not be worked out: {impact.error.message}.</p>}
      {impact.state === 'ok' && <ImpactList impact={impact.value} />}
      {sync && <SyncBeforeRestore sync={sync} />}
      <p>A backup of the database as it is now is taken first, so the restore can be undone.</p>
    </ConfirmDialog>
  );
}

function ImpactList({ impact }: { impact: RestoreImpact }) {
  return (
    <>
      <ul className="impact" aria-label="What the restore rolls back">
        {impact.tenants.map((t) => (
          <li key={t.tenantId} className={t.inBackup && t.rowsWritten === 0 && t.queuedNotSynced === 0 ? 'impact-none' : 'impact-loss'}>
            <strong>{t.name}</strong> {lossSentence(t)}
          </li>
        ))}
        {impact.comesBack.length > 0 && (
          <li className="impact-loss">It also brings back {impact.comesBack.join(', ')}, which this computer does not have now.</li>
        )}
      </ul>
      {impact.upgradeRunsAgain && (
        <p className="impact-upgrade">
          <strong>This backup is from before the upgrade.</strong> After the restore the upgrade runs again, and the till cannot sell until it has finished.
        </p>
      )}
    </>
  );
}

type RestoreState = ReturnType<typeof useRestore>['state'];

interface StatusProps {
  state: RestoreState;
  target: RestoreTarget | null;
  onContinue(): void;
  /** Puts back the pre-restore backup. */
  onUndo(): void;
  /** Closes a failed restore's message, back to what was on screen before. */
  onDismiss(): void;
  /** Restores the refused backup of another store after all (the second confirmation). */
  onConfirmOtherStore(): void;
}

export function RestoreStatus({ state, target, onContinue, onUndo, onDismiss, onConfirmOtherStore }: StatusProps) {
  if (state.stage === 'idle' || !target) return null;
  if (state.stage === 'running')
    return <BackupProgressView progress={state.progress} title={target.undo ? 'Undoing the restore' : `Restoring backup ${target.id}`} />;
  if (state.stage === 'failed') {
    const otherStore = state.error.code === 'RESTORE_OTHER_STORE';
    return (
      <ErrorPanel title={otherStore ? 'This backup is of another store' : 'The restore did not complete'} error={state.error}>
        {otherStore && <p>Restoring it replaces this store&apos;s data with the other store&apos;s. Nothing has been changed yet.</p>}
        <div className="actions">
          <button type="button" className="button" autoFocus onClick={onDismiss}>
            Close
          </button>
          {otherStore && (
            <button type="button" className="button danger" onClick={onConfirmOtherStore}>
              Replace with the other store&apos;s backup
            </button>
          )}
        </div>
      </ErrorPanel>
    );
  }
  return <RestoreDone result={state.value} undone={target.undo === true} onContinue={onContinue} onUndo={onUndo} />;
}

function RestoreDone({ result, undone, onContinue, onUndo }: { result: RestoreResult; undone: boolean; onContinue(): void; onUndo(): void }) {
  const lost = result.impact?.tenants.filter((t) => !t.inBackup || t.rowsWritten > 0 || t.queuedNotSynced > 0) ?? [];
  return (
    <section className="panel panel-ok" role="status" aria-labelledby="restore-done-title">
      <h2 id="restore-done-title">{undone ? 'Restore undone: the database is back as it was' : 'Backup restored'}</h2>
      <p>
        {result.pendingMigrations.length > 0
          ? 'This backup is from before the upgrade: Continue runs the upgrade, and the till sells once it has finished.'
          : 'The store database is ready: Continue opens the till.'}
        {!undone && lost.length > 0 && <> Rolled back: {lost.map((t) => t.name).join(', ')}.</>}
      </p>
      <dl className="summary">
        <dt>Saved first</dt>
        <dd className="mono">{result.preRestoreBackupId ?? `${result.damagedCopy} (the damaged database, kept for support)`}</dd>
        <dt>Took</dt>
        <dd>{formatDuration(result.durationMs)}</dd>
      </dl>
      {result.notes.map((note) => (
        <p key={note}>{note}</p>
      ))}
      <div className="actions">
        <button type="button" className="button primary" autoFocus onClick={onContinue}>
          Continue
        </button>
        {result.preRestoreBackupId && (
          <button type="button" className="button" onClick={onUndo}>
            Undo restore
          </button>
        )}
      </div>
    </section>
  );
}
