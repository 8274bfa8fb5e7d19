import { useEffect, useRef, useState } from 'react';
import type { UpgradeProgress, UpgradeReport } from '../../../electron/ipc/contracts';
import { ErrorPanel } from '../components/ErrorPanel';
import { Layout } from '../components/Layout';
import { ProgressBar } from '../components/ProgressBar';
import { RestoreConfirm, RestoreStatus, useRestore } from '../components/restore';
import { ScreenHeading } from '../components/ScreenHeading';
import { useJob } from '../components/useJob';
import { formatClock, formatCount, formatDuration, formatEta } from '../format';
import type { ErrorInfo, PosApi } from '../pos';
import type { Route } from '../flow';
import { stepLabel, stepStates, UPGRADE_STEPS, type UpgradeRun } from './upgrade-steps';

interface Props {
  api: PosApi;
  route: Extract<Route, { name: 'upgrade' }>;
  /** The database changed (upgraded or restored): ask again which screen fits. */
  onDatabaseChanged(): void;
  onOpenBackups(): void;
}

type Failure = { error: ErrorInfo; table: string | null; check: string | null; backupId: string | null };

const HEADING: Record<UpgradeRun, string> = {
  ready: 'Your store database needs an upgrade',
  running: 'Updating your store database',
  succeeded: 'Your store database is up to date',
  failed: 'Your store database was not upgraded',
};

const LEDE: Record<UpgradeRun, string> = {
  ready: 'POS Desktop 2.0 needs to upgrade the store database before the till opens. The upgrade has not run yet.',
  running: 'POS Desktop 2.0 is upgrading the store database. It backs it up first and runs by itself; please leave the computer on.',
  succeeded: 'The upgrade finished and every check passed. The backup taken before it is kept.',
  failed: 'The upgrade stopped before it finished, and the store database was left as it was.',
};

function failureOf(state: ReturnType<typeof useJob<UpgradeProgress, UpgradeReport, []>>['state']): Failure | null {
  if (state.stage === 'failed') return { error: state.error, table: null, check: null, backupId: null };
  if (state.stage === 'done' && !state.value.ok) {
    const e = state.value.error;
    const error = e
      ? { code: e.code, name: e.code, message: e.message, hint: e.hint }
      : { code: 'UPGRADE_FAILED', name: 'UpgradeFailed', message: 'The upgrade did not finish', hint: 'Retry, or send the diagnostic report to support' };
    return { error, table: e?.table ?? null, check: e?.check ?? null, backupId: state.value.backupId };
  }
  return null;
}

/**
 * The first launch after an update: runs preflight, backup, audit, migrate and
 * verify by itself and shows each step live. Staff make no decisions unless it
 * fails; then Retry, Restore backup and Copy diagnostic report are offered.
 */
