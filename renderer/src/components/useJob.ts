import { useCallback, useRef, useState } from 'react';
import { unexpectedErrorInfo } from '../../../electron/errors';
import type { ErrorInfo, Outcome } from '../pos';

export type JobState<P, T> =
  | { stage: 'idle' }
  | { stage: 'running'; progress: P | null }
  /** `progress` is the last event seen, kept so a finished job can still say how far it got. */
  | { stage: 'done'; value: T; progress: P | null }
  | { stage: 'failed'; error: ErrorInfo; progress: P | null };

/**
 * One long operation with live progress: subscribes to its progress events
 * for exactly as long as it runs. A second start while running is ignored
 * (the main process would refuse it anyway).
 */
export function useJob<P, T, A extends unknown[]>(subscribe: (listener: (p: P) => void) => () => void, run: (...args: A) => Promise<Outcome<T>>) {
  const [state, setState] = useState<JobState<P, T>>({ stage: 'idle' });
  const running = useRef(false);

  const start = useCallback(
    async (...args: A): Promise<Outcome<T> | null> => {
      if (running.current) return null;
      running.current = true;
      setState({ stage: 'running', progress: null });
      let last: P | null = null;
      const off = subscribe((progress) => {
        last = progress;
        setState((s) => (s.stage === 'running' ? { stage: 'running', progress } : s));
      });
      try {
        const outcome = await run(...args);
        setState(outcome.ok ? { stage: 'done', value: outcome.value, progress: last } : { stage: 'failed', error: outcome.error, progress: last });
        return outcome;
      } catch (err) {
        const error: ErrorInfo = unexpectedErrorInfo((err as Error).message ?? String(err));
        setState({ stage: 'failed', error, progress: last });
        return { ok: false, error };
      } finally {
        off();
        running.current = false;
      }
    },
    [subscribe, run],
  );

  const reset = useCallback(() => {
    if (!running.current) setState({ stage: 'idle' });
  }, []);

  return { state, start, reset };
}
