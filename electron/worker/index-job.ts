import { migrationStatus } from '../db/migrator';
import { buildMissingPerfIndexes, missingPerfIndexes, retiredPerfIndexes, type PerfIndexBuild } from '../db/perf-indexes';
import type { Db } from '../db/open';
import type { WorkerContext } from './context';
import type { ServeHooks } from './serve';
import { MIGRATIONS } from '../../migrations';

/** Lets the worker's event loop serve the POS messages that arrived while an index was built. */
const yieldToPos = () => new Promise<void>((resolve) => setImmediate(resolve));

function needsIndexes(db: Db): boolean {
  try {
    const status = migrationStatus(db, MIGRATIONS);
    return status.pending.length === 0 && status.unknown.length === 0 && (missingPerfIndexes(db).length > 0 || retiredPerfIndexes(db).length > 0);
  } catch {
    return false;
  }
}

/**
 * Builds the performance indexes (electron/db/perf-indexes.ts) in the worker after an upgrade's COMMIT:
 * started after a POS operation on a store that is migrated and lacks some, one index per transaction
 * with the event loop served in between, so the POS answers while they build. Held (and waited for)
 * before an operation that needs the file to itself; looked at again after it (a restored file may lack them).
 */
export function indexJobHooks(options: { onBuilt?: (build: PerfIndexBuild) => void } = {}) {
  return (ctx: WorkerContext): ServeHooks => {
    let running: Promise<void> | null = null;
    let stopping = false;
    let checked = false;
    return {
      afterShared() {
        if (running || checked) return;
        checked = true;
        if (!needsIndexes(ctx.store())) return;
        stopping = false;
        running = buildMissingPerfIndexes(ctx.store(), { between: yieldToPos, stop: () => stopping })
          .then((build) => {
            options.onBuilt?.(build);
            if (!build.complete) checked = false;
          })
          .catch(() => {
            // A busy or full store: the next POS operation after the next exclusive one tries again.
            checked = false;
          })
          .finally(() => {
            running = null;
          });
      },
      async beforeExclusive() {
        stopping = true;
        await running;
      },
      afterExclusive() {
        checked = false;
      },
    };
  };
}

/** Both jobs' hooks in one (serveOps takes one set): every hook of each, in order. */
export function combineHooks(
  ...all: ((ctx: WorkerContext, post: (domain: string, name: string, payload: unknown) => void) => ServeHooks)[]
): (ctx: WorkerContext, post: (domain: string, name: string, payload: unknown) => void) => ServeHooks {
  return (ctx, post) => {
    const hooks = all.map((h) => h(ctx, post));
    return {
      concurrent: new Set(hooks.flatMap((h) => [...(h.concurrent ?? [])])),
      afterShared: (name) => hooks.forEach((h) => h.afterShared?.(name)),
      beforeExclusive: async (name) => {
        for (const h of hooks) await h.beforeExclusive?.(name);
      },
      afterExclusive: (name) => hooks.forEach((h) => h.afterExclusive?.(name)),
    };
  };
}
