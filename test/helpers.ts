import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { createDemoDatabase, type DemoSize } from '../electron/demo/generate';

/** A fresh folder under the OS temp dir, removed when the test file finishes. */
export function tempDir(prefix = 'pos-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

let counter = 0;
/** A new legacy-schema demo store database in `dir`. */
export async function makeDemoDatabase(dir: string, size: DemoSize = 'small', seed = 1): Promise<string> {
  const file = path.join(dir, `store-${size}-${seed}-${counter++}.sqlite`);
  await createDemoDatabase(file, { size, seed });
  return file;
}

/** Copies a database file (with its WAL, if any) so each test gets a private copy of a shared fixture. */
export function copyDatabase(src: string, dest: string): string {
  fs.copyFileSync(src, dest);
  for (const ext of ['-wal', '-shm']) if (fs.existsSync(src + ext)) fs.copyFileSync(src + ext, dest + ext);
  return dest;
}

let storeCounter = 0;
/**
 * A private copy of a fixture store in its own folder (as pos.sqlite), so its
 * default backups/ folder is its own too.
 */
export function privateStore(fixture: string, dir: string): { db: string; backups: string } {
  const folder = path.join(dir, `store-${storeCounter++}`);
  fs.mkdirSync(folder);
  return { db: copyDatabase(fixture, path.join(folder, 'pos.sqlite')), backups: path.join(folder, 'backups') };
}
