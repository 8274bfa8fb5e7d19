import { DEFAULT_TENANT_ID } from '../../contracts/tenant-id';
import { asDatabaseError, openDatabase, type Db } from '../db/open';
import { tableExists, tenantIdsInStore } from '../db/status';
import { BadInputError, DamagedDatabaseError, NotADatabaseError } from '../errors';
import { hashPin, parsePinHash, verifyPin, type ScryptParams } from '../tenancy/pin';
import { auditSecurity, type SecurityAction } from './audit';
import { TechnicianCodeLockedError, TechnicianCodeMissingError, TechnicianCodeNotSetError, TechnicianCodeRefusedError } from './errors';
import { clearGuard, LOCK_AFTER, readGuard, recordFailure, TECHNICIAN_CODE_KEY } from './lockout';
import { readSideCode, removeSideCode, writeSideCode, type SideCode } from './technician-code-file';

/**
 * The technician code: one per store file (not per tenant), for the screens
 * where no one can sign in (the Problem and Future-database screens, the
 * sign-in screen's Backups). Kept as a scrypt hash in store_secrets (migration
 * 0006), never in plain text and never in the demo hint. A technician sets it at
 * install, on the machine itself, with `pos-db technician-code set`.
 *
 * Checking it: 5 wrong codes lock it (counted in sign_in_failures under
 * TECHNICIAN_CODE_KEY, so a restart resets nothing) until `pos-db technician-code
 * unlock` or a new code; scrypt runs at the stored cost on every try, the
 * locked one included; every try is audited in each tenant's trail (the code
 * opens the whole file's backups, so every store in it is told).
 */
export const TECHNICIAN_CODE_SECRET = 'technician_code';
export const TECHNICIAN_CODE_MIN_DIGITS = 6;
export const TECHNICIAN_CODE_MAX_DIGITS = 12;
/** A new code's cost: about 50 ms, 16 MB. The stored hash carries its own parameters. */
export const TECHNICIAN_SCRYPT: ScryptParams = { N: 16384, r: 8, p: 1 };

/** Whether this database can hold a technician code at all (its schema has store_secrets, from 0006 on). */
export const canHoldTechnicianCode = (db: Db): boolean => tableExists(db, 'store_secrets');

/** A new code: 6 to 12 digits, nothing else; a one-line error otherwise. */
export function assertTechnicianCode(code: string): void {
  if (!/^\d+$/.test(code))
    throw new BadInputError('The technician code must be digits only', `Type ${TECHNICIAN_CODE_MIN_DIGITS} to ${TECHNICIAN_CODE_MAX_DIGITS} digits`);
  if (code.length < TECHNICIAN_CODE_MIN_DIGITS || code.length > TECHNICIAN_CODE_MAX_DIGITS)
    throw new BadInputError(
      `The technician code must have ${TECHNICIAN_CODE_MIN_DIGITS} to ${TECHNICIAN_CODE_MAX_DIGITS} digits (got ${code.length})`,
      'Choose a longer code',
    );
  if (/^(\d)\1+$/.test(code)) throw new BadInputError('The technician code cannot be one digit repeated', 'Choose a code that is hard to guess');
}

function requireSecrets(db: Db, file: string): void {
  if (!canHoldTechnicianCode(db))
    throw new BadInputError(`${file} cannot hold a technician code yet (its schema is older than 0006-auth)`, `Run \`pos-db upgrade --db ${file}\` first`);
}

const storedHash = (db: Db): string | undefined =>
  db.prepare(`SELECT value FROM store_secrets WHERE name = ?`).pluck().get(TECHNICIAN_CODE_SECRET) as string | undefined;

/** One audit row per tenant of the file (the default tenant's for a file that holds none yet). */
function auditStore(db: Db, action: SecurityAction, details: Record<string, unknown>, at: Date): void {
  const tenants = tenantIdsInStore(db);
  for (const tenantId of tenants.length > 0 ? tenants : [DEFAULT_TENANT_ID]) {
    auditSecurity(db, { tenantId, userId: null, action, entityType: 'store', entityId: null, details, at });
  }
}

/** Sets (or replaces) the store's code and forgets earlier wrong tries; audited. */
export function setTechnicianCode(db: Db, input: { code: string; file: string; via: string; now?: Date; cost?: ScryptParams }): void {
  requireSecrets(db, input.file);
  assertTechnicianCode(input.code);
  const now = input.now ?? new Date();
  writeCodeSecret(db, hashPin(input.code, undefined, input.cost ?? TECHNICIAN_SCRYPT), input.via, now);
}

