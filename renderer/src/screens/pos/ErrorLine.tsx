import type { ErrorInfo } from '../../pos';

/** A refused request in one or two lines: what happened, then what to do. */
export function ErrorLine({ error }: { error: ErrorInfo | null }) {
  if (!error) return null;
  return (
    <p className="pos-error" role="alert">
      <strong>{error.message}.</strong> {error.hint}.
    </p>
  );
}
