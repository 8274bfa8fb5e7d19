import { useCallback, useState } from 'react';
import type { SyncFirstResult, UnsentBeforeRestore } from '../../../electron/ipc/contracts';
import { plural } from '../format';
import type { ErrorInfo, PosApi } from '../pos';

/**
 * The restore confirmation's part about the head office (the hub): what this
 * database holds that the hub has not received, per enrolled store, and Sync
 * first (ticked by default when the hub answers), which sends it before the
 * restore replaces the file. The worker counts and syncs; this only shows.
 */
type Facts =
  | { state: 'loading' }
  | { state: 'ok'; value: UnsentBeforeRestore }
  | { state: 'failed'; error: ErrorInfo }
  | { state: 'syncing'; value: UnsentBeforeRestore }
  | { state: 'synced'; value: UnsentBeforeRestore; result: SyncFirstResult }
  | { state: 'sync-failed'; value: UnsentBeforeRestore; error: ErrorInfo };

export function useSyncBeforeRestore(api: PosApi) {
  const [facts, setFacts] = useState<Facts>({ state: 'loading' });
  const [syncFirst, setSyncFirst] = useState(false);

  /** Asks the worker when the confirmation opens; Sync first starts ticked when it is offered. */
  const check = useCallback(() => {
    setFacts({ state: 'loading' });
    setSyncFirst(false);
    void api.backups.unsent().then((o) => {
      setFacts(o.ok ? { state: 'ok', value: o.value } : { state: 'failed', error: o.error });
      setSyncFirst(o.ok && o.value.offerSyncFirst);
    });
  }, [api]);

  /**
   * Before the restore: when Sync first is ticked, syncs and says whether the restore may go on at once
   * (everything received). Otherwise the confirmation stays open with what is still unsent, Sync first
   * unticked, so the technician restores anyway or cancels.
   */
  const beforeRestore = useCallback(async (): Promise<boolean> => {
    if (!syncFirst || (facts.state !== 'ok' && facts.state !== 'synced')) return true;
    const value = facts.value;
    setFacts({ state: 'syncing', value });
    const o = await api.backups.syncFirst();
    setSyncFirst(false);
    if (!o.ok) {
      setFacts({ state: 'sync-failed', value, error: o.error });
      return false;
    }
    setFacts({ state: 'synced', value, result: o.value });
    return o.value.allReceived;
  }, [api, facts, syncFirst]);

  return { facts, syncFirst, setSyncFirst, check, beforeRestore, busy: facts.state === 'loading' || facts.state === 'syncing' };
}

export type SyncBeforeRestoreState = ReturnType<typeof useSyncBeforeRestore>;

/** The confirm button's words: a restore that syncs first says so. */
export const restoreLabel = (s: SyncBeforeRestoreState): string => (s.syncFirst ? 'Sync first, then restore' : 'Restore this backup');

export function SyncBeforeRestore({ sync }: { sync: SyncBeforeRestoreState }) {
  const { facts } = sync;
  if (facts.state === 'loading') return <p className="muted">Asking the head office what it has received…</p>;
  if (facts.state === 'failed') return <p className="error-message">What the head office has not received could not be worked out: {facts.error.message}.</p>;
  const { tenants, offerSyncFirst } = facts.value;
  if (tenants.length === 0) return null;
  const unsent = tenants.filter((t) => t.notReceived > 0);
  const still = facts.state === 'synced' ? facts.result.tenants.filter((t) => t.notReceived > 0) : [];
  return (
    <section className="sync-before-restore" aria-label="Not yet sent to the head office">
      {unsent.length === 0 ? (
        <p>The head office has received everything this computer holds.</p>
      ) : (
        <ul className="impact">
          {unsent.map((t) => (
            <li key={t.tenantId} className="impact-loss">
              <strong>{t.name}</strong>: {plural(t.notReceived, 'change')} not yet received by the head office
              {t.hubReachable ? '.' : ' (the head office cannot be reached now).'}
            </li>
          ))}
        </ul>
      )}
      {offerSyncFirst && facts.state !== 'synced' && (
        <label className="check">
          <input type="checkbox" checked={sync.syncFirst} disabled={facts.state === 'syncing'} onChange={(e) => sync.setSyncFirst(e.currentTarget.checked)} />{' '}
          Sync first: send them to the head office before restoring (recommended)
        </label>
      )}
      {unsent.length > 0 && !offerSyncFirst && <p>They cannot be sent now: what the backup does not hold of them is lost.</p>}
      {facts.state === 'syncing' && <p role="status">Sending to the head office…</p>}
      {facts.state === 'sync-failed' && (
        <p className="error-message" role="alert">
          The sync did not complete: {facts.error.message}. Restore anyway, or cancel.
        </p>
      )}
      {facts.state === 'synced' && still.length > 0 && (
        <div role="alert">
          <p className="error-message">Still not received after the sync:</p>
          <ul className="impact">
            {still.map((t) => (
              <li key={t.tenantId} className="impact-loss">
                <strong>{t.name}</strong>: {plural(t.notReceived, 'change')}
                {t.error ? ` (${t.error.message})` : ''}
              </li>
            ))}
          </ul>
          <p>Restore anyway, or cancel.</p>
        </div>
      )}
    </section>
  );
}
