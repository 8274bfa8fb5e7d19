import { useEffect, useRef, type ReactNode } from 'react';

interface Props {
  title: string;
  confirmLabel: string;
  onConfirm(): void;
  onCancel(): void;
  /** The confirm button waits (e.g. until what the restore would lose is known). */
  busy?: boolean;
  children: ReactNode;
}

/**
 * A modal <dialog>: the browser traps focus inside and Escape cancels. Focus
 * starts on Cancel, so an Enter pressed by habit never replaces a database.
 */
export function ConfirmDialog({ title, confirmLabel, onConfirm, onCancel, busy = false, children }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    cancelRef.current?.focus();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="confirm-title"
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <h2 id="confirm-title">{title}</h2>
      <div className="dialog-body">{children}</div>
      <div className="actions">
        <button type="button" className="button danger" disabled={busy} onClick={onConfirm}>
          {confirmLabel}
        </button>
        <button type="button" className="button" ref={cancelRef} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
