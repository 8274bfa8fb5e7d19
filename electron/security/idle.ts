import { SessionLockedError } from './errors';

/**
 * When each session last did something, by the sha256 of its token (the
 * worker's memory only: a restart of the worker forgets every time, and a
 * session it does not know counts as idle, so the PIN is asked again).
 * `check` throws SessionLockedError for a session idle longer than the
 * store's idle time; `touch` records activity. Sessions past SESSION_TTL_MS are
 * dropped as they age, so the map stays the size of the live sessions.
 */
export function idleTracker(maxAgeMs: number) {
  const last = new Map<string, number>();
  const prune = (nowMs: number) => {
    for (const [hash, at] of last) if (nowMs - at > maxAgeMs) last.delete(hash);
  };
  return {
    /** Throws SessionLockedError when the session was idle longer than `limitMs` (or is unknown). */
    check(tokenHash: string, now: Date, limitMs: number): void {
      const at = last.get(tokenHash);
      if (at === undefined || now.getTime() - at > limitMs) throw new SessionLockedError(Math.round(limitMs / 60_000));
    },
    isIdle(tokenHash: string, now: Date, limitMs: number): boolean {
      const at = last.get(tokenHash);
      return at === undefined || now.getTime() - at > limitMs;
    },
    touch(tokenHash: string, now: Date): void {
      if (last.size > 64) prune(now.getTime());
      last.set(tokenHash, now.getTime());
    },
    forget(tokenHash: string): void {
      last.delete(tokenHash);
    },
  };
}
export type IdleTracker = ReturnType<typeof idleTracker>;
