// `npm run demo`: the main job on a fresh clone. Creates a CAPS Automotive demo store at the
// legacy schema (unless it exists), upgrades it to the multi-tenant schema with a verified
// pre-upgrade backup, verifies it, and prints its status. Size: DEMO_SIZE=small|medium|large.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const size = process.env.DEMO_SIZE ?? 'medium';
const db = `demo/store-${size}.sqlite`;
fs.mkdirSync('demo', { recursive: true });

function posDb(...args) {
  console.log(`\n$ pos-db ${args.join(' ')}`);
  const r = spawnSync(process.execPath, ['bin/pos-db.mjs', ...args], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const fresh = !fs.existsSync(db);
if (fresh) posDb('demo', '--db', db, '--size', size);
posDb('upgrade', '--db', db);
// A new store also gets a month of selling history, rung up through the sale service (the upgraded schema has the tables for it).
if (fresh) posDb('demo-sales', '--db', db, '--tenant', 'caps-automotive', '--size', size);
posDb('verify', '--db', db);
posDb('status', '--db', db);
