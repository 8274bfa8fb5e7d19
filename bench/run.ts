// npm run bench: every section on the `large` demo store, one run, printed as a table and saved as JSON.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatTable } from '../electron/cli/format';
import { ensureLargeFixture, type BenchRow } from './lib';
import { SECTIONS } from './sections';

const only = process.argv.slice(2);
const selected = SECTIONS.filter((s) => only.length === 0 || only.includes(s.name));
const largeLegacyDb = selected.some((s) => s.usesLargeStore !== false) ? await ensureLargeFixture() : '';
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'pos-bench-'));
const rows: BenchRow[] = [];
try {
  for (const section of selected) {
    console.log(`bench: ${section.name}...`);
    rows.push(...(await section.run({ largeLegacyDb, scratch })));
  }
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2));
console.log(
  '\n' +
    formatTable(
      ['section', 'measure', 'value', 'unit', 'target', 'met', 'note'],
      rows.map((r) => [r.section, r.name, fmt(r.value), r.unit, r.target ?? '', r.ok === undefined ? '' : r.ok ? 'yes' : 'NO', r.note ?? '']),
    ),
);
fs.mkdirSync('bench/results', { recursive: true });
const out = path.join('bench/results', `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
fs.writeFileSync(out, JSON.stringify({ when: new Date().toISOString(), machine: { cpus: os.cpus().length, node: process.version }, rows }, null, 2));
console.log(`\nsaved ${out}`);
if (rows.some((r) => r.ok === false)) process.exitCode = 1;
