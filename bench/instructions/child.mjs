// Runs under callgrind (see bench/instructions/count.ts): plain JS, better-sqlite3 only, so the
// process does as little as possible besides the statements. Reads a job file written by the parent:
// { legacyDb, migratedDb, times, pairs: [{ name, legacy, scoped, params: [...], scopedParams: [...] }] }.
// Between runs it calls db.unsafeMode(false), which nothing else calls: callgrind is told to dump its
// counters before Database::JS_unsafeMode, so each dump holds one stretch of work. Per pair, four
// stretches: legacy warm-up, legacy measured, scoped warm-up, scoped measured. Each side runs once right
// before it is measured (as the CPU-time bench does), so the measured runs find their pages in SQLite's
// cache whatever the statements before them read; the parent keeps only the measured stretches.
// A parameter set is an array (positional) or an object (named).
import fs from 'node:fs';
import Database from 'better-sqlite3';

const job = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const legacy = new Database(job.legacyDb, { readonly: true });
const migrated = new Database(job.migratedDb, { readonly: true });
const call = (stmt, x) => (Array.isArray(x) ? stmt.all(...x) : stmt.all(x));
const prepared = job.pairs.map((p) => ({ p, a: legacy.prepare(p.legacy), b: migrated.prepare(p.scoped) }));
// With --expose-gc (the whole-call count) the young generation is emptied before each stretch, outside the
// counted calls, so no collection lands inside one side's count.
const marker = () => {
  globalThis.gc?.();
  legacy.unsafeMode(false);
};
for (const { p, a, b } of prepared) {
  p.params.forEach((x) => call(a, x));
  marker();
  for (let r = 0; r < job.times; r++) p.params.forEach((x) => call(a, x));
  marker();
  p.scopedParams.forEach((x) => call(b, x));
  marker();
  for (let r = 0; r < job.times; r++) p.scopedParams.forEach((x) => call(b, x));
  marker();
}
legacy.close();
migrated.close();
