import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import nodePath from 'node:path';
import { PosError } from '../errors';

/** The operations that need a store database to themselves for a while. */
export type StoreOperation = 'backup' | 'restore' | 'upgrade';

/** What the lock file says: who holds it, doing what, since when, and which files it is writing (removed if it dies). */
export interface StoreLockRecord {
  pid: number;
  host: string;
  program: string;
  operation: StoreOperation;
  startedAt: string;
  /** Files being written that are not complete yet (a backup's partial copy, a restore's temp copy). */
  writing: string[];
}

export const storeLockPath = (dbPath: string): string => `${nodePath.resolve(dbPath)}.pos-lock`;

const VERB: Record<StoreOperation, string> = { backup: 'making a backup', restore: 'restoring a backup', upgrade: 'upgrading the database' };

/** Another copy of POS Desktop or pos-db is backing up, restoring or upgrading this store. */
export class StoreLockedError extends PosError {
  readonly code = 'STORE_LOCKED';
  readonly exitCode = 1 as const;
  constructor(
    readonly dbPath: string,
    readonly holder: StoreLockRecord | null,
  ) {
    super(
      holder
        ? `${dbPath} is busy: ${holder.program} (process ${holder.pid} on ${holder.host}) has been ${VERB[holder.operation]} since ${holder.startedAt}`
        : `${dbPath} is busy: another program holds ${storeLockPath(dbPath)}`,
      holder && holder.host !== os.hostname()
        ? `Wait for it to finish on ${holder.host}, then try again; if nothing runs there any more, delete ${storeLockPath(dbPath)}; nothing was changed`
        : `Wait for it to finish (or close that window), then try again; nothing was changed`,
    );
  }
}

/** A held store lock; `writing`/`written` keep the record of unfinished files current, `release` removes the lock. */
export interface StoreLock {
  readonly file: string;
  readonly record: Readonly<StoreLockRecord>;
  /** Notes that `file` is being written; if this process dies, the next holder removes it. */
  writing(file: string): void;
  /** The file is complete (or removed): no longer a leftover if this process dies. */
  written(file: string): void;
  release(): void;
}

/**
 * Locks this thread holds. The app takes store locks in its database worker,
 * a thread that is restarted when it dies: a lock left by a dead worker names
 * this very process, and is stale when this thread does not hold it (one
 * worker at a time; pos-db has one thread).
 */
const heldHere = new Set<string>();