/** Removes the store's code (the Backups screen then needs a signed-in technician or admin); false when none was set. */
export function clearTechnicianCode(db: Db, input: { file: string; via: string; now?: Date }): boolean {
  requireSecrets(db, input.file);
  return writeCodeSecret(db, null, input.via, input.now ?? new Date());
}

/**
 * Set and clear in one place: the store's hash replaced (or removed, `hash` null) in one transaction with
 * the wrong tries forgotten and the change audited (a clear of no code audits nothing). True when a code was
 * there before.
 */
function writeCodeSecret(db: Db, hash: string | null, via: string, now: Date): boolean {
  return db.transaction(() => {
    const had = hash === null ? db.prepare(`DELETE FROM store_secrets WHERE name = ?`).run(TECHNICIAN_CODE_SECRET).changes > 0 : storedHash(db) !== undefined;
    if (hash !== null)
      db.prepare(
        `INSERT INTO store_secrets (name, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      ).run(TECHNICIAN_CODE_SECRET, hash, now.toISOString());
    clearGuard(db, [TECHNICIAN_CODE_KEY]);
    if (hash !== null) auditStore(db, 'technician_code.set', { via, replaced: had }, now);
    else if (had) auditStore(db, 'technician_code.cleared', { via }, now);
    return had;
  })();
}

/** Unlocks the code after 5 wrong tries; false when it had no wrong tries counted. */
export function unlockTechnicianCode(db: Db, input: { file: string; via: string; now?: Date }): boolean {
  requireSecrets(db, input.file);
  return db.transaction(() => {
    const had = readGuard(db, TECHNICIAN_CODE_KEY) !== undefined;
    clearGuard(db, [TECHNICIAN_CODE_KEY]);
    if (had) auditStore(db, 'technician_code.unlocked', { via: input.via }, input.now ?? new Date());
    return had;
  })();
}

export interface TechnicianCodeState {
  set: boolean;
  failures: number;
  locked: boolean;
}

export function technicianCodeState(db: Db, file: string): TechnicianCodeState {
  requireSecrets(db, file);
  const row = readGuard(db, TECHNICIAN_CODE_KEY);
  return { set: storedHash(db) !== undefined, failures: row?.failures ?? 0, locked: Boolean(row?.locked_at) };
}

/**
 * Checks a code typed at the till. Returns when it is the store's code and not
 * locked; otherwise TechnicianCodeRefusedError (counted; the fifth locks),
 * TechnicianCodeLockedError (the right code too, once locked) or
 * TechnicianCodeNotSetError. scrypt runs at the stored cost whatever the
 * outcome, so the time says nothing.
 */
export function checkTechnicianCode(db: Db, code: string, now: Date = new Date()): void {
  if (!canHoldTechnicianCode(db)) throw new TechnicianCodeNotSetError('schema-too-old');
  const stored = storedHash(db);
  if (stored === undefined) {
    auditStore(db, 'technician_code.failed', { reason: 'none-set' }, now);
    throw new TechnicianCodeNotSetError('none-set');
  }
  const locked = Boolean(readGuard(db, TECHNICIAN_CODE_KEY)?.locked_at);
  const cost = parsePinHash(stored)?.params ?? TECHNICIAN_SCRYPT;
  // Bounded before scrypt: a page cannot make the worker hash a megabyte.
  const ok = code.length <= 64 && verifyPin(code, stored, cost);
  if (ok && !locked) {
    db.transaction(() => {
      clearGuard(db, [TECHNICIAN_CODE_KEY]);
      auditStore(db, 'technician_code.accepted', {}, now);
    })();
    return;
  }
  const failures = db.transaction(() => {
    const newlyLocked = recordFailure(db, [TECHNICIAN_CODE_KEY], now).length > 0;
    auditStore(db, 'technician_code.failed', { locked }, now);
    if (newlyLocked) auditStore(db, 'technician_code.locked', {}, now);
    return readGuard(db, TECHNICIAN_CODE_KEY)?.failures ?? LOCK_AFTER;
  })();
  if (locked) throw new TechnicianCodeLockedError();
  throw new TechnicianCodeRefusedError(Math.max(0, LOCK_AFTER - failures));
}

/**
 * The store file for the code's purposes: its connection when it can hold a
 * code, null when it is not a readable database or its schema predates 0006
 * (then only the side copy beside it counts: technician-code-file.ts).
 */
export function withCodeStore<T>(file: string, readonly: boolean, body: (db: Db | null) => T): T {
  let db: Db;
  try {
    db = openDatabase(file, { readonly });
  } catch (err) {
    if (err instanceof NotADatabaseError || err instanceof DamagedDatabaseError) return body(null);
    throw err;
  }
  try {
    let holds: boolean;
    try {
      holds = canHoldTechnicianCode(db);
    } catch (err) {
      const mapped = asDatabaseError(err, file);
      if (mapped instanceof NotADatabaseError || mapped instanceof DamagedDatabaseError) return body(null);
      throw mapped;
    }
    return body(holds ? db : null);
  } finally {
    db.close();
  }
}

/** What `pos-db technician-code set` does: the store's hash where it can hold one, and always the copy beside it. */
export function setTechnicianCodeOfFile(input: { file: string; code: string; via: string; now?: Date; cost?: ScryptParams }): { inStore: boolean } {
  assertTechnicianCode(input.code);
  const now = input.now ?? new Date();
  const hash = hashPin(input.code, undefined, input.cost ?? TECHNICIAN_SCRYPT);
  return withCodeStore(input.file, false, (db) => {
    if (db) writeCodeSecret(db, hash, input.via, now);
    writeSideCode(input.file, { hash, failures: 0, lockedAt: null });
    return { inStore: db !== null };
  });
}

/** Removes the code from the store and beside it; false when neither had one. */
export function clearTechnicianCodeOfFile(input: { file: string; via: string; now?: Date }): boolean {
  return withCodeStore(input.file, false, (db) => {
    const inStore = db ? clearTechnicianCode(db, input) : false;
    return removeSideCode(input.file) || inStore;
  });
}

/** Forgets the wrong tries in the store and beside it; false when neither had any. */
export function unlockTechnicianCodeOfFile(input: { file: string; via: string; now?: Date }): boolean {
  return withCodeStore(input.file, false, (db) => {
    const inStore = db ? unlockTechnicianCode(db, input) : false;
    const side = readSideCode(input.file);
    if (!side || (side.failures === 0 && side.lockedAt === null)) return inStore;
    writeSideCode(input.file, { ...side, failures: 0, lockedAt: null });
    return true;
  });
}

/** The code that counts: the store's when it holds one, else the copy beside it. */
export function technicianCodeStateOfFile(file: string): TechnicianCodeState {
  return withCodeStore(file, true, (db) => {
    if (db && storedHash(db) !== undefined) return technicianCodeState(db, file);
    const side = readSideCode(file);
    return side ? { set: true, failures: side.failures, locked: side.lockedAt !== null } : { set: false, failures: 0, locked: false };
  });
}

/**
 * Checks a code typed at the till against the store file: the store's hash when
 * it holds one (checkTechnicianCode); otherwise the copy beside it, with the
 * same cost rule and the same lock after 5 wrong tries, counted in that copy
 * (audited only where the store can hold the audit: `db` not null). No code
 * anywhere: TechnicianCodeNotSetError where the store can hold one, else
 * TechnicianCodeMissingError (a technician sets it with pos-db).
 */
export function checkTechnicianCodeOfFile(db: Db | null, file: string, code: string, now: Date = new Date()): void {
  if (db && storedHash(db) !== undefined) return checkTechnicianCode(db, code, now);
  const side = readSideCode(file);
  if (side) return checkSideCode(db, file, side, code, now);
  if (db) return checkTechnicianCode(db, code, now);
  throw new TechnicianCodeMissingError(file);
}

function checkSideCode(db: Db | null, file: string, side: SideCode, code: string, now: Date): void {
  const locked = side.lockedAt !== null;
  const cost = parsePinHash(side.hash)?.params ?? TECHNICIAN_SCRYPT;
  const ok = code.length <= 64 && verifyPin(code, side.hash, cost);
  if (ok && !locked) {
    if (side.failures > 0) writeSideCode(file, { ...side, failures: 0 });
    if (db) auditStore(db, 'technician_code.accepted', { copy: 'beside-store' }, now);
    return;
  }
  const failures = locked ? side.failures : side.failures + 1;
  const newlyLocked = !locked && failures >= LOCK_AFTER;
  if (!locked) writeSideCode(file, { ...side, failures, lockedAt: newlyLocked ? now.toISOString() : null });
  if (db) {
    db.transaction(() => {
      auditStore(db, 'technician_code.failed', { locked, copy: 'beside-store' }, now);
      if (newlyLocked) auditStore(db, 'technician_code.locked', { copy: 'beside-store' }, now);
    })();
  }
  if (locked) throw new TechnicianCodeLockedError();
  throw new TechnicianCodeRefusedError(Math.max(0, LOCK_AFTER - failures));
}
