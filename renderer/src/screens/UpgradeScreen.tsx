import { useEffect, useRef, useState } from 'react';
import type { StoreInfo, UpgradeProgress, UpgradeReport } from '../../../electron/ipc/contracts';
import { Layout } from '../components/Layout';
import { ProgressBar } from '../components/ProgressBar';
import { ScreenHeading } from '../components/ScreenHeading';
import { useJob } from '../components/useJob';
import { formatBytes, formatClock, formatCount, formatDuration, formatEstimate, formatEta } from '../format';
import type { ErrorInfo, PosApi } from '../pos';
import type { Route } from '../flow';
import { nowLabel, stepLabel, stepStates, UPGRADE_STEPS, type UpgradeRun } from './upgrade-steps';

interface Props {
  api: PosApi;
  route: Extract<Route, { name: 'upgrade' }>;
  /** The database changed (upgraded or restored): ask again which screen fits. */
  onDatabaseChanged(): void;
  onOpenBackups(): void;
  onQuit(): void;
}

/** What the failure screen needs: a code to read out to support. The message, table and check go to the diagnostic report only. */
type Failure = { code: string };

const HEADING: Record<UpgradeRun, string> = {
  ready: 'Your store database needs an upgrade',
  running: 'Upgrading the store database',
  succeeded: 'Your store database is up to date',
  failed: 'The upgrade did not finish',
};

function failureOf(state: ReturnType<typeof useJob<UpgradeProgress, UpgradeReport, []>>['state']): Failure | null {
  if (state.stage === 'failed') return { code: codeOf(state.error) };
  if (state.stage === 'done' && !state.value.ok) return { code: state.value.error?.code ?? 'UPGRADE_FAILED' };
  return null;
}

const codeOf = (error: ErrorInfo): string => error.supportCode ?? error.code;

/** "about 2 minutes for this store (120 MB)", from the store's size, before the upgrade can measure itself. */
function estimateOf(store: StoreInfo): string | null {
  if (store.upgradeEstimateMs === null) return null;
  const size = store.sizeBytes === null ? '' : ` (${formatBytes(store.sizeBytes)})`;
  return `${formatEstimate(store.upgradeEstimateMs)} for this store${size}`;
}

/**
 * The first launch after an update: runs preflight, backup, audit, migrate and
 * verify by itself and shows each step live, in staff words. Staff make no
 * decisions unless it fails; then the screen says the till cannot sell, whom to
 * call, and offers Retry, Backups (for the technician) and Quit.
 */
