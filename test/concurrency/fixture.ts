import path from 'node:path';
import { beforeAll } from 'vitest';
import { makeDemoDatabase, tempDir } from '../helpers';
import { assertBuilt, assertSqlite3Cli } from './harness';

/** One medium legacy store per test file (75 MB, about 3 s), copied for every run; a folder per run. */
export function mediumStore(prefix: string): { fixture: () => string; work: (name: string) => string } {
  const dir = tempDir(prefix);
  let fixture = '';
  let n = 0;
  beforeAll(async () => {
    assertSqlite3Cli();
    assertBuilt();
    fixture = await makeDemoDatabase(dir, 'medium');
  });
  return { fixture: () => fixture, work: (name) => path.join(dir, `${name}-${n++}`) };
}
