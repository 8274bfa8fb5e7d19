import path from 'node:path';
import { asDatabaseError, openDatabase } from '../db/open';
import type { CheckResult } from './types';
import { failedChecks, verifyTenantDatabase } from './verify';

export { verifyTenantDatabase, failedChecks, estimateVerifyCost, type VerifyOptions, type VerifyStep } from './verify';

export interface VerifyFileResult {
  dbPath: string;
  ok: boolean;
  checks: CheckResult[];
  failed: CheckResult[];
  durationMs: number;
}

/** `pos-db verify`: every check of the tenant migration on a database file, read-only. */
export function verifyDatabaseFile(dbPath: string): VerifyFileResult {
  const started = performance.now();
  const db = openDatabase(dbPath, { readonly: true });
  try {
    const checks = verifyTenantDatabase(db);
    const failed = failedChecks(checks);
    return { dbPath: path.resolve(dbPath), ok: failed.length === 0, checks, failed, durationMs: Math.round(performance.now() - started) };
  } catch (err) {
    throw asDatabaseError(err, dbPath);
  } finally {
    db.close();
  }
}