/** Is the holder of this record still running? Only answerable on the same machine; elsewhere: assume so. */
function holderAlive(record: StoreLockRecord, file?: string): boolean {
  if (record.host !== os.hostname()) return true;
  if (record.pid === process.pid) return file === undefined || heldHere.has(file);
  try {
    process.kill(record.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readRecord(file: string): StoreLockRecord | null | 'missing' {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    return null;
  }
  try {
    const r = JSON.parse(text) as StoreLockRecord;
    return typeof r.pid === 'number' && typeof r.host === 'string' && Array.isArray(r.writing) ? r : null;
  } catch {
    // Being written this very moment, or garbage: treated as held, never as stale.
    return null;
  }
}

/**
 * Creates the lock file with its content in one step: the record is written to
 * a private temp file, which is then hard-linked to the lock's name (link(2)
 * fails with EEXIST when the lock exists, like O_EXCL). A process killed at
 * any moment leaves either no lock or a complete one, never an empty file
 * nobody could judge. Where hard links are not supported (FAT), O_EXCL.
 */
function createWithContent(file: string, record: StoreLockRecord): void {
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, `${JSON.stringify(record)}\n`);
  try {
    fs.linkSync(temp, file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw err;
    fs.writeFileSync(file, `${JSON.stringify(record)}\n`, { flag: 'wx' });
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

/** Temp files of killed processes (`<lock>.<pid>.tmp`) are removed by the next one that takes the lock. */
function removeDeadTemps(file: string): void {
  const dir = nodePath.dirname(file);
  const prefix = `${nodePath.basename(file)}.`;
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = name.startsWith(prefix) ? /^(\d+)(\.update)?\.tmp$/.exec(name.slice(prefix.length)) : null;
    if (m && !holderAlive({ pid: Number(m[1]), host: os.hostname() } as StoreLockRecord)) fs.rmSync(nodePath.join(dir, name), { force: true });
  }
}

function writeRecord(file: string, record: StoreLockRecord): void {
  const temp = `${file}.${process.pid}.update.tmp`;
  fs.writeFileSync(temp, `${JSON.stringify(record)}\n`);
  fs.renameSync(temp, file);
}

/** Removes what a dead holder was writing (and any SQLite sidecars of it). */
function removeLeftovers(record: StoreLockRecord): string[] {
  const removed: string[] = [];
  for (const f of record.writing) {
    for (const suffix of ['', '-journal', '-wal', '-shm']) {
      try {
        fs.unlinkSync(`${f}${suffix}`);
        removed.push(`${f}${suffix}`);
      } catch {
        // already gone
      }
    }
  }
  return removed;
}

/**
 * A stale lock (its process is gone) is taken over: it is first renamed to a
 * private name, so two processes breaking it at once cannot both succeed, and
 * what its holder was writing is removed. Returns the removed leftovers.
 */
function breakIfStale(file: string): { broken: boolean; removed: string[] } {
  const record = readRecord(file);
  if (record === 'missing') return { broken: true, removed: [] };
  if (record === null || holderAlive(record, file)) return { broken: false, removed: [] };
  const aside = `${file}.stale-${process.pid}-${crypto.randomBytes(3).toString('hex')}`;
  try {
    fs.renameSync(file, aside);
  } catch {
    return { broken: false, removed: [] }; // someone else broke it first
  }
  const taken = readRecord(aside);
  fs.rmSync(aside, { force: true });
  // What was renamed must be the record judged stale; a fresh lock taken in between would be someone's live lock.
  if (taken === 'missing' || taken === null || taken.pid !== record.pid || taken.startedAt !== record.startedAt) {
    if (taken !== 'missing' && taken !== null) fs.writeFileSync(file, `${JSON.stringify(taken)}\n`, { flag: 'wx' });
    return { broken: false, removed: [] };
  }
  return { broken: true, removed: removeLeftovers(record) };
}

/**
 * Takes `<db>.pos-lock` (created with O_EXCL) for a backup, a restore or an
 * upgrade: every copy of POS Desktop and pos-db takes it before one of these,
 * so two of them never work on one store at once. SQLite's own locks still do
 * the rest (a till's writes wait). A lock whose process is gone is stale and
 * taken over, and the files it was writing are removed. Throws
 * StoreLockedError naming the holder.
 */
export function acquireStoreLock(dbPath: string, operation: StoreOperation): StoreLock {
  const file = storeLockPath(dbPath);
  const record: StoreLockRecord = {
    pid: process.pid,
    host: os.hostname(),
    program: process.versions.electron ? 'POS Desktop' : 'pos-db',
    operation,
    startedAt: new Date().toISOString(),
    writing: [],
  };
  for (let attempt = 0; ; attempt++) {
    try {
      createWithContent(file, record);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const held = readRecord(file);
      if (attempt >= 2 || !breakIfStale(file).broken) throw new StoreLockedError(dbPath, held === 'missing' ? null : held);
    }
  }
  removeDeadTemps(file);
  heldHere.add(file);
  let released = false;
  const update = () => {
    if (!released) writeRecord(file, record);
  };
  return {
    file,
    record,
    writing(f) {
      record.writing.push(nodePath.resolve(f));
      update();
    },
    written(f) {
      record.writing = record.writing.filter((w) => w !== nodePath.resolve(f));
      update();
    },
    release() {
      if (released) return;
      released = true;
      heldHere.delete(file);
      fs.rmSync(file, { force: true });
    },
  };
}

/** Runs `fn` holding the store lock (the caller's, when it already holds one for this store). */
export async function withStoreLock<T>(
  dbPath: string,
  operation: StoreOperation,
  held: StoreLock | undefined,
  fn: (lock: StoreLock) => Promise<T>,
): Promise<T> {
  if (held) return fn(held);
  const lock = acquireStoreLock(dbPath, operation);
  try {
    return await fn(lock);
  } finally {
    lock.release();
  }
}

/**
 * At the start of the app's worker or of pos-db: a lock left by a process that
 * was killed is removed, with the half-written files it names (a killed
 * backup's partial copy). A live holder's lock is left alone. Returns what was removed.
 */
export function clearStaleStoreLock(dbPath: string): string[] {
  const file = storeLockPath(dbPath);
  if (!fs.existsSync(file)) return [];
  const { broken, removed } = breakIfStale(file);
  return broken ? removed : [];
}