export function UpgradeScreen({ api, route, onDatabaseChanged, onOpenBackups }: Props) {
  const job = useJob(api.upgrade.onProgress, api.upgrade.start);
  const restore = useRestore(api);
  const [lastStep, setLastStep] = useState<UpgradeProgress | null>(null);
  const [copied, setCopied] = useState<string>('');
  const started = useRef(false);
  const { start } = job;

  useEffect(() => {
    if (route.autoStart && !started.current) {
      started.current = true;
      void start();
    }
  }, [route.autoStart, start]);

  const progress = job.state.stage === 'idle' ? null : job.state.progress;
  useEffect(() => {
    if (job.state.stage === 'running' && job.state.progress === null) setLastStep(null);
    else if (progress && progress.phase !== 'failed') setLastStep(progress);
  }, [job.state, progress]);

  const failure = failureOf(job.state);
  const report = job.state.stage === 'done' && job.state.value.ok ? job.state.value : null;
  const run: UpgradeRun = job.state.stage === 'idle' ? 'ready' : job.state.stage === 'running' ? 'running' : failure ? 'failed' : 'succeeded';
  const steps = stepStates(run, lastStep);
  const fraction = run === 'succeeded' ? 1 : (lastStep?.fraction ?? 0);

  const retry = () => {
    setCopied('');
    restore.reset();
    void start();
  };
  const copyReport = async () => {
    const o = await api.upgrade.copyDiagnosticReport();
    setCopied(o.ok ? 'The diagnostic report is on the clipboard: paste it into an email to support.' : `Could not copy the report: ${o.error.message}`);
  };
  const askRestore = () => {
    if (failure?.backupId) restore.ask({ id: failure.backupId, createdAt: null, reason: 'pre-upgrade' });
    else onOpenBackups();
  };

  return (
    <Layout store={route.launch.store.name} label="Upgrade">
      <ScreenHeading>{HEADING[run]}</ScreenHeading>
      <p className="lede">{LEDE[run]}</p>

      <ol className="steps" aria-label="Upgrade steps">
        {UPGRADE_STEPS.map((step) => (
          <li key={step} className={`step step-${steps[step]}`} aria-current={steps[step] === 'active' ? 'step' : undefined}>
            <span className="step-mark" aria-hidden="true" />
            <span className="step-label">{stepLabel(step, lastStep)}</span>
            <span className="visually-hidden">: {steps[step]}</span>
          </li>
        ))}
      </ol>

      <section className="panel progress-panel" aria-label="Progress">
        <ProgressBar fraction={run === 'running' && !lastStep ? null : fraction} label="Upgrade progress" />
        <dl className="facts">
          <dt>Now</dt>
          <dd className="ellipsis" data-testid="upgrade-step">
            {run === 'succeeded' ? 'Done' : run === 'ready' ? 'Waiting to start' : (lastStep?.step ?? 'Starting…')}
          </dd>
          <dt>Table</dt>
          <dd className="ellipsis mono" data-testid="upgrade-table">
            {run === 'running' ? (lastStep?.table ?? '—') : '—'}
          </dd>
          <dt>Elapsed</dt>
          <dd className="num" data-testid="upgrade-elapsed">
            {report ? formatClock(report.timingsMs.total) : formatClock(lastStep?.elapsedMs ?? 0)}
          </dd>
          <dt>Time left</dt>
          <dd className="num" data-testid="upgrade-eta">
            {run === 'running' ? formatEta(lastStep?.etaMs ?? null) : '—'}
          </dd>
        </dl>
      </section>

      <div className="outcome">
        {run === 'ready' && (
          <div className="actions">
            <button type="button" className="button primary" onClick={retry}>
              Start the upgrade
            </button>
            <button type="button" className="button" onClick={onOpenBackups}>
              Backups
            </button>
          </div>
        )}
        {report && <UpgradeSummary report={report} onContinue={onDatabaseChanged} />}
        {failure && restore.state.stage === 'idle' && (
          <ErrorPanel title="The upgrade could not finish" error={failure.error}>
            {(failure.table || failure.check) && (
              <p className="error-where">
                {failure.table && (
                  <>
                    Table <span className="mono">{failure.table}</span>
                  </>
                )}
                {failure.table && failure.check && ' · '}
                {failure.check && (
                  <>
                    Check <span className="mono">{failure.check}</span>
                  </>
                )}
              </p>
            )}
            <p className="reassure">
              <strong>Your data was not changed.</strong> The store database is exactly as it was before the upgrade started.
            </p>
            <div className="actions">
              <button type="button" className="button primary" autoFocus onClick={retry}>
                Retry
              </button>
              <button type="button" className="button" onClick={askRestore}>
                Restore backup
              </button>
              <button type="button" className="button" onClick={() => void copyReport()}>
                Copy diagnostic report
              </button>
            </div>
            <p className="copy-status" role="status">
              {copied}
            </p>
          </ErrorPanel>
        )}
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

function UpgradeSummary({ report, onContinue }: { report: UpgradeReport; onContinue(): void }) {
  const rows = report.after.reduce((sum, t) => sum + t.rows, 0);
  return (
    <section className="panel panel-ok" aria-labelledby="upgrade-done-title">
      <h2 id="upgrade-done-title">Upgrade complete</h2>
      <dl className="summary">
        <dt>Tables</dt>
        <dd className="num">{report.after.length}</dd>
        <dt>Rows</dt>
        <dd className="num">{formatCount(rows)}</dd>
        <dt>Time</dt>
        <dd className="num">{formatDuration(report.timingsMs.total)}</dd>
        <dt>Backup</dt>
        <dd className="mono">{report.backupId ?? 'none (nothing to back up)'}</dd>
        <dt>Location</dt>
        <dd className="mono ellipsis" title={report.backupPath ?? undefined}>
          {report.backupPath ?? '—'}
        </dd>
      </dl>
      <div className="actions">
        <button type="button" className="button primary" autoFocus onClick={onContinue}>
          Continue
        </button>
      </div>
    </section>
  );
}
