// Bench section "instructions": the repeatable figure. Each POS query and repository statement runs
// against its legacy twin inside one callgrind process (bench/instructions/child.mjs); callgrind counts
// instructions only while inside sqlite3_step (the SQLite work: seek, compare, read, sort) and
// sqlite3_column_* (handing each value of a row to better-sqlite3, so an extra column counts).
// Instruction counts do not depend on what else the shared machine is doing, so two runs agree.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../../electron/db/open';
import { median, type BenchContext, type BenchRow } from '../lib';
import { POS_QUERIES } from '../queries';
import type { BenchSection } from '../sections';
import type { ParamSet } from '../tenant-queries';
import { CAPS, compareStatements, drawSamples, prepareTenantStores, QUERY_PAIRS, scopedSql, type CpuComparison } from '../tenant-queries';
import { DEFAULT_TENANT_ID } from '../../contracts/tenant-id';

/** Pseudo-random but fixed: both runs draw the same sample rows. */
const FIXED_ORDER = '(rowid * 2654435761) % 1000003';
const SAMPLES = Number(process.env.BENCH_INSTR_SAMPLES ?? 10);
const TIMES = Number(process.env.BENCH_INSTR_TIMES ?? 3);
/** Rounds of the CPU-time comparison beside the counts, and how long each side of a round runs at least. */
const CPU_ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const CPU_SLICE_MS = 4;

export interface InstructionPair {
  name: string;
  set: 'pos' | 'repository';
  legacy: string;
  scoped: string;
  params: ParamSet[];
  scopedParams: ParamSet[];
}

/**
 * The same pairs with the same parameters in CPU time (compareStatements, as the tenant-queries section
 * times them), on the same two stores opened as the app opens them. The parameter list runs as many
 * passes per round as make each side last CPU_SLICE_MS, so a 20 us statement is above the clock's grain.
 */
export function cpuRatios(legacyFile: string, migratedFile: string, pairs: InstructionPair[], rounds = CPU_ROUNDS): CpuComparison[] {
  const legacy = openDatabase(legacyFile, { readonly: true });
  const migrated = openDatabase(migratedFile, { readonly: true });
  try {
    return pairs.map((p) => {
      const a = legacy.prepare(p.legacy);
      const b = migrated.prepare(p.scoped);
      const call = (stmt: typeof a, x: ParamSet) => (Array.isArray(x) ? stmt.all(...x) : stmt.all(x));
      p.params.forEach((x) => call(a, x));
      p.scopedParams.forEach((x) => call(b, x));
      const t = performance.now();
      p.params.forEach((x) => call(a, x));
      p.scopedParams.forEach((x) => call(b, x));
      const once = (performance.now() - t) / 2;
      const passes = Math.min(200, Math.max(1, Math.ceil(CPU_SLICE_MS / Math.max(once, 0.001))));
      return compareStatements(legacy, migrated, { legacy: p.legacy, scoped: p.scoped }, p.params, p.scopedParams, rounds, passes);
    });
  } finally {
    legacy.close();
    migrated.close();
  }
}

/**
 * Whether the counts and the CPU time agree within the CPU measurement's noise: the range of the CPU rounds'
 * ratios meets the interval between the two counts' ratios. The SQLite-only count (the targets' figure)
 * leaves out the tenant parameter bound on every call and the JS value built for each returned column; the
 * whole-call count holds them but weighs V8's allocation, cheap per instruction, like SQLite's seeks. The
 * time a statement takes lies between what the two say; a CPU range outside both is a real disagreement.
 */
export const agrees = (sqliteIr: number, callIr: number, cpu: CpuComparison) => cpu.high >= Math.min(sqliteIr, callIr) && cpu.low <= Math.max(sqliteIr, callIr);

/** Parses callgrind's dump files of one run, in dump order, to their instruction totals (the exit dump, unnumbered, is last). */
export function readDumps(dir: string, prefix: string): number[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.startsWith(prefix))
    .map((f) => ({ f, n: f === prefix ? Infinity : Number(f.slice(prefix.length + 1)) }))
    .sort((a, b) => a.n - b.n);
  return files.map(({ f }) => {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    const m = /^(?:summary|totals):\s+(\d+)/m.exec(text);
    return m ? Number(m[1]) : 0;
  });
}

/**
 * What callgrind counts. 'sqlite': only inside sqlite3_step and sqlite3_column_* (the SQLite work: seek,
 * compare, read, sort, and handing each value of a row over), repeatable to a fraction of a percent: the
 * targets are judged on it. 'call': the whole `stmt.all()` call (better-sqlite3's Statement::JS_all:
 * binding the parameters, SQLite's work, building each row's JS object), the work the CPU time measures;
 * V8's allocation makes it less repeatable, so it serves only to check the CPU figure against a count.
 */
export type CountScope = 'sqlite' | 'call';

const COLLECT: Record<CountScope, string[]> = {
  sqlite: [
    '--toggle-collect=sqlite3_step',
    // sqlite3_column_*: reading each result value out of SQLite (an extra column is counted here).
    '--toggle-collect=sqlite3_column_*',
  ],
  call: ['--toggle-collect=Statement::JS_all*'],
};

/**
 * The whole call allocates each row's JS object: a young-generation collection landing inside one side's
 * stretch would be counted with it. The child collects before every stretch (gc() is outside the counted
 * calls) and a 64 MB young generation holds a whole stretch's rows, so no collection runs while counting.
 */
const NODE_FLAGS: Record<CountScope, string[]> = { sqlite: [], call: ['--expose-gc', '--max-semi-space-size=64'] };

