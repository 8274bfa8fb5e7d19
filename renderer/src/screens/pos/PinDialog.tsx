import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';

interface Props {
  title: string;
  /** What is being approved or who is switching, in words. */
  children: ReactNode;
  submitLabel: string;
  /** Usernames to choose from (the quick switch lists the store's staff); free text when absent. */
  users?: { username: string; name: string; role: string }[];
  error: string | null;
  busy: boolean;
  onSubmit(input: { username: string; pin: string }): void;
  onCancel(): void;
}

/**
 * A username and PIN, typed at the till: a manager's approval, or the quick
 * switch to another employee. A modal <dialog>: Escape cancels, focus stays
 * inside; checked by the worker, never here.
 */
export function PinDialog({ title, children, submitLabel, users, error, busy, onSubmit, onCancel }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const first = useRef<HTMLSelectElement & HTMLInputElement>(null);
  const [username, setUsername] = useState(users?.[0]?.username ?? '');
  const [pin, setPin] = useState('');
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    first.current?.focus();
    return () => dialog?.close();
  }, []);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (username.trim() && pin) onSubmit({ username: username.trim(), pin });
  };
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="pin-title"
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <form onSubmit={submit}>
        <h2 id="pin-title">{title}</h2>
        <div className="dialog-body">{children}</div>
        <div className="pos-fields">
          <label className="pos-field">
            <span>{users ? 'Employee' : 'Manager username'}</span>
            {users ? (
              <select ref={first} value={username} onChange={(e) => setUsername(e.target.value)}>
                {users.map((u) => (
                  <option key={u.username} value={u.username}>
                    {u.name} ({u.role})
                  </option>
                ))}
              </select>
            ) : (
              <input ref={first} value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="off" spellCheck={false} />
            )}
          </label>
          <label className="pos-field">
            <span>PIN</span>
            <input type="password" inputMode="numeric" value={pin} onChange={(e) => setPin(e.target.value)} autoComplete="off" />
          </label>
        </div>
        {error && (
          <p className="pos-error" role="alert">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="button pos-primary" disabled={busy}>
            {submitLabel}
          </button>
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
