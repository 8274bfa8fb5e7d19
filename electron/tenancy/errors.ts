import { PosError } from '../errors';

/**
 * Errors of the tenant layer. Each names what a technician or clerk needs:
 * which tenant, which table, which file and field.
 */

/** Data was touched with no signed-in tenant: the layer fails closed instead of reading every tenant. */
export class NoTenantError extends PosError {
  readonly code = 'NO_TENANT';
  readonly exitCode = 1 as const;
  constructor(detail: string) {
    super(`No tenant for this data access (${detail})`, 'Sign in first; data is only read or written for the signed-in store');
  }
}

/** A bundled or supplied tenant configuration file is malformed. */
export class TenantConfigError extends PosError {
  readonly code = 'TENANT_CONFIG_INVALID';
  readonly exitCode = 2 as const;
  constructor(
    readonly file: string,
    readonly field: string,
    problem: string,
  ) {
    super(`${file}: field "${field}" ${problem}`, `Fix "${field}" in ${file}`);
  }
}

export class UnknownTenantError extends PosError {
  readonly code = 'UNKNOWN_TENANT';
  readonly exitCode = 2 as const;
  constructor(
    readonly tenantId: string,
    known: readonly string[],
  ) {
    super(`Unknown store '${tenantId}'`, `Choose one of: ${known.join(', ')}`);
  }
}

/**
 * Unknown username, wrong PIN, a username locked after 5 wrong PINs, an
 * inactive user: ONE answer for all (so a till never tells which part was
 * right), which therefore says what to do in each case.
 */
export class InvalidSignInError extends PosError {
  readonly code = 'INVALID_SIGN_IN';
  readonly exitCode = 2 as const;
  constructor() {
    super(
      'Wrong username or PIN, or the username is locked after 5 wrong PINs',
      'Check the store, the username and the PIN and try again; if it stays refused, ask a manager to unlock the username (Manager screen)',
    );
  }
}

/** The session is missing, revoked or past its expiry. */
export class SessionExpiredError extends PosError {
  readonly code = 'SESSION_EXPIRED';
  readonly exitCode = 1 as const;
  constructor(reason: 'missing' | 'expired' | 'revoked' | 'user inactive') {
    super(`Your session is no longer valid (${reason})`, 'Sign in again');
  }
}

/** A write pointed at a row that does not exist in the signed-in tenant (another tenant's row, or none at all). */
export class CrossTenantReferenceError extends PosError {
  readonly code = 'CROSS_TENANT_REFERENCE';
  readonly exitCode = 2 as const;
  constructor(
    readonly table: string,
    readonly column: string,
    readonly referencedTable: string,
    readonly id: string,
  ) {
    super(`${table}.${column} refers to ${referencedTable} ${id}, which this store does not have`, 'Pick a record of the signed-in store');
  }
}

/** Something asked for by id or key is not in the signed-in tenant. */
export class RecordNotFoundError extends PosError {
  readonly code = 'NOT_FOUND';
  readonly exitCode = 2 as const;
  constructor(
    readonly entity: string,
    readonly key: string,
  ) {
    super(`No ${entity} '${key}' in this store`, 'Check the number or code and try again');
  }
}

/** A POS request that is valid in shape but not allowed by the business rules (e.g. redeeming more than the balance). */
export class PosRuleError extends PosError {
  readonly code = 'POS_RULE';
  readonly exitCode = 2 as const;
}

/** A database trigger refused to move a row to another tenant. */
export class TenantIdImmutableError extends PosError {
  readonly code = 'TENANT_ID_IMMUTABLE';
  readonly exitCode = 1 as const;
  constructor(readonly table: string) {
    super(`tenant_id of ${table} rows cannot change`, 'Rows never move between stores; create a new row in the other store instead');
  }
}

/**
 * The signed-in role (or no session) may not call this channel (electron/tenancy/permissions.ts).
 * Decided in the worker before the operation runs: nothing was read or changed.
 */
export class PermissionDeniedError extends PosError {
  readonly code = 'PERMISSION_DENIED';
  readonly exitCode = 1 as const;
  constructor(
    readonly channel: string,
    /** null: no one was signed in. */
    readonly role: string | null,
    does: string,
    hint: string,
  ) {
    super(`${role === null ? 'With no one signed in, the till' : role === 'admin' ? 'An admin' : `A ${role}`} may not ${does} (${channel})`, hint);
  }
}
