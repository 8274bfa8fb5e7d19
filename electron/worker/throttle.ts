/**
 * Progress events carry cumulative state, so intermediate ones can be dropped.
 * An event is sent at once when its key (phase, stage) changes or when
 * `intervalMs` has passed since the last one; otherwise it is kept and sent by
 * the next event past the interval or by flush() when the operation ends. The
 * last event of a phase is always sent before the first of the next, so the
 * page knows exactly where a phase ended (e.g. the table an upgrade failed on).
 * This keeps a per-row progress callback from flooding the main process.
 */
export function throttled<T>(send: (payload: T) => void, key: (payload: T) => string, intervalMs: number, now: () => number = Date.now) {
  let lastKey: string | null = null;
  let lastSent = -Infinity;
  let pending: { payload: T } | null = null;
  return {
    push(payload: T): void {
      const k = key(payload);
      const t = now();
      if (k !== lastKey || t - lastSent >= intervalMs) {
        if (k !== lastKey && pending) send(pending.payload);
        pending = null;
        lastKey = k;
        lastSent = t;
        send(payload);
      } else {
        pending = { payload };
      }
    },
    flush(): void {
      if (!pending) return;
      const { payload } = pending;
      pending = null;
      lastSent = now();
      send(payload);
    },
  };
}
