// Concurrent writers during pos-db backup, upgrade and restore (issue 9), as separate processes. Used by
// the tests in this folder (a few runs) and by `npm run bench` (bench/concurrency.ts, the long version).
// No vitest here: the bench imports it too.
import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { createBackup } from '../../electron/backup';
import { openDatabase } from '../../electron/db/open';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(here, '../..');
const POS_DB = path.join(ROOT, 'bin/pos-db.mjs');

export type Tool = 'backup' | 'upgrade' | 'restore';
/** Who else uses the store meanwhile: a writer opening per insert (node, python, the sqlite3 CLI), one keeping its connection, a reader. */
export type OtherProgram = 'node-per-insert' | 'node-keep' | 'python-per-insert' | 'sqlite3-cli' | 'node-reader';
export const OTHER_PROGRAMS: readonly OtherProgram[] = ['sqlite3-cli', 'python-per-insert', 'node-per-insert', 'node-keep', 'node-reader'];

/** The `sqlite3` command line shell (Debian: apt-get install sqlite3); the issue's reproduction writes with it. */
export function assertSqlite3Cli(): void {
  const probe = spawnSync('sqlite3', ['-version'], { encoding: 'utf8' });
  if (probe.status !== 0) throw new Error('the sqlite3 command line shell is missing: apt-get install sqlite3');
  const py = spawnSync('python3', ['-c', 'import sqlite3'], { encoding: 'utf8' });
  if (py.status !== 0) throw new Error('python3 with its sqlite3 module is missing: apt-get install python3');
}

export function assertBuilt(): void {
  if (!fs.existsSync(path.join(ROOT, 'dist/cli/pos-db.cjs'))) throw new Error('pos-db is not built: run `npm run build:node` first');
}

interface Running {
  stop(): Promise<{ committed: string[]; summary: string }>;
}

/** Starts the other program; it keeps going until stop(). */
function startOther(kind: OtherProgram, dbPath: string, work: string): Running {
  const log = path.join(work, `${kind}.log`);
  const stopFile = path.join(work, `${kind}.stop`);
  const prefix = kind;
  fs.writeFileSync(log, '');
  let child;
  if (kind === 'sqlite3-cli') {
    const insert = `INSERT INTO pending_operations (id, entity_type, entity_id, operation, payload, created_at, updated_at) VALUES ('@ID@', 'sale', 's', 'insert', '{}', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');`;
    // The issue's recipe: one sqlite3 process per insert, every 5 ms; the id is logged only when sqlite3 exits 0.
    const script = `i=0; while [ ! -e "$STOP" ]; do i=$((i+1)); if sqlite3 -cmd '.timeout 10000' "$DB" "\${SQL//@ID@/${prefix}-$i}" >/dev/null 2>>"$LOG.err"; then echo "${prefix}-$i" >> "$LOG"; fi; sleep 0.005; done`;
    child = spawn('bash', ['-c', script], { env: { ...process.env, STOP: stopFile, DB: dbPath, SQL: insert, LOG: log }, stdio: ['ignore', 'pipe', 'pipe'] });
  } else if (kind === 'python-per-insert') {
    child = spawn('python3', [path.join(here, 'writers/writer.py'), dbPath, log, stopFile, prefix], { stdio: ['ignore', 'pipe', 'pipe'] });
  } else {
    const mode = kind === 'node-keep' ? 'keep' : kind === 'node-reader' ? 'reader' : 'per-insert';
    child = spawn(process.execPath, [path.join(here, 'writers/writer.mjs'), mode, dbPath, log, stopFile, prefix], { stdio: ['ignore', 'pipe', 'pipe'] });
  }
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return {
    async stop() {
      fs.writeFileSync(stopFile, '');
      await exited;
      const errLog = fs.existsSync(`${log}.err`) ? fs.readFileSync(`${log}.err`, 'utf8').trim() : '';
      const committed = fs.readFileSync(log, 'utf8').split('\n').filter(Boolean);
      return { committed, summary: `${out.trim()}${errLog ? ` sqlite3 errors: ${summarise(errLog)}` : ''}` };
    },
  };
}

