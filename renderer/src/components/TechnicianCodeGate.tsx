import { useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { ErrorInfo, Outcome, PosApi } from '../pos';

/** The Backups calls the gate watches: a refusal with no one signed in asks for the code, then the call runs again. */
const GATED = ['list', 'create', 'restore', 'restoreImpact'] as const;

/** Staff words for the code's answers (the worker's hints speak of pos-db, for the technician at the machine). */
const CODE_WORDS: Record<string, string> = {
  TECHNICIAN_CODE_REFUSED: 'That is not the technician code of this till.',
  TECHNICIAN_CODE_LOCKED: 'The technician code is locked after 5 wrong tries. Your technician can unlock it on this computer.',
  TECHNICIAN_CODE_NOT_SET: 'No technician code is set up on this till. Your technician can set one on this computer, or sign in as a technician or an admin.',
};

function codeProblem(error: ErrorInfo): string {
  if (error.code === 'TECHNICIAN_CODE_REFUSED') {
    const left = /\((\d+) tr(?:y|ies) left/.exec(error.hint)?.[1];
    if (left) return `${CODE_WORDS.TECHNICIAN_CODE_REFUSED} ${left} ${left === '1' ? 'try' : 'tries'} left before it locks.`;
    return `${CODE_WORDS.TECHNICIAN_CODE_REFUSED} ${CODE_WORDS.TECHNICIAN_CODE_LOCKED}`;
  }
  return CODE_WORDS[error.code] ?? `${error.message}.`;
}

interface Props {
  api: PosApi;
  /** Cancel on the prompt: leave the Backups screen. */
  onCancel(): void;
  /** The screen, given the api whose Backups calls ask for the code when they need it. */
  children(api: PosApi): ReactNode;
}

type Waiter = (accepted: boolean) => void;

/**
 * Where no one can sign in (the Problem and Future-database screens, the
 * sign-in screen's Backups), a Backups call is refused with PERMISSION_DENIED
 * until the technician code is entered. This asks for it, sends it to the main
 * process (which checks it in the worker and remembers it for this window a few
 * minutes: the page never holds it), then runs the refused call again. A
 * signed-in employee who may not use Backups just sees the refusal.
 */
export function TechnicianCodeGate({ api, onCancel, children }: Props) {
  const [asking, setAsking] = useState(false);
  const waiters = useRef<Waiter[]>([]);
  const cancelRef = useRef(onCancel);
  cancelRef.current = onCancel;

  const gated = useMemo<PosApi>(() => {
    const ask = () =>
      new Promise<boolean>((resolve) => {
        waiters.current.push(resolve);
        setAsking(true);
      });
    const wrap =
      <A extends unknown[], T>(call: (...args: A) => Promise<Outcome<T>>) =>
      async (...args: A): Promise<Outcome<T>> => {
        const first = await call(...args);
        if (first.ok || first.error.code !== 'PERMISSION_DENIED') return first;
        const me = await api.pos.me();
        if (!me.ok || me.value !== null) return first;
        return (await ask()) ? call(...args) : first;
      };
    const backups = { ...api.backups } as Record<string, unknown>;
    for (const name of GATED) backups[name] = wrap(api.backups[name] as (...args: unknown[]) => Promise<Outcome<unknown>>);
    return { ...api, backups: backups as PosApi['backups'] };
  }, [api]);

  const settle = (accepted: boolean) => {
    const pending = waiters.current;
    waiters.current = [];
    setAsking(false);
    pending.forEach((w) => w(accepted));
    if (!accepted) cancelRef.current();
  };

  return (
    <>
      {children(gated)}
      {asking && <TechnicianCodeDialog api={api} onAccepted={() => settle(true)} onCancel={() => settle(false)} />}
    </>
  );
}

function TechnicianCodeDialog({ api, onAccepted, onCancel }: { api: PosApi; onAccepted(): void; onCancel(): void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    input.current?.focus();
    return () => dialog?.close();
  }, []);
  // After a refusal, the emptied field has the focus again (once it is enabled), for the next try.
  useEffect(() => {
    if (!busy) input.current?.focus();
  }, [busy, problem]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || code.trim() === '') return;
    setBusy(true);
    const o = await api.backups.technicianCode({ code: code.trim() });
    setBusy(false);
    if (o.ok) return onAccepted();
    setCode('');
    setProblem(codeProblem(o.error));
  };
  return (
    <dialog
      ref={ref}
      className="dialog technician-code"
      aria-labelledby="technician-code-title"
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <form onSubmit={(e) => void submit(e)}>
        <h2 id="technician-code-title">Technician code</h2>
        <div className="dialog-body">
          <p>No one is signed in, so backups and restores need the technician code of this till.</p>
          <p>It was set when POS Desktop was installed. If you do not have it, call your technician or support.</p>
        </div>
        <div className="pos-fields">
          <label className="pos-field">
            <span>Technician code</span>
            <input
              ref={input}
              type="password"
              inputMode="numeric"
              value={code}
              onChange={(e) => setCode(e.target.value)}
              autoComplete="off"
              maxLength={32}
              disabled={busy}
            />
          </label>
        </div>
        {problem && (
          <p className="pos-error" role="alert">
            {problem}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="button primary" disabled={busy || code.trim() === ''}>
            Open Backups
          </button>
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
