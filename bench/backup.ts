// Bench section `backup`: on a copy of the large fixture, createBackup's copy stage against `cp`
// of the same file (same run, same warm page cache, alternating which goes first), verification on its own line, restore time,
// and the tenant migration's disk growth that the preflight's free-space rule relies on. Beside them, the ways of copying a
// live database that issue 9 weighed (docs/backup.md): the in-process fs.copyFile used before (it drops this process's
// SQLite locks), SQLite's online backup API at several step sizes, and VACUUM INTO.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createBackup, MIGRATION_GROWTH_FACTOR, restoreBackup } from '../electron/backup';
import { inspectCopy, sha256File } from '../electron/backup/inspect';
import { fsyncFile } from '../electron/backup/durable';
import { snapshotDatabase } from '../electron/backup/snapshot';
import { runPendingMigrations } from '../electron/db/migrator';
import { openDatabase } from '../electron/db/open';
import { copyFixture, median, type BenchContext, type BenchRow } from './lib';
import type { BenchSection } from './sections';
import { MIGRATIONS } from '../migrations';

const ROUNDS = 5;
const MB = 1e6;

/** Reads a file once so both sides start with it in the page cache. */
async function warm(file: string): Promise<void> {
  for await (const _chunk of fs.createReadStream(file, { highWaterMark: 8 * 1024 * 1024 })) void _chunk;
}

/** Writes back dirty pages so one side's leftovers do not slow down the other's writes. */
function flushAll(): void {
  spawnSync('sync');
}

function time<T>(fn: () => T): [T, number] {
  const t = performance.now();
  const r = fn();
  return [r, performance.now() - t];
}

async function timeAsync<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const r = await fn();
  return [r, performance.now() - t];
}

