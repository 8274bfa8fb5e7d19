import type { ReactNode } from 'react';
import { tillHint } from '../app-hints';
import type { ErrorInfo } from '../pos';

/** What went wrong in plain words, then what to do; the error code is for support. */
export function ErrorPanel({ title, error, children }: { title: string; error: ErrorInfo; children?: ReactNode }) {
  return (
    <section className="panel panel-error" role="alert" aria-labelledby="error-title">
      <h2 id="error-title">{title}</h2>
      <p className="error-message">{error.message}.</p>
      <p className="error-hint">{tillHint(error)}.</p>
      {children}
      <p className="error-code">Code {error.code}</p>
    </section>
  );
}
