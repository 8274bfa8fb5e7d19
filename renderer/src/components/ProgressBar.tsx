import { formatPercent } from '../format';

/** A native <progress> (no inline style, so the strict CSP holds) with its percentage beside it. */
export function ProgressBar({ fraction, label }: { fraction: number | null; label: string }) {
  return (
    <div className="progress">
      {fraction === null ? <progress aria-label={label} /> : <progress aria-label={label} max={1} value={Math.min(1, Math.max(0, fraction))} />}
      <span className="progress-percent" aria-hidden="true">
        {fraction === null ? '' : formatPercent(fraction)}
      </span>
    </div>
  );
}