export function UpgradeScreen({ api, route, onDatabaseChanged, onOpenBackups, onQuit }: Props) {
  const job = useJob(api.upgrade.onProgress, api.upgrade.start);
  const [lastStep, setLastStep] = useState<UpgradeProgress | null>(null);
  const [copied, setCopied] = useState<string>('');
  const started = useRef(false);
  const { start } = job;
  const store = route.launch.store;

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
  const estimate = estimateOf(store);

  const retry = () => {
    setCopied('');
    void start();
  };
  const copyReport = async () => {
    const o = await api.upgrade.copyDiagnosticReport();
    setCopied(
      o.ok
        ? 'The diagnostic report is on the clipboard. It is also saved with the backups, for the technician.'
        : `The report could not be copied (${codeOf(o.error)}).`,
    );
  };

  return (
    <Layout store={store.name} label="Upgrade">
      <ScreenHeading>{HEADING[run]}</ScreenHeading>
      <div className="lede">
        {run === 'ready' && (
          <p>POS Desktop 2.0 upgrades the store database before the till can sell. It takes {estimate ?? 'a few minutes'} and runs by itself.</p>
        )}
        {run === 'running' && (
          <>
            <p>The till sells again when this finishes. It runs by itself, after a safety copy.</p>
            <p className="reassure">A power cut now is safe: nothing changes until the very end, and the upgrade starts again.</p>
          </>
        )}
        {run === 'succeeded' && <p>The upgrade finished and every check passed. The till can sell. The safety copy taken before it is kept.</p>}
        {run === 'failed' && (
          <p>
            <strong>The till cannot sell until the upgrade succeeds.</strong>
          </p>
        )}
      </div>

      <ol className="steps" aria-label="Upgrade steps">
        {UPGRADE_STEPS.map((step) => (
          <li key={step} className={`step step-${steps[step]}`} aria-current={steps[step] === 'active' ? 'step' : undefined}>
            <span className="step-mark" aria-hidden="true" />
            <span className="step-label">{stepLabel(step)}</span>
            <span className="visually-hidden">: {steps[step]}</span>
          </li>
        ))}
      </ol>

      <section className="panel progress-panel" aria-label="Progress">
        <ProgressBar fraction={run === 'running' && !lastStep ? null : fraction} label="Upgrade progress" />
        <dl className="facts">
          <dt>Now</dt>
          <dd className="ellipsis" data-testid="upgrade-step">
            {run === 'succeeded'
              ? 'Done'
              : run === 'ready'
                ? 'Waiting to start'
                : run === 'failed'
                  ? 'Stopped'
                  : lastStep
                    ? nowLabel(lastStep.phase)
                    : 'Starting…'}
          </dd>
          <dt>Elapsed</dt>
          <dd className="num" data-testid="upgrade-elapsed">
            {report ? formatClock(report.timingsMs.total) : formatClock(lastStep?.elapsedMs ?? 0)}
          </dd>
          <dt>Time left</dt>
          <dd className="num" data-testid="upgrade-eta">
            {run === 'running'
              ? lastStep?.etaMs != null
                ? formatEta(lastStep.etaMs)
                : (estimate ?? formatEta(null))
              : run === 'ready'
                ? (estimate ?? '—')
                : '—'}
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
              Backups (technician)
            </button>
          </div>
        )}
        {report && <UpgradeSummary report={report} onContinue={onDatabaseChanged} />}
        {failure && (
          <section className="panel panel-error" role="alert" aria-labelledby="upgrade-failed-title">
            <h2 id="upgrade-failed-title">What to do</h2>
            <p className="reassure">
              <strong>Nothing was changed.</strong> The store database is exactly as it was before the upgrade, with every sale.
            </p>
            <ol className="todo">
              <li>Press Retry once.</li>
              <li>
                If it stops again, call <SupportLine store={store} /> and give them the code <strong className="mono">{failure.code}</strong>.
              </li>
            </ol>
            <div className="actions">
              <button type="button" className="button primary" autoFocus onClick={retry}>
                Retry
              </button>
              <button type="button" className="button" onClick={onOpenBackups}>
                Backups (technician)
              </button>
              <button type="button" className="button" onClick={onQuit}>
                Quit
              </button>
              <button type="button" className="button" onClick={() => void copyReport()}>
                Copy diagnostic report
              </button>
            </div>
            <p className="copy-status" role="status">
              {copied}
            </p>
          </section>
        )}
      </div>
    </Layout>
  );
}

/** Whom to call, from the store's configuration; an offline till can send nothing, so a phone and an address. */
function SupportLine({ store }: { store: StoreInfo }) {
  const s = store.support;
  if (!s) return <>your technician</>;
  return (
    <>
      <strong>{s.name}</strong> on <strong className="nowrap">{s.phone}</strong> ({s.hours}; {s.address})
    </>
  );
}

function UpgradeSummary({ report, onContinue }: { report: UpgradeReport; onContinue(): void }) {
  const rows = report.after.reduce((sum, t) => sum + t.rows, 0);
  return (
    <section className="panel panel-ok" aria-labelledby="upgrade-done-title">
      <h2 id="upgrade-done-title">Upgrade complete</h2>
      <dl className="summary">
        <dt>Records</dt>
        <dd className="num">{formatCount(rows)}, all checked</dd>
        <dt>Time</dt>
        <dd className="num">{formatDuration(report.timingsMs.total)}</dd>
        <dt>Safety copy</dt>
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
