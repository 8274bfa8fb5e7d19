// Bundles everything that runs in Node (Electron main, preload, the database worker, the pos-db CLI)
// into dist/. Native and Electron modules stay external: better-sqlite3 is rebuilt per runtime.
import { build } from 'esbuild';
import fs from 'node:fs';

const entries = [
  ['electron/cli/main.ts', 'dist/cli/pos-db.cjs'],
  ['electron/main.ts', 'dist/electron/main.cjs'],
  ['electron/preload.ts', 'dist/electron/preload.cjs'],
  ['electron/worker/index.ts', 'dist/electron/worker.cjs'],
].filter(([src]) => fs.existsSync(src));

await Promise.all(
  entries.map(([src, out]) =>
    build({
      entryPoints: [src],
      outfile: out,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      sourcemap: true,
      external: ['better-sqlite3', 'electron'],
      logLevel: 'warning',
    }),
  ),
);
console.log(`built ${entries.map(([, out]) => out).join(', ')}`);
