// `npm run demo`: the main job on a fresh clone. Creates a CAPS Automotive demo store at the
// legacy schema (unless it exists), upgrades it to the multi-tenant schema with a verified
// pre-upgrade backup, verifies it, and prints its status. Size: DEMO_SIZE=small|medium|large.
// Then the demo till (a copy of the store, so every run has a queue to show) syncs with a
// throwaway hub on an embedded PostgreSQL (scripts/demo-hub.ts).
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

// The till syncs: a fresh copy each run, so the store file itself keeps its queue for the next run.
const till = `demo/till-${size}.sqlite`;
for (const ext of ['', '-wal', '-shm']) {
  fs.rmSync(till + ext, { force: true });
  if (fs.existsSync(db + ext)) fs.copyFileSync(db + ext, till + ext);
}
console.log(`\n$ tsx scripts/demo-hub.ts ${till}`);
const hub = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/demo-hub.ts', till], { stdio: 'inherit' });
if (hub.status !== 0) process.exit(hub.status ?? 1);
