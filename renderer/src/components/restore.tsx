import { useCallback, useState } from 'react';
import type { RestoreResult } from '../../../electron/ipc/contracts';
import { formatDate, formatDuration, formatReason } from '../format';
import type { PosApi } from '../pos';
import { BackupProgressView } from './BackupProgressView';
import { ConfirmDialog } from './ConfirmDialog';
import { ErrorPanel } from './ErrorPanel';
import { useJob } from './useJob';

/** What the confirmation names: the backup's id and, when known, when and why it was taken. */
export interface RestoreTarget {
  id: string;
  createdAt: string | null;
  reason: string | null;
}

/** Ask, confirm, restore with live progress, show the result: the same on the Upgrade and Backups screens. */
export function useRestore(api: PosApi) {
  const job = useJob(api.backups.onProgress, api.backups.restore);
  const [asking, setAsking] = useState<RestoreTarget | null>(null);
  const [target, setTarget] = useState<RestoreTarget | null>(null);
  const { start } = job;
  const confirm = useCallback(() => {
    if (!asking) return;
    setTarget(asking);
    setAsking(null);
    void start({ id: asking.id });
  }, [asking, start]);
  /** The second confirmation: the refused backup is of another store, and the technician means it. */
  const confirmOtherStore = useCallback(() => {
    if (target) void start({ id: target.id, confirmOtherStore: true });
  }, [target, start]);
  return { asking, target, state: job.state, ask: setAsking, cancel: () => setAsking(null), confirm, confirmOtherStore, reset: job.reset };
}

export function RestoreConfirm({ target, onConfirm, onCancel }: { target: RestoreTarget; onConfirm(): void; onCancel(): void }) {
  return (
    <ConfirmDialog title="Restore this backup?" confirmLabel="Restore this backup" onConfirm={onConfirm} onCancel={onCancel}>
      <p>
        Backup <strong className="mono">{target.id}</strong>
        {target.createdAt && <> taken {formatDate(target.createdAt)}</>}
        {target.reason && <> ({formatReason(target.reason).toLowerCase()})</>} will replace the store database on this computer.
      </p>
      <p>A pre-restore backup of the current database is taken first, so this can be undone.</p>
    </ConfirmDialog>
  );
}

type RestoreState = ReturnType<typeof useRestore>['state'];

interface StatusProps {
  state: RestoreState;
  target: RestoreTarget | null;
  onContinue(): void;
  /** Closes a failed restore's message, back to what was on screen before. */
  onDismiss(): void;
  /** Restores the refused backup of another store after all (the second confirmation). */
  onConfirmOtherStore(): void;
}

export function RestoreStatus({ state, target, onContinue, onDismiss, onConfirmOtherStore }: StatusProps) {
  if (state.stage === 'idle' || !target) return null;
  if (state.stage === 'running') return <BackupProgressView progress={state.progress} title={`Restoring backup ${target.id}`} />;
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
  return <RestoreDone result={state.value} onContinue={onContinue} />;
}

function RestoreDone({ result, onContinue }: { result: RestoreResult; onContinue(): void }) {
  return (
    <section className="panel panel-ok" role="status" aria-labelledby="restore-done-title">
      <h2 id="restore-done-title">Backup restored</h2>
      <dl className="summary">
        <dt>Restored</dt>
        <dd className="mono">{result.restoredBackupId}</dd>
        <dt>Saved first</dt>
        <dd className="mono">{result.preRestoreBackupId ?? `${result.damagedCopy} (the damaged database, kept for support)`}</dd>
        <dt>Schema</dt>
        <dd className="mono">{result.schemaVersion ?? 'empty'}</dd>
        <dt>Took</dt>
        <dd>{formatDuration(result.durationMs)}</dd>
      </dl>
      {result.notes.map((note) => (
        <p key={note}>{note}</p>
      ))}
      <p>
        {result.pendingMigrations.length > 0
          ? 'This backup is from before the upgrade: the upgrade is needed before the till opens.'
          : 'The database is ready.'}
      </p>
      <div className="actions">
        <button type="button" className="button primary" autoFocus onClick={onContinue}>
          Continue
        </button>
      </div>
    </section>
  );
}
