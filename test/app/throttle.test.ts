import { describe, expect, it } from 'vitest';
import { throttled } from '../../electron/worker/throttle';

describe('progress events are coalesced, never lost at a phase change or the end', () => {
  it('sends the first event, the last of a phase and the first of the next, and at most one per interval otherwise', () => {
    let now = 0;
    const sent: string[] = [];
    const t = throttled<{ phase: string; n: number }>(
      (p) => sent.push(`${p.phase}${p.n}`),
      (p) => p.phase,
      50,
      () => now,
    );
    t.push({ phase: 'a', n: 1 });
    now = 10;
    t.push({ phase: 'a', n: 2 });
    now = 20;
    t.push({ phase: 'a', n: 3 });
    now = 30;
    t.push({ phase: 'b', n: 1 }); // phase change: a3 (where phase a ended) then b1; a2 is dropped (state is cumulative)
    now = 90;
    t.push({ phase: 'b', n: 2 }); // 60 ms later: sent
    now = 100;
    t.push({ phase: 'b', n: 3 });
    t.flush(); // end of the operation: the last one goes out
    t.flush(); // and only once
    expect(sent).toEqual(['a1', 'a3', 'b1', 'b2', 'b3']);
  });
});
