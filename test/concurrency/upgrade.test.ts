import { describe, expect, it } from 'vitest';
import { concurrentRun } from './harness';
import { mediumStore } from './fixture';

const store = mediumStore('pos-concurrent-upgrade-');

describe('pos-db upgrade while another program writes to the store (issue 9)', () => {
  it("the issue's recipe (sqlite3 CLI inserting every 5 ms, upgrade 0.4 s later): integrity_check ok, every committed row present, the tool says what happened", async () => {
    const r = await concurrentRun('upgrade', 'sqlite3-cli', store.fixture(), store.work('recipe'));
    expect(r.problems, r.verdict).toEqual([]);
    expect(r).toMatchObject({ integrity: 'ok', lost: 0 });
    expect(r.committed).toBeGreaterThan(10);
    // A refusal names the cause and the way out; it is never a row_count verification failure.
    if (r.outcome === 'refused') expect(r.verdict).toMatch(/Another program is writing to .* Close POS Desktop and every other program using the database/);
    expect(r.verdict).not.toMatch(/row_count|malformed/);
  });

  it('a writer that keeps its connection and keeps writing gets the refusal that says another program is writing and to close it', async () => {
    const r = await concurrentRun('upgrade', 'node-keep', store.fixture(), store.work('keep'));
    expect(r.problems, r.verdict).toEqual([]);
    expect(r).toMatchObject({ exitCode: 1, outcome: 'refused', integrity: 'ok', lost: 0 });
    expect(r.verdict).toMatch(/Another program is writing to .*nothing was changed/);
  });

  it('a program that only opens, reads and closes does not stop it: upgraded', async () => {
    const r = await concurrentRun('upgrade', 'node-reader', store.fixture(), store.work('reader'));
    expect(r.problems, r.verdict).toEqual([]);
    expect(r).toMatchObject({ exitCode: 0, outcome: 'done', integrity: 'ok' });
  });
});
