import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ErrorInfo } from '../../pos';
import { ErrorLine } from './ErrorLine';
import type { SignedInView } from './types';

interface Props {
  session: SignedInView;
  busy: boolean;
  error: ErrorInfo | null;
  onUnlock(pin: string): void;
  onSomeoneElse(): void;
}

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'clear', '0', 'back'] as const;

/**
 * Shown when the worker says the session went idle (SESSION_LOCKED), or the
 * page's own timer ran out first: who is signed in, a PIN pad for the same
 * user, and a way for someone else to sign in. The till behind it (the cart,
 * the open panel) stays as it was, covered by this modal dialog.
 */
export function LockScreen({ session, busy, error, onUnlock, onSomeoneElse }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const field = useRef<HTMLInputElement>(null);
  const [pin, setPin] = useState('');
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    field.current?.focus();
    return () => dialog?.close();
  }, []);
  useEffect(() => {
    if (error) setPin('');
  }, [error]);
  const press = (key: (typeof KEYS)[number]) => {
    if (key === 'clear') setPin('');
    else if (key === 'back') setPin((p) => p.slice(0, -1));
    else setPin((p) => (p.length < 8 ? p + key : p));
    field.current?.focus();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (/^\d{4,8}$/.test(pin)) onUnlock(pin);
  };
  const { user, store } = session;
  return (
    <dialog
      ref={ref}
      className="dialog pos-lock"
      aria-labelledby="lock-title"
      data-testid="lock-screen"
      onCancel={(e) => e.preventDefault() /* Escape does not unlock */}
    >
      <form onSubmit={submit}>
        <h2 id="lock-title">The till is locked</h2>
        <div className="dialog-body">
          <p>
            Signed in: <strong data-testid="lock-user">{user.display_name}</strong> ({user.role}) at {store.name}. It locked after {session.idleLockMinutes} min
            without use; the sale in progress is kept.
          </p>
        </div>
        <label className="pos-field">
          <span>{user.display_name}&apos;s PIN</span>
          <input
            ref={field}
            name="pin"
            type="password"
            inputMode="numeric"
            autoComplete="off"
            maxLength={8}
            value={pin}
            onChange={(e) => setPin(e.target.value.replace(/\D/g, '').slice(0, 8))}
          />
        </label>
        <div className="pos-pinpad" role="group" aria-label="PIN pad">
          {KEYS.map((k) => (
            <button
              key={k}
              type="button"
              className="button pos-pinkey"
              onClick={() => press(k)}
              aria-label={k === 'back' ? 'Delete last digit' : k === 'clear' ? 'Clear' : k}
            >
              {k === 'back' ? '⌫' : k === 'clear' ? 'Clear' : k}
            </button>
          ))}
        </div>
        <ErrorLine error={error} />
        <div className="actions">
          <button type="submit" className="button pos-primary" disabled={busy || !/^\d{4,8}$/.test(pin)}>
            {busy ? 'Unlocking…' : 'Unlock'}
          </button>
          <button type="button" className="button" onClick={onSomeoneElse}>
            Sign in as someone else
          </button>
        </div>
      </form>
    </dialog>
  );
}
