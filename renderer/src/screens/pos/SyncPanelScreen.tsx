import { useCallback, useEffect, useState } from 'react';
import type { ErrorInfo, Outcome, PosApi } from '../../pos';
import type { SyncPanel } from '../../../../electron/ipc/contracts';
import { useFocusOnMount } from '../../components/useFocusOnMount';
import { formatDateTime, plural } from '../../format';
import { ErrorLine } from './ErrorLine';
import { SyncAttentionItem } from './SyncAttentionItem';
import { syncWords } from './SyncIndicator';
import { syncNowWords, whenWords, type ConflictChoice } from './sync-words';
import './sync-panel.css';

const CLOCK_MS = 15_000;

interface Props {
  sync: PosApi['sync'];
  onClose(): void;
  onSessionExpired(): void;
  /** The panel changed what the header shows (a choice, a sync): the header asks again. */
  onChanged(): void;
}

type NowState = { busy: boolean; words: string | null; failed: boolean };

/**
 * The Sync panel (manager, technician, admin; the worker checks the role):
 * what waits for the store server, what it refused and which edits lost, in a
 * clerk's words, the last push and pull, Sync now, and a choice per conflict.
 * Everything comes from the till's database through sync.panel.
 */
export function SyncPanelScreen({ sync, onClose, onSessionExpired, onChanged }: Props) {
  const [panel, setPanel] = useState<SyncPanel | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [now, setNow] = useState<NowState>({ busy: false, words: null, failed: false });
  const [resolving, setResolving] = useState<string | null>(null);
  const [clock, setClock] = useState(() => new Date());
  const heading = useFocusOnMount<HTMLHeadingElement>();

  /** A refusal in staff words (it stays until the next action: a refresh in between does not wipe it); a session that ended goes back to sign-in. */
  const take = useCallback(
    <T,>(o: Outcome<T>): T | undefined => {
      if (o.ok) return o.value;
      if (o.error.code === 'SESSION_EXPIRED') onSessionExpired();
      else setError(o.error);
      return undefined;
    },
    [onSessionExpired],
  );
  const reload = useCallback(async () => {
    const value = take(await sync.panel());
    if (value) setPanel(value);
    return value;
  }, [sync, take]);

  useEffect(() => {
    void reload();
    const off = sync.onState((s) => {
      if (!s.running) void reload();
    });
    const timer = setInterval(() => setClock(new Date()), CLOCK_MS);
    return () => {
      off();
      clearInterval(timer);
    };
  }, [sync, reload]);

  const syncNow = async () => {
    setError(null);
    setNow({ busy: true, words: null, failed: false });
    const result = take(await sync.now());
    const refreshed = await reload();
    setClock(new Date());
    onChanged();
    if (!result) return setNow({ busy: false, words: null, failed: true });
    if (result.error)
      return setNow({ busy: false, failed: true, words: `Not synced. ${refreshed?.lastError ?? `${result.error.message}. ${result.error.hint}.`}` });
    setNow({ busy: false, failed: false, words: syncNowWords(result) });
  };

  const choose = async (conflictId: string, choice: ConflictChoice) => {
    setError(null);
    setResolving(conflictId);
    const value = take(await sync.resolve({ conflictId, choice }));
    setResolving(null);
    if (value) setPanel(value);
    onChanged();
  };

  const more = panel ? panel.header.queued - panel.queued.length : 0;
  const attention = panel
    ? [...panel.rejected.map((item) => ({ item, kind: 'rejection' as const })), ...panel.conflicts.map((item) => ({ item, kind: 'conflict' as const }))]
    : [];
  return (
    <main className="sync-panel" aria-labelledby="sync-panel-heading" data-testid="sync-panel">
      <div className="sync-panel-top">
        <h1 id="sync-panel-heading" className="pos-heading" ref={heading} tabIndex={-1}>
          Sync
        </h1>
        <span className="pos-muted sync-panel-till">
          {panel?.enrolled ? `${panel.enrolled.tillName} · ${panel.enrolled.hubUrl}` : panel ? 'This till is not enrolled with a store server' : ''}
        </span>
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
      <ErrorLine error={error} />
      {!panel ? (
        !error && <p role="status">Reading the sync state…</p>
      ) : (
        <div className="sync-panel-body">
          <div className="sync-panel-left">
            <div className="pos-detail sync-status" aria-label="Sync state">
              <p className="sync-state-line" data-testid="sync-panel-state" data-state={panel.header.state}>
                <strong>{syncWords(panel.header)}</strong>
              </p>
              <dl className="pos-facts sync-facts">
                <dt>Last push</dt>
                <dd data-testid="sync-last-push">{whenWords(panel.lastPushAt, 'Never', clock)}</dd>
                <dt>Last pull</dt>
                <dd data-testid="sync-last-pull">{whenWords(panel.lastPullAt, 'Never', clock)}</dd>
                {panel.nextAttemptAt && panel.lastError && (
                  <>
                    <dt>Next try</dt>
                    <dd>{formatDateTime(panel.nextAttemptAt)}</dd>
                  </>
                )}
              </dl>
              {panel.lastError && (
                <p className="pos-note" data-testid="sync-last-error">
                  {panel.lastError}
                </p>
              )}
              <div className="sync-now">
                <button
                  type="button"
                  className="button pos-primary"
                  data-testid="sync-now"
                  aria-busy={now.busy}
                  disabled={now.busy || !panel.enrolled}
                  onClick={() => void syncNow()}
                >
                  {now.busy ? 'Syncing…' : 'Sync now'}
                </button>
                <p className={now.failed ? 'pos-error' : 'pos-notice-line'} role="status" data-testid="sync-now-result">
                  {now.busy ? 'Sending and receiving…' : (now.words ?? '')}
                </p>
              </div>
            </div>
            <h2 className="pos-subheading">Queued ({panel.header.queued})</h2>
            {/* Scrolls by keyboard too: the queued operations are text, nothing in them takes the focus. */}
            <div className="pos-scroll sync-queue-box" tabIndex={0} role="region" aria-label="Queued operations">
              {panel.queued.length === 0 ? (
                <p className="pos-empty">Nothing waits to be sent.</p>
              ) : (
                <ol className="sync-queue" data-testid="sync-queue">
                  {panel.queued.map((q) => (
                    <li key={q.id} data-testid="sync-queued">
                      <span className="sync-queued-what">{q.what}</span>
                      <span className="pos-muted sync-queued-meta">
                        {formatDateTime(q.createdAt)}
                        {q.attempts > 0 ? ` · tried ${plural(q.attempts, 'time')}` : ''}
                      </span>
                    </li>
                  ))}
                </ol>
              )}
              {more > 0 && <p className="pos-muted">and {plural(more, 'more operation')}, sent in order after these.</p>}
            </div>
          </div>
          <div className="sync-panel-right">
            <h2 className="pos-subheading">Needs attention ({attention.length})</h2>
            <div className="pos-scroll">
              {attention.length === 0 ? (
                <p className="pos-empty">Nothing: the store server took everything this till sent.</p>
              ) : (
                <ul className="sync-items" aria-label="Rejections and conflicts">
                  {attention.map(({ item, kind }) => (
                    <SyncAttentionItem key={item.id} item={item} kind={kind} busy={resolving !== null} onChoose={(c) => void choose(item.id, c)} />
                  ))}
                </ul>
              )}
            </div>
          </div>
        </div>
      )}
    </main>
  );
}