function summarise(lines: string): string {
  const counts = new Map<string, number>();
  for (const l of lines.split('\n')) counts.set(l, (counts.get(l) ?? 0) + 1);
  return [...counts].map(([l, n]) => `${n}x ${l}`).join('; ');
}

function runPosDb(args: string[], posDb = POS_DB): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [posDb, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

/** What one run found; `problems` is empty when the tool kept every promise. */
export interface RunResult {
  tool: Tool;
  other: OtherProgram;
  exitCode: number;
  /** The tool's one-line verdict (its last line of output). */
  verdict: string;
  outcome: 'done' | 'refused';
  integrity: string;
  committed: number;
  lost: number;
  problems: string[];
  otherSummary: string;
}

/** The refusals a tool may give while another program uses the store: each says what holds it and to close it. */
const HONEST_REFUSALS: Record<Tool, RegExp> = {
  backup: /is in use by another program|another program keeps reading or writing/,
  upgrade:
    /Another program is writing to .*Close POS Desktop and every other program|locked by another program that is writing to it|is in use by another program/,
  restore: /still in use by another program|is in use by another program/,
};

/**
 * One run: a private copy of `fixture`, the other program started 0.4 s before
 * the tool (pos-db in its own process), stopped 0.3 s after it ended; then the
 * checks of issue 9: integrity_check ok; every row the other program saw
 * committed is in the final database or, for a restore, in the pre-restore
 * backup; the tool's bookkeeping rows are there; its exit code and message say
 * what really happened.
 */
export async function concurrentRun(tool: Tool, other: OtherProgram, fixture: string, work: string, posDb = POS_DB): Promise<RunResult> {
  fs.mkdirSync(work, { recursive: true });
  const dbPath = path.join(work, 'pos.sqlite');
  fs.copyFileSync(fixture, dbPath);
  const backupDir = path.join(work, 'backups');
  let target: string | null = null;
  if (tool === 'restore') {
    const db = openDatabase(dbPath);
    target = (await createBackup(db, { backupDir, reason: 'manual' })).id;
    db.close();
  }
  const running = startOther(other, dbPath, work);
  await sleep(400);
  const args =
    tool === 'backup'
      ? ['backup', '--db', dbPath]
      : tool === 'upgrade'
        ? ['upgrade', '--db', dbPath]
        : ['restore', '--db', dbPath, '--backup', target!, '--yes'];
  const ran = await runPosDb(args, posDb);
  await sleep(300);
  const { committed, summary } = await running.stop();

  const problems: string[] = [];
  const text = `${ran.stdout}\n${ran.stderr}`.trim();
  // The verdict: the error line of a refusal, the first line of a success.
  const verdict = (ran.code === 0 ? ran.stdout.split('\n').filter(Boolean)[0] : ran.stderr.trim().split('\n').at(-1)) ?? text;
  const final = readState(dbPath);
  if (final.integrity !== 'ok') problems.push(`integrity_check: ${final.integrity}`);

  let outcome: RunResult['outcome'] = 'done';
  if (ran.code === 0) {
    problems.push(...checkDone(tool, ran.stdout, final, backupDir));
  } else {
    outcome = 'refused';
    if (ran.code !== 1 || !HONEST_REFUSALS[tool].test(ran.stderr))
      problems.push(`exit ${ran.code} with an unexpected message: ${ran.stderr.trim() || ran.stdout.trim()}`);
    if (tool === 'upgrade' && final.executed.length !== 1) problems.push(`refused, but the database records ${final.executed.join(', ')}`);
    if (tool === 'restore' && final.restoreJobs.some((j) => j.backup_id === target && j.status === 'succeeded'))
      problems.push('refused, but a succeeded restore job is recorded');
  }

  const kept = new Set(final.ids);
  if (tool === 'restore' && ran.code === 0) for (const id of preRestoreIds(backupDir)) kept.add(id);
  const lost = committed.filter((id) => !kept.has(id));
  if (lost.length > 0) problems.push(`${lost.length} committed rows lost (e.g. ${lost.slice(0, 3).join(', ')})`);
  return {
    tool,
    other,
    exitCode: ran.code,
    verdict,
    outcome,
    integrity: final.integrity,
    committed: committed.length,
    lost: lost.length,
    problems,
    otherSummary: summary,
  };
}

interface FinalState {
  integrity: string;
  executed: string[];
  ids: string[];
  backups: string[];
  restoreJobs: { backup_id: string; pre_restore_backup_id: string | null; status: string }[];
}

function readState(dbPath: string): FinalState {
  let db: Database.Database | null = null;
  try {
    db = new Database(dbPath, { readonly: true, fileMustExist: true });
    const integrity = (db.pragma('integrity_check') as Record<string, string>[]).map((r) => Object.values(r)[0]).join('; ');
    const all = <T>(sql: string) => {
      try {
        return db!.prepare(sql).all() as T[];
      } catch {
        return [] as T[];
      }
    };
    return {
      integrity,
      executed: all<{ name: string }>(`SELECT name FROM schema_migrations ORDER BY rowid`).map((r) => r.name),
      ids: all<{ id: string }>(`SELECT id FROM pending_operations`).map((r) => r.id),
      backups: all<{ id: string }>(`SELECT id FROM backups`).map((r) => r.id),
      restoreJobs: all(`SELECT backup_id, pre_restore_backup_id, status FROM restore_jobs`),
    };
  } catch (err) {
    return { integrity: `cannot be read: ${(err as Error).message}`, executed: [], ids: [], backups: [], restoreJobs: [] };
  } finally {
    db?.close();
  }
}

/** The promises of a tool that said it succeeded, checked on the final database and the backup folder. */
function checkDone(tool: Tool, stdout: string, final: FinalState, backupDir: string): string[] {
  const problems: string[] = [];
  const hasManifest = (id: string) => fs.existsSync(path.join(backupDir, `${id}.json`)) && fs.existsSync(path.join(backupDir, `${id}.sqlite`));
  if (tool === 'backup') {
    const id = /^Backup (\S+) verified/m.exec(stdout)?.[1];
    if (!id) return [`exit 0 without the verdict line: ${stdout.trim()}`];
    if (!final.backups.includes(id)) problems.push(`exit 0, but its backups row ${id} is missing`);
    if (!hasManifest(id)) problems.push(`exit 0, but backup ${id} has no manifest or file`);
  } else if (tool === 'upgrade') {
    const id = /^Pre-upgrade backup: (\S+)/m.exec(stdout)?.[1];
    if (!/^Upgraded /m.test(stdout) || !id) return [`exit 0 without the verdict line: ${stdout.trim()}`];
    if (final.executed.length < 3) problems.push(`exit 0, but the database records only ${final.executed.join(', ')}`);
    if (!final.backups.includes(id)) problems.push(`exit 0, but the pre-upgrade backup's row ${id} is missing`);
    if (!hasManifest(id)) problems.push(`exit 0, but backup ${id} has no manifest or file`);
  } else {
    const restored = /^Restored backup (\S+)/m.exec(stdout)?.[1];
    const pre = /^Pre-restore backup: (\S+)/m.exec(stdout)?.[1];
    if (!restored || !pre) return [`exit 0 without the verdict lines: ${stdout.trim()}`];
    const job = final.restoreJobs.find((j) => j.backup_id === restored && j.pre_restore_backup_id === pre && j.status === 'succeeded');
    if (!job) problems.push('exit 0, but its succeeded restore_jobs row is missing');
    for (const id of [restored, pre]) if (!final.backups.includes(id)) problems.push(`exit 0, but the backups row ${id} is missing`);
    if (!hasManifest(pre)) problems.push(`exit 0, but the pre-restore backup ${pre} has no manifest or file`);
  }
  return problems;
}

/** The rows of the newest pre-restore backup (where every commit made before the restore took the store must be). */
function preRestoreIds(backupDir: string): string[] {
  const newest = fs
    .readdirSync(backupDir)
    .filter((f) => /-pre-restore-[0-9a-f]{6}\.sqlite$/.test(f))
    .sort()
    .at(-1);
  if (!newest) return [];
  const db = new Database(path.join(backupDir, newest), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare(`SELECT id FROM pending_operations`).all() as { id: string }[]).map((r) => r.id);
  } finally {
    db.close();
  }
}
