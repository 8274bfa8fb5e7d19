// `npm run lint` runs this after ESLint: Doyensec's Electron security scanner over electron/ and renderer/, failing on
// any finding that is not in ALLOWED below with the reason it does not apply. Each allowed finding is explained in
// docs/security.md ("Electron hardening"); an allowed finding that no longer occurs fails too, so the list stays true.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const run = require('@doyensec/electronegativity').default ?? require('@doyensec/electronegativity');
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const electronVersion = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')).version;

/** id + file (relative to the scanned folder) -> why it is not a hole here. Keep in step with docs/security.md. */
const ALLOWED = [
  {
    id: 'CONTEXT_ISOLATION_JS_CHECK',
    file: 'electron/app/start.ts',
    why: 'the options come from mainWindowOptions() (window.ts: contextIsolation true), which the scanner does not follow; test/app/main-process.test.ts pins them',
  },
  { id: 'SANDBOX_JS_CHECK', file: 'electron/app/start.ts', why: 'same: sandbox true, set in window.ts' },
  {
    id: 'AUXCLICK_JS_CHECK',
    file: 'electron/app/start.ts',
    why: 'a middle click could only open a window or navigate, and both are refused for every web contents (lockDownContents)',
  },
  {
    id: 'CSP_GLOBAL_CHECK',
    file: 'renderer/index.html',
    why: "the scanner rates any policy with 'self' as weak; on app://pos 'self' is the protocol handler serving dist/renderer only (protocol.ts), and the same policy is sent as a header",
  },
];

/** The checks that need the network (new Electron releases): their answer would change from one day to the next. */
const EXCLUDED = ['AvailableSecurityFixesGlobalCheck'];

// The folders to scan, relative to the project: electron/ and renderer/ unless named (a technician may scan a probe).
const folders = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['electron', 'renderer'];

// One scan over the folders together, so the global checks (navigation limits, permission handlers, CSP) see the
// main process and the page at once, as they ship.
const scanRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'pos-electronegativity-'));
try {
  for (const folder of folders) {
    fs.cpSync(path.resolve(root, folder), path.join(scanRoot, path.basename(folder)), { recursive: true, filter: (src) => !src.includes('node_modules') });
  }
  const quiet = console.log;
  const lines = [];
  console.log = (...args) => lines.push(args.join(' '));
  let result;
  try {
    result = await run({ input: scanRoot, isRelative: true, electronVersionOverride: electronVersion, excludeFromScan: EXCLUDED, isVerbose: false });
  } finally {
    console.log = quiet;
  }
  const issues = result.issues.filter((i) => !(i.visibility?.inlineDisabled || i.visibility?.globalCheckDisabled));
  const allowedOf = (i) => ALLOWED.find((a) => a.id === i.id && a.file === i.file);
  const unexplained = issues.filter((i) => !allowedOf(i));
  const stale = ALLOWED.filter((a) => !issues.some((i) => i.id === a.id && i.file === a.file));
  const where = (i) => `${i.id} ${i.file}:${i.location?.line ?? 0} (${i.severity?.name ?? i.severity}, ${i.confidence?.name ?? i.confidence})`;

  if (result.errors.length > 0) for (const e of result.errors) console.error(`electronegativity could not parse ${e.file}: ${e.message ?? e.id}`);
  for (const i of unexplained) console.error(`electronegativity: ${where(i)}: ${i.description ?? ''} ${i.shortenedURL ?? ''}`);
  for (const a of stale)
    console.error(`electronegativity: allowed ${a.id} in ${a.file} no longer occurs: remove it from scripts/electronegativity.mjs and docs/security.md`);
  const failed = unexplained.length > 0 || stale.length > 0 || result.errors.length > 0;
  console.log(
    `electronegativity ${failed ? 'FAILED' : 'ok'}: ${issues.length} findings on ${folders.join(', ')} (Electron ${electronVersion}), ${issues.length - unexplained.length} explained, ${unexplained.length} not`,
  );
  process.exitCode = failed ? 1 : 0;
} finally {
  fs.rmSync(scanRoot, { recursive: true, force: true });
}