async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const dir = path.join(ctx.scratch, 'backup');
  fs.mkdirSync(dir);
  const dbPath = copyFixture(ctx.largeLegacyDb, path.join(dir, 'pos.sqlite'));
  const backupDir = path.join(dir, 'backups');
  fs.mkdirSync(backupDir);
  const size = fs.statSync(dbPath).size;
  const db = openDatabase(dbPath);

  const cpDest = path.join(dir, 'cp.sqlite');
  const stageDest = path.join(dir, 'stage.sqlite');
  const otherDest = path.join(dir, 'other.sqlite');
  const onlineBackup = (pages: number) => async () => (await timeAsync(() => db.backup(otherDest, { progress: () => pages })))[1];
  const sides: { samples: number[]; measure: () => Promise<number>; dest: string }[] = [
    { samples: [], dest: cpDest, measure: async () => time(() => spawnSync('cp', [dbPath, cpDest]))[1] },
    { samples: [], dest: cpDest, measure: async () => time(() => spawnSync('sh', ['-c', `cp "${dbPath}" "${cpDest}" && sync "${cpDest}"`]))[1] },
    { samples: [], dest: stageDest, measure: async () => (await timeAsync(() => snapshotDatabase(db, stageDest)))[1] },
    {
      samples: [],
      dest: otherDest,
      // What snapshotDatabase did before issue 9: the copy in this process (closing it drops every lock on the file).
      measure: async () =>
        (
          await timeAsync(async () => {
            await fs.promises.copyFile(dbPath, otherDest, fs.constants.COPYFILE_FICLONE);
            fsyncFile(otherDest);
          })
        )[1],
    },
    { samples: [], dest: otherDest, measure: onlineBackup(100) },
    { samples: [], dest: otherDest, measure: onlineBackup(1000) },
    { samples: [], dest: otherDest, measure: onlineBackup(0x7fffffff) },
    { samples: [], dest: otherDest, measure: async () => time(() => db.exec(`VACUUM INTO '${otherDest.replace(/'/g, "''")}'`))[1] },
  ];
  for (let round = 0; round < ROUNDS; round++) {
    // Each round starts with a different side, so neither always goes first; each starts warm and with nothing dirty.
    for (let k = 0; k < sides.length; k++) {
      const side = sides[(round + k) % sides.length] as (typeof sides)[number];
      await warm(dbPath);
      flushAll();
      side.samples.push(await side.measure());
      for (const f of [side.dest, `${side.dest}-journal`]) fs.rmSync(f, { force: true });
      flushAll();
    }
  }
  const [cpMs, cpSyncMs, stageMs, inProcessMs, online100Ms, online1000Ms, onlineAllMs, vacuumMs] = sides.map((s) => s.samples) as number[][] as [
    number[],
    number[],
    number[],
    number[],
    number[],
    number[],
    number[],
    number[],
  ];
  const samples = (xs: number[]) => `samples ${xs.map((x) => (x / 1000).toFixed(2)).join(', ')} s`;
  const cp = median(cpMs);
  const cpSync = median(cpSyncMs);
  const stage = median(stageMs);
  // A backup is only a backup once it is on disk: the target compares with a durable cp (cp, then sync of the copy).
  const ratio = cpSync / stage;

  await warm(dbPath);
  const [backup, backupMs] = await timeAsync(() => createBackup(db, { backupDir, reason: 'manual', exactDir: true }));
  db.close();
  await warm(backup.file);
  const [, hashMs] = await timeAsync(() => sha256File(backup.file));
  const [, checkMs] = time(() => inspectCopy(backup.file, 'quick_check'));

  await warm(backup.file);
  const marks: string[] = [];
  const t0 = performance.now();
  let last = '';
  const [, restoreMs] = await timeAsync(() =>
    restoreBackup({
      dbPath,
      backupId: backup.id,
      backupDir,
      exactDir: true,
      onProgress: (p) => {
        if (p.stage !== last) marks.push(`${p.stage}@${((performance.now() - t0) / 1000).toFixed(1)}`);
        last = p.stage;
      },
    }),
  );

  const rows: BenchRow[] = [
    {
      section: 'backup',
      name: 'cp of the large store (page cache warm, no fsync)',
      value: cp / 1000,
      unit: 's',
      note: `${(size / MB).toFixed(0)} MB, ${(size / MB / (cp / 1000)).toFixed(0)} MB/s; ${samples(cpMs)}`,
    },
    { section: 'backup', name: 'cp + sync of the copy', value: cpSync / 1000, unit: 's', note: samples(cpSyncMs) },
    {
      section: 'backup',
      name: 'backup copy stage (checkpoint, write guard, cp in a child process, fsync)',
      value: stage / 1000,
      unit: 's',
      note: `${(size / MB / (stage / 1000)).toFixed(0)} MB/s; ${samples(stageMs)}`,
    },
    ...(
      [
        ['in-process fs.copyFile + fsync (before issue 9: drops the locks)', inProcessMs],
        ['SQLite online backup, 100 pages per step', online100Ms],
        ['SQLite online backup, 1000 pages per step', online1000Ms],
        ['SQLite online backup, all pages in one step', onlineAllMs],
        ['VACUUM INTO', vacuumMs],
      ] as const
    ).map(([name, xs]) => ({
      section: 'backup',
      name: `${name} / (cp + sync), throughput`,
      value: cpSync / median([...xs]),
      unit: 'ratio',
      note: `${(median([...xs]) / 1000).toFixed(2)} s; ${samples([...xs])}`,
    })),
    { section: 'backup', name: 'backup throughput / (cp + sync) throughput', value: ratio, unit: 'ratio', target: '>= 0.80', ok: ratio >= 0.8 },
    {
      section: 'backup',
      name: 'backup throughput / plain cp throughput',
      value: cp / stage,
      unit: 'ratio',
      note: 'plain cp returns with the copy still in the page cache; the backup stage fsyncs it',
    },
    { section: 'backup', name: 'verification: sha256 of the copy', value: hashMs / 1000, unit: 's', note: `${(size / MB / (hashMs / 1000)).toFixed(0)} MB/s` },
    { section: 'backup', name: 'verification: quick_check + row counts of the copy', value: checkMs / 1000, unit: 's' },
    { section: 'backup', name: 'createBackup, all stages', value: backupMs / 1000, unit: 's' },
    {
      section: 'backup',
      name: 'restore (verify, pre-restore backup, copy, rename, reopen)',
      value: restoreMs / 1000,
      unit: 's',
      note: `stages started at (s): ${marks.join(' ')}`,
    },
  ];
  rows.push(await migrationGrowth(ctx, dir, size));
  return rows;
}

/**
 * The disk the tenant migration takes beyond the database (the WAL of its one
 * transaction plus the file's growth), as a multiple of the database's size:
 * the preflight's MIGRATION_GROWTH_FACTOR must stay above it.
 */
async function migrationGrowth(ctx: BenchContext, dir: string, size: number): Promise<BenchRow> {
  const file = copyFixture(ctx.largeLegacyDb, path.join(dir, 'growth.sqlite'));
  const db = openDatabase(file);
  db.pragma('wal_autocheckpoint = 0');
  const [ran, ms] = await timeAsync(() => runPendingMigrations(db, { migrations: MIGRATIONS }));
  // The peak is after the checkpoint has grown the file and before the WAL holding the whole transaction is removed.
  db.pragma('wal_checkpoint(PASSIVE)');
  const peak = fs.statSync(file).size + fs.statSync(`${file}-wal`).size;
  db.close();
  const factor = (peak - size) / size;
  return {
    section: 'backup',
    name: 'migration disk growth / database size (preflight factor)',
    value: factor,
    unit: 'ratio',
    target: `<= ${MIGRATION_GROWTH_FACTOR}`,
    ok: ran.length === 0 ? undefined : factor <= MIGRATION_GROWTH_FACTOR,
    note: `${ran.join(', ') || 'nothing pending'} in ${(ms / 1000).toFixed(1)} s`,
  };
}

export const backupSection: BenchSection = { name: 'backup', run };
