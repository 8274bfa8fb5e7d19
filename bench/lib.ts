import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createDemoDatabase } from '../electron/demo/generate';

/** One line of the benchmark table. Targets are ratios or limits measured in the same run, never absolute timings in tests. */
export interface BenchRow {
  section: string;
  name: string;
  value: number;
  unit: string;
  /** Human-readable target, e.g. "<= 5 s" or "ratio <= 1.10". */
  target?: string;
  /** Whether the target was met; undefined when the row is informational. */
  ok?: boolean;
  note?: string;
}

export interface BenchContext {
  /** The shared `large` demo store at the legacy schema. Never modify it: copy it first (copyFixture). */
  largeLegacyDb: string;
  /** A scratch folder for this run, removed at the end. */
  scratch: string;
}

export const CACHE_DIR = path.resolve('bench/.cache');

/** The large legacy demo store, generated once and reused across runs (seed 1). */
export async function ensureLargeFixture(): Promise<string> {
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const file = path.join(CACHE_DIR, 'large-seed1.sqlite');
  if (!fs.existsSync(file)) {
    console.log('bench: generating the large demo store (about 2M rows, 600 MB; once, cached in bench/.cache)...');
    await createDemoDatabase(file, { size: 'large', seed: 1 });
  }
  return file;
}

/** A private copy of a fixture (file copy; the fixture has no WAL). */
export function copyFixture(src: string, dest: string): string {
  fs.copyFileSync(src, dest);
  return dest;
}

/** Median of a list of numbers. */
export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Drops a file from the OS page cache where possible, so cold and warm runs are comparable. Best effort. */
export function evictFromCache(file: string): void {
  spawnSync('dd', [`if=${file}`, 'iflag=nocache', 'count=0'], { stdio: 'ignore' });
}
