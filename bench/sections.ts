import { backupSection } from './backup';
import { concurrencySection } from './concurrency';
import { instructionsSection } from './instructions/count';
import type { BenchContext, BenchRow } from './lib';
import { migrationSection } from './migration';
import { queriesSection } from './queries';
import { stallSection } from './stall';
import { stallSyncSection } from './stall-sync';
import { syncSection } from './sync';
import { tenantQueriesSection } from './tenant-queries';

/** A benchmark section: runs side-by-side measurements and returns table rows. */
export interface BenchSection {
  name: string;
  /** False for a section that never reads the large demo store (it is then not generated for it). */
  usesLargeStore?: false;
  run(ctx: BenchContext): Promise<BenchRow[]>;
}

/** Every section `npm run bench` runs, in order. Each lives in its own file under bench/. */
export const SECTIONS: BenchSection[] = [
  backupSection,
  concurrencySection,
  migrationSection,
  queriesSection,
  tenantQueriesSection,
  instructionsSection,
  stallSection,
  stallSyncSection,
  syncSection,
];
