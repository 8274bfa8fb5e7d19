import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

const TARGETS = {
  node: {
    sources: ['electron', 'migrations', 'scripts/build-node.mjs'],
    outputs: ['dist/electron/main.cjs', 'dist/electron/preload.cjs', 'dist/electron/worker.cjs', 'dist/electron/integrity.json'],
    command: ['scripts/build-node.mjs'],
  },
  renderer: {
    sources: ['renderer', 'electron/ipc', 'electron/app', 'electron/upgrade/types.ts', 'electron/backup/types.ts'],
    outputs: ['dist/renderer/index.html'],
    command: ['node_modules/vite/bin/vite.js', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'],
  },
} as const;

function newest(p: string): number {
  const full = path.join(ROOT, p);
  if (!fs.existsSync(full)) return 0;
  const stat = fs.statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...fs.readdirSync(full).map((name) => newest(path.join(p, name))));
}

function oldestOutput(outputs: readonly string[]): number {
  return Math.min(...outputs.map((o) => (fs.existsSync(path.join(ROOT, o)) ? fs.statSync(path.join(ROOT, o)).mtimeMs : 0)));
}

const stale = (t: keyof typeof TARGETS): boolean => Math.max(...TARGETS[t].sources.map(newest)) > oldestOutput(TARGETS[t].outputs);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Builds dist/ when a source is newer than the bundle, so `npx vitest run
 * test/app` never tests yesterday's build. Test files run in parallel, so one
 * builds under a lock folder while the others wait for it.
 */
export async function ensureBuilt(...targets: (keyof typeof TARGETS)[]): Promise<void> {
  const lock = path.join(ROOT, 'dist', '.test-build-lock');
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  for (;;) {
    if (!targets.some(stale)) return;
    try {
      fs.mkdirSync(lock);
    } catch {
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 180_000) fs.rmSync(lock, { recursive: true, force: true });
      await sleep(200);
      continue;
    }
    try {
      for (const t of targets.filter(stale)) {
        const r = spawnSync(process.execPath, TARGETS[t].command, { cwd: ROOT, encoding: 'utf8' });
        if (r.status !== 0) throw new Error(`building ${t} failed:\n${r.stdout}\n${r.stderr}`);
      }
    } finally {
      fs.rmSync(lock, { recursive: true, force: true });
    }
  }
}

export const distPath = (...parts: string[]) => path.join(ROOT, 'dist', ...parts);
