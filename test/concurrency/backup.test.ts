import { describe, expect, it } from 'vitest';
import { concurrentRun, type OtherProgram } from './harness';
import { mediumStore } from './fixture';

const store = mediumStore('pos-concurrent-backup-');

describe('pos-db backup while another program uses the store (issue 9; the long version is `npm run bench -- concurrency`)', () => {
  const others: OtherProgram[] = ['sqlite3-cli', 'python-per-insert', 'node-keep'];
  for (const other of others) {
    it(`with ${other}: exit 0, its backups row and manifest are there, the store passes integrity_check, no committed row lost`, async () => {
      const r = await concurrentRun('backup', other, store.fixture(), store.work(other));
      expect(r.problems, r.verdict).toEqual([]);
      expect(r).toMatchObject({ exitCode: 0, outcome: 'done', integrity: 'ok', lost: 0 });
      expect(r.committed).toBeGreaterThan(10);
    });
  }
});
