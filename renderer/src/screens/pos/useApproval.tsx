import { useCallback, useState } from 'react';
import type { ErrorInfo, Outcome } from '../../pos';
import { PinDialog } from './PinDialog';
import type { ApprovalInput } from './types';

type Pending<T> = { message: string; retry: (approval: ApprovalInput) => Promise<Outcome<T>>; resolve: (o: Outcome<T>) => void };

/**
 * A request that may need a manager: sent as is first; when the worker
 * answers APPROVAL_REQUIRED, the manager's username and PIN are asked for and
 * the same request goes again with them (the worker checks them). A refused
 * PIN keeps the dialog open with the reason.
 */
export function useApproval<T>() {
  const [pending, setPending] = useState<Pending<T> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = useCallback(async (call: (approval: ApprovalInput | null) => Promise<Outcome<T>>): Promise<Outcome<T>> => {
    const first = await call(null);
    if (first.ok || first.error.code !== 'APPROVAL_REQUIRED') return first;
    return new Promise<Outcome<T>>((resolve) => {
      setError(null);
      setPending({ message: first.error.message, retry: (a) => call(a), resolve });
    });
  }, []);

  const dialog = pending ? (
    <PinDialog
      title="Manager approval"
      submitLabel="Approve"
      error={error}
      busy={busy}
      onCancel={() => {
        const cancelled: ErrorInfo = {
          code: 'APPROVAL_CANCELLED',
          name: 'Cancelled',
          message: 'Not approved: nothing was changed',
          hint: 'Change the request, or ask a manager',
        };
        pending.resolve({ ok: false, error: cancelled });
        setPending(null);
      }}
      onSubmit={async (approval) => {
        setBusy(true);
        const o = await pending.retry(approval);
        setBusy(false);
        if (!o.ok && (o.error.code === 'APPROVAL_REFUSED' || o.error.code === 'IPC_BAD_INPUT')) return setError(`${o.error.message}. ${o.error.hint}.`);
        pending.resolve(o);
        setPending(null);
      }}
    >
      <p>{pending.message}.</p>
    </PinDialog>
  ) : null;
  return { run, dialog };
}
