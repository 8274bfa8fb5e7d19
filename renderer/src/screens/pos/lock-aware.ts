import type { Outcome } from '../../pos';

/**
 * The idle lock on the page's side. The worker refuses every call of an idle
 * session with SESSION_LOCKED (nothing ran); this wraps the POS and receipt
 * calls so that such a refusal shows the lock screen and the call WAITS: once
 * the same user's PIN unlocked the session, it is sent again and its panel
 * gets the answer as if nothing happened (the cart and the screen stay as
 * they were). If someone else signs in instead, the waiting calls get the
 * refusal. `retry: false` (the header's poll) only reports the lock.
 */
export interface LockGate {
  /** Called with each SESSION_LOCKED answer: show the lock screen. */
  onLocked(): void;
  /** Resolves true when the session was unlocked (send again), false when it ended. */
  unlocked(): Promise<boolean>;
}

const isOutcome = (v: unknown): v is Outcome<unknown> => typeof v === 'object' && v !== null && 'ok' in v;

export function lockAware<T extends object>(api: T, gate: LockGate, options: { retry: boolean } = { retry: true }): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(api)) {
    if (typeof fn !== 'function') {
      wrapped[name] = fn;
      continue;
    }
    wrapped[name] = (...args: unknown[]) => {
      const first = (fn as (...a: unknown[]) => unknown)(...args);
      if (!(first instanceof Promise)) return first; // an event subscription
      const attempt = async (answer: Promise<unknown>): Promise<unknown> => {
        const o = await answer;
        if (!isOutcome(o) || o.ok || o.error.code !== 'SESSION_LOCKED') return o;
        gate.onLocked();
        if (!options.retry || !(await gate.unlocked())) return o;
        return attempt((fn as (...a: unknown[]) => Promise<unknown>)(...args));
      };
      return attempt(first);
    };
  }
  return wrapped as T;
}

/** The lock's state for one signed-in shell: waiting calls are released by unlock() or end(). */
export function lockLatch() {
  let waiting: ((unlocked: boolean) => void)[] = [];
  return {
    unlocked: () => new Promise<boolean>((resolve) => waiting.push(resolve)),
    release(unlocked: boolean) {
      const all = waiting;
      waiting = [];
      for (const resolve of all) resolve(unlocked);
    },
  };
}
