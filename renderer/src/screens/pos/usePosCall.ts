import { useCallback, useRef, useState } from 'react';
import type { ErrorInfo, Outcome } from '../../pos';

/**
 * One POS request at a time per panel: its result, its error, and whether it
 * is running. A session that expired sends the till back to sign-in.
 */
export function usePosCall<T>(onSessionExpired: () => void) {
  const [state, setState] = useState<{ busy: boolean; value: T | undefined; error: ErrorInfo | null }>({ busy: false, value: undefined, error: null });
  const latest = useRef(0);
  const run = useCallback(
    async (call: () => Promise<Outcome<T>>): Promise<T | undefined> => {
      const id = ++latest.current;
      setState((s) => ({ ...s, busy: true, error: null }));
      const o = await call();
      if (id !== latest.current) return undefined;
      if (!o.ok && o.error.code === 'SESSION_EXPIRED') {
        onSessionExpired();
        return undefined;
      }
      setState(o.ok ? { busy: false, value: o.value, error: null } : { busy: false, value: undefined, error: o.error });
      return o.ok ? o.value : undefined;
    },
    [onSessionExpired],
  );
  const reset = useCallback(() => setState({ busy: false, value: undefined, error: null }), []);
  return { ...state, run, reset };
}