/** Runs every pair under callgrind; instructions per side per pair. */
export function countInstructions(
  legacyDb: string,
  migratedDb: string,
  pairs: InstructionPair[],
  scratch: string,
  times = TIMES,
  scope: CountScope = 'sqlite',
) {
  const dir = fs.mkdtempSync(path.join(scratch, 'callgrind-'));
  const jobFile = path.join(dir, 'job.json');
  fs.writeFileSync(jobFile, JSON.stringify({ legacyDb, migratedDb, times, pairs }));
  execFileSync(
    'valgrind',
    [
      '--tool=callgrind',
      '--collect-atstart=no',
      ...COLLECT[scope],
      '--dump-before=Database::JS_unsafeMode*',
      `--callgrind-out-file=${path.join(dir, 'cg.out')}`,
      process.execPath,
      ...NODE_FLAGS[scope],
      path.resolve('bench/instructions/child.mjs'),
      jobFile,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 },
  );
  const dumps = readDumps(dir, 'cg.out');
  // Per pair: legacy warm-up, legacy measured, scoped warm-up, scoped measured (child.mjs); then the exit dump.
  if (dumps.length !== 4 * pairs.length + 1) throw new Error(`callgrind gave ${dumps.length} dumps, expected ${4 * pairs.length + 1}`);
  fs.rmSync(dir, { recursive: true, force: true });
  return pairs.map((p, i) => ({ name: p.name, set: p.set, legacy: dumps[4 * i + 1] ?? 0, scoped: dumps[4 * i + 3] ?? 0 }));
}

/** The 13 POS queries and the 42 repository statements with fixed parameters drawn from the legacy store. */
export function instructionPairs(legacyFile: string): InstructionPair[] {
  const db = openDatabase(legacyFile, { readonly: true });
  try {
    const pos: InstructionPair[] = POS_QUERIES.map((q) => {
      const params = q.params(db);
      return {
        name: q.name,
        set: 'pos',
        legacy: q.legacy,
        scoped: q.scoped,
        params: [q.legacyArgs?.(params) ?? params],
        scopedParams: [q.scopedArgs?.(DEFAULT_TENANT_ID, params) ?? [DEFAULT_TENANT_ID, ...params]],
      };
    });
    const samples = drawSamples(db, SAMPLES, FIXED_ORDER);
    const repo: InstructionPair[] = QUERY_PAIRS.map((p) => {
      const params = p.params(samples);
      return {
        name: p.name,
        set: 'repository',
        legacy: p.legacy,
        scoped: scopedSql(p.name),
        params,
        // As compare() binds them: a session token is looked up by its sha256 since 0006.
        scopedParams: params.map((x) => ({ ...(p.scopedParams?.(x) ?? x), tenantId: CAPS })),
      };
    });
    return [...pos, ...repo];
  } finally {
    db.close();
  }
}

export const instructionsSection: BenchSection = {
  name: 'instructions',
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const section = 'instructions';
    const { legacyFile, migratedFile } = await prepareTenantStores(ctx, 'ir');
    try {
      const pairs = instructionPairs(legacyFile);
      const counts = countInstructions(legacyFile, migratedFile, pairs, ctx.scratch);
      // The whole call counted too: the figure the CPU time is checked against (see agrees).
      const calls = countInstructions(legacyFile, migratedFile, pairs, ctx.scratch, TIMES, 'call');
      // The CPU-time ratio of the same statements in the same run, beside each count (issue 15 item 1).
      const cpu = cpuRatios(legacyFile, migratedFile, pairs);
      const rows: BenchRow[] = [];
      for (const set of ['pos', 'repository'] as const) {
        const ratios: number[] = [];
        const cpuOfSet: number[] = [];
        const callOfSet: number[] = [];
        const disagree: string[] = [];
        counts.forEach((c, i) => {
          if (c.set !== set) return;
          const ratio = c.scoped / c.legacy;
          const t = cpu[i]!;
          const callRatio = calls[i]!.scoped / calls[i]!.legacy;
          const agree = agrees(ratio, callRatio, t);
          ratios.push(ratio);
          cpuOfSet.push(t.ratio);
          callOfSet.push(callRatio);
          if (!agree) disagree.push(c.name);
          rows.push({
            section,
            name: `${set}: ${c.name}`,
            value: ratio,
            unit: 'Ir ratio',
            target: '<= 1.10',
            ok: ratio <= 1.1,
            note: `${c.scoped} vs ${c.legacy} Ir; whole call ${callRatio.toFixed(2)}, cpu ${t.ratio.toFixed(2)} (rounds ${t.low.toFixed(2)}-${t.high.toFixed(2)})${agree ? '' : ' DISAGREE'}`,
          });
        });
        const med = median(ratios);
        rows.push({ section, name: `${set}: median Ir ratio`, value: med, unit: 'Ir ratio', target: '<= 1.00', ok: med <= 1.0 });
        rows.push({ section, name: `${set}: median whole-call Ir ratio`, value: median(callOfSet), unit: 'Ir ratio', note: 'binding + SQLite + JS rows' });
        rows.push({
          section,
          name: `${set}: median CPU-time ratio, same statements`,
          value: median(cpuOfSet),
          unit: 'ratio',
          note: `${CPU_ROUNDS} rounds each`,
        });
        rows.push({
          section,
          name: `${set}: CPU rounds' range outside both counts`,
          value: disagree.length,
          unit: 'statements',
          target: '0',
          ok: disagree.length === 0,
          note: disagree.join(', '),
        });
      }
      return rows;
    } finally {
      for (const f of [legacyFile, migratedFile]) for (const e of ['', '-wal', '-shm']) fs.rmSync(f + e, { force: true });
    }
  },
};
