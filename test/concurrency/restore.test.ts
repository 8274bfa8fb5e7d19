import { describe, expect, it } from 'vitest';
import { concurrentRun, type OtherProgram } from './harness';
import { mediumStore } from './fixture';

const store = mediumStore('pos-concurrent-restore-');

describe('pos-db restore while another program writes to the store (issue 9)', () => {
  const perInsert: OtherProgram[] = ['sqlite3-cli', 'node-per-insert'];
  for (const other of perInsert) {
    it(`with ${other}: every committed row is in the pre-restore backup or the restored store, its bookkeeping rows are there`, async () => {
      const r = await concurrentRun('restore', other, store.fixture(), store.work(other));
      expect(r.problems, r.verdict).toEqual([]);
      expect(r).toMatchObject({ integrity: 'ok', lost: 0 });
      expect(r.committed).toBeGreaterThan(10);
    });
  }

  it('a writer that keeps its connection open is refused before anything changes, and told to close it', async () => {
    const r = await concurrentRun('restore', 'node-keep', store.fixture(), store.work('keep'));
    expect(r.problems, r.verdict).toEqual([]);
    expect(r).toMatchObject({ exitCode: 1, outcome: 'refused', integrity: 'ok', lost: 0 });
    expect(r.verdict).toMatch(/still in use by another program .*Close POS Desktop and every other program/);
  });
});
