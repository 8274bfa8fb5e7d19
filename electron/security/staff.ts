import crypto from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { isValidTenantId } from '../../contracts/tenant-id';
import { BadInputError } from '../errors';
import { auditSecurity } from './audit';
import { assertNewPin } from './pin-rules';
import type { UserRole } from '../tenancy/models';
import { hashPin, parsePinHash, type ScryptParams } from '../tenancy/pin';
import { ROLES } from '../tenancy/permissions';
import { tenantConfig } from '../tenancy/tenants';

/** The scrypt cost of a store's first PIN, when it has none to match (about 50 ms). */
export const NEW_STORE_SCRYPT: ScryptParams = { N: 16384, r: 8, p: 1 };

export interface NewUser {
  tenantId: string;
  username: string;
  displayName: string;
  role: string;
  pin: string;
}

export interface StaffMember {
  username: string;
  display_name: string;
  role: UserRole;
  active: 0 | 1;
  created_at: string;
}

const USERNAME = /^[a-z0-9][a-z0-9._-]{0,63}$/i;

/**
 * Adds an employee to a store, with a PIN of at least 6 digits
 * (assertNewPin). Each input problem is one BadInputError, checked before
 * anything is written. The PIN is hashed at the cost of the store's own
 * hashes, so a sign-in takes the same time whoever is tried (pin-guard.ts);
 * NEW_STORE_SCRYPT for a store with none. A username that differs from an
 * existing one only in case is refused (they would share one lock-out counter).
 * Audited in the store's trail as user.created (`via`: who added it).
 */
export function addUser(db: Database, input: NewUser, options: { via: string; by?: string | null; now?: Date; newId?: () => string }): StaffMember {
  if (!isValidTenantId(input.tenantId))
    throw new BadInputError(`'${input.tenantId}' is not a store id`, 'Use the id `pos-db status` lists, like caps-automotive');
  tenantConfig(input.tenantId); // UnknownTenantError: a store this build does not ship
  const username = input.username.trim();
  if (!USERNAME.test(username))
    throw new BadInputError(
      `'${input.username}' is not a username`,
      'Use letters, digits, dot, dash or underscore, starting with a letter or digit (at most 64)',
    );
  const displayName = input.displayName.trim();
  if (displayName === '' || displayName.length > 100)
    throw new BadInputError('--name is required (at most 100 characters)', 'Give the name staff see at the till, like "Dana Smith"');
  if (!(ROLES as readonly string[]).includes(input.role)) throw new BadInputError(`'${input.role}' is not a role`, `Choose one of: ${ROLES.join(', ')}`);
  const pin = assertNewPin(input.pin);
  const role = input.role as UserRole;
  const now = (options.now ?? new Date()).toISOString();

  return db.transaction(() => {
    const clash = db.prepare(`SELECT username FROM users WHERE tenant_id = ? AND lower(username) = lower(?)`).get(input.tenantId, username) as
      { username: string } | undefined;
    if (clash) throw new BadInputError(`${input.tenantId} already has the username '${clash.username}'`, 'Choose another username; nothing was changed');
    const sample = db.prepare(`SELECT pin_hash FROM users WHERE tenant_id = ? AND username >= '' ORDER BY username LIMIT 1`).get(input.tenantId) as
      { pin_hash: string } | undefined;
    const cost = (sample && parsePinHash(sample.pin_hash)?.params) || NEW_STORE_SCRYPT;
    const id = (options.newId ?? crypto.randomUUID)();
    db.prepare(
      `INSERT INTO users (id, tenant_id, username, display_name, role, pin_hash, email, active, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, NULL, 1, ?, ?)`,
    ).run(id, input.tenantId, username, displayName, role, hashPin(pin, crypto.randomBytes(16), cost), now, now);
    auditSecurity(db, {
      tenantId: input.tenantId,
      userId: options.by ?? null,
      action: 'user.created',
      entityType: 'user',
      entityId: id,
      details: { username, role, via: options.via },
      at: new Date(now),
    });
    return { username, display_name: displayName, role, active: 1 as const, created_at: now };
  })();
}

/** A store's staff, without PIN hashes (the technician's `pos-db users list`). */
export function listUsers(db: Database, tenantId: string): StaffMember[] {
  if (!isValidTenantId(tenantId)) throw new BadInputError(`'${tenantId}' is not a store id`, 'Use the id `pos-db status` lists, like caps-automotive');
  return db
    .prepare(`SELECT username, display_name, role, active, created_at FROM users WHERE tenant_id = ? ORDER BY username LIMIT 1000`)
    .all(tenantId) as StaffMember[];
}
