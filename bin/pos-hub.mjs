#!/usr/bin/env node
// The sync hub's command. The bundle is built by `npm ci` (prepare) or `npm run build:node`.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/hub/pos-hub.cjs', import.meta.url));
if (!existsSync(bundle)) {
  console.error('pos-hub: the hub is not built yet. Run `npm run build:node` in the POS Desktop folder, then try again');
  process.exit(2);
}
createRequire(import.meta.url)(bundle);
