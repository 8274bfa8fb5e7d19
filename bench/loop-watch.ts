// Watches this thread's event loop, for the stall sections (bench/stall.ts, bench/stall-sync.ts): this
// process plays Electron's main process, so its event loop is the one that must never stall.
import { monitorEventLoopDelay } from 'node:perf_hooks';

export const TICK_MS = 10;

export interface LoopFigures {
  maxMs: number;
  p99Ms: number;
  meanMs: number;
  /** The largest lateness of a 10 ms interval timer. */
  lateMaxMs: number;
  ticks: number;
}

export interface LoopWatch {
  stop(): LoopFigures;
}

/** Watches this thread's event loop two ways: libuv's delay histogram, and how late a 10 ms timer fires. */
export function watchLoop(): LoopWatch {
  const histogram = monitorEventLoopDelay({ resolution: TICK_MS });
  histogram.enable();
  let last = performance.now();
  let lateMaxMs = 0;
  let ticks = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    lateMaxMs = Math.max(lateMaxMs, now - last - TICK_MS);
    last = now;
    ticks++;
  }, TICK_MS);
  return {
    stop() {
      clearInterval(timer);
      histogram.disable();
      // The histogram records the time between its own 10 ms ticks: the delay is what exceeds the tick.
      const delay = (ns: number) => Math.max(0, ns / 1e6 - TICK_MS);
      return { maxMs: delay(histogram.max), p99Ms: delay(histogram.percentile(99)), meanMs: delay(histogram.mean), lateMaxMs, ticks };
    },
  };
}
