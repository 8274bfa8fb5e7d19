import fs from 'node:fs';
import { LOCK_AFTER } from './lockout';

/**
 * The copy of the technician code kept beside the store file
 * (`<store file>.technician-code.json`, mode 0600): its scrypt hash and its
 * wrong tries. `pos-db technician-code set` writes it with the store's own
 * copy (only it, for a store that cannot hold a code: not a readable database,
 * or a schema older than 0006); the worker checks it when the store holds no
 * code. Written atomically (a temp file, then a rename), so a crash leaves the
 * old copy or the new one.
 */
export interface SideCode {
  hash: string;
  failures: number;
  lockedAt: string | null;
}

export const sideCodePath = (storeFile: string): string => `${storeFile}.technician-code.json`;

/** The side copy, or undefined when there is none. An unreadable copy counts as locked (fail closed): `set` replaces it. */
export function readSideCode(storeFile: string): SideCode | undefined {
  let text: string;
  try {
    text = fs.readFileSync(sideCodePath(storeFile), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const v = JSON.parse(text) as Partial<SideCode>;
    if (typeof v.hash === 'string' && typeof v.failures === 'number' && (v.lockedAt === null || typeof v.lockedAt === 'string'))
      return { hash: v.hash, failures: v.failures, lockedAt: v.lockedAt };
  } catch {
    // fall through: malformed
  }
  return { hash: '', failures: LOCK_AFTER, lockedAt: 'malformed' };
}

export function writeSideCode(storeFile: string, code: SideCode): void {
  const file = sideCodePath(storeFile);
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, `${JSON.stringify(code)}\n`, { mode: 0o600 });
  fs.chmodSync(temp, 0o600);
  fs.renameSync(temp, file);
}

/** Removes the side copy; false when there was none. */
export function removeSideCode(storeFile: string): boolean {
  try {
    fs.unlinkSync(sideCodePath(storeFile));
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}
