import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { WorkerLike } from './client';
import { WorkerIntegrityError } from './errors';

/** dist/electron/integrity.json, written by scripts/build-node.mjs: file name -> sha256 of the bundle. */
export interface IntegrityManifest {
  files: Record<string, { sha256: string }>;
}

function expectedHash(script: string, integrityFile: string): string {
  let manifest: IntegrityManifest;
  try {
    manifest = JSON.parse(fs.readFileSync(integrityFile, 'utf8')) as IntegrityManifest;
  } catch (err) {
    throw new WorkerIntegrityError(script, `its fingerprint file ${integrityFile} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'invalid'})`);
  }
  const sha = manifest.files?.[path.basename(script)]?.sha256;
  if (typeof sha !== 'string' || !/^[0-9a-f]{64}$/.test(sha)) throw new WorkerIntegrityError(script, `${integrityFile} records no fingerprint for it`);
  return sha;
}

/**
 * Checks the worker bundle against the sha256 recorded at build time. The
 * worker is unpacked from app.asar (a worker thread cannot load from inside
 * it), so the asar's own integrity check does not cover it; the recorded hash
 * lives inside the asar, which it does cover. Throws WorkerIntegrityError.
 */
export function verifyWorkerBundle(script: string, integrityFile: string): void {
  const expected = expectedHash(script, integrityFile);
  let actual: string;
  try {
    actual = crypto.createHash('sha256').update(fs.readFileSync(script)).digest('hex');
  } catch (err) {
    throw new WorkerIntegrityError(script, `${script} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (actual !== expected) throw new WorkerIntegrityError(script, `${script} is not the file this version installed (its sha256 differs)`);
}

/** A spawn that checks the bundle every time it starts a worker (also the restart after a crash). */
export const verifiedSpawn =
  (script: string, integrityFile: string, spawn: () => WorkerLike): (() => WorkerLike) =>
  () => {
    verifyWorkerBundle(script, integrityFile);
    return spawn();
  };
