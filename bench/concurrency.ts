// Bench section `concurrency` (issue 9, the long version of test/concurrency): at least 20 runs of each of
// pos-db backup, upgrade and restore on a medium store while another program works on it in its own
// process (the sqlite3 CLI, python's sqlite3 and a node writer opening per insert, a node writer keeping
// its connection, a reader opening and closing), rotating through them. Targets: 0 corrupt stores,
// 0 committed rows lost, 0 broken promises (a bookkeeping row missing, an exit code or message that
// says something else than what happened).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createDemoDatabase } from '../electron/demo/generate';
import { formatTable } from '../electron/cli/format';
import { assertSqlite3Cli, concurrentRun, OTHER_PROGRAMS, type RunResult, type Tool } from '../test/concurrency/harness';
import type { BenchContext, BenchRow } from './lib';
import type { BenchSection } from './sections';

const RUNS_PER_TOOL = 20;
const TOOLS: Tool[] = ['backup', 'upgrade', 'restore'];

async function run(ctx: BenchContext): Promise<BenchRow[]> {
  assertSqlite3Cli();
  // The tools run as the shipped pos-db does: from the bundle.
  const built = spawnSync(process.execPath, ['scripts/build-node.mjs'], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`build failed: ${built.stderr}`);
  const dir = path.join(ctx.scratch, 'concurrency');
  fs.mkdirSync(dir);
  const fixture = path.join(dir, 'medium.sqlite');
  await createDemoDatabase(fixture, { size: 'medium', seed: 1 });

  const results: RunResult[] = [];
  for (const tool of TOOLS) {
    for (let i = 0; i < RUNS_PER_TOOL; i++) {
      const other = OTHER_PROGRAMS[i % OTHER_PROGRAMS.length]!;
      const work = path.join(dir, `${tool}-${i}`);
      const r = await concurrentRun(tool, other, fixture, work);
      results.push(r);
      if (r.problems.length > 0) console.log(`  ${tool} with ${other}: ${r.problems.join('; ')}`);
      fs.rmSync(work, { recursive: true, force: true });
    }
  }

  console.log(
    `\n${formatTable(
      ['tool', 'other program', 'runs', 'done', 'refused', 'corrupt', 'committed', 'lost', 'broken promises'],
      TOOLS.flatMap((tool) =>
        OTHER_PROGRAMS.map((other) => {
          const rs = results.filter((r) => r.tool === tool && r.other === other);
          return [
            tool,
            other,
            String(rs.length),
            String(rs.filter((r) => r.outcome === 'done').length),
            String(rs.filter((r) => r.outcome === 'refused').length),
            String(rs.filter((r) => r.integrity !== 'ok').length),
            String(rs.reduce((a, r) => a + r.committed, 0)),
            String(rs.reduce((a, r) => a + r.lost, 0)),
            String(rs.filter((r) => r.problems.some((p) => !p.startsWith('integrity') && !/rows lost/.test(p))).length),
          ];
        }),
      ),
    )}\n`,
  );
  const refusals = [...new Set(results.filter((r) => r.outcome === 'refused').map((r) => `${r.tool}: ${r.verdict.replace(/\/\S+/g, 'FILE').slice(0, 110)}`))];
  for (const line of refusals) console.log(`  refusal seen: ${line}`);

  return TOOLS.map((tool) => {
    const rs = results.filter((r) => r.tool === tool);
    const corrupt = rs.filter((r) => r.integrity !== 'ok').length;
    const lost = rs.reduce((a, r) => a + r.lost, 0);
    const broken = rs.filter((r) => r.problems.length > 0).length;
    return {
      section: 'concurrency',
      name: `${tool} with another program: runs with a corrupt store, a lost row or a broken promise`,
      value: broken,
      unit: 'runs',
      target: '0',
      ok: broken === 0,
      note: `${rs.length} runs (${rs.filter((r) => r.outcome === 'done').length} done, ${rs.filter((r) => r.outcome === 'refused').length} refused); corrupt ${corrupt}; ${rs.reduce((a, r) => a + r.committed, 0)} rows committed by the other program, ${lost} lost`,
    };
  });
}

export const concurrencySection: BenchSection = { name: 'concurrency', run };
