/**
 * Migration 0006's own copy of the facts it needs (frozen with it; never the
 * live catalogue). Two store-level bookkeeping tables, not tenant data (like
 * store_identity, they sit outside the tenant catalogue):
 *
 * - sign_in_failures: failed PIN (and technician code) attempts, per
 *   (tenant, username) and per till, so a lock-out survives a restart.
 *   tenant_id is '' for the till's and the technician code's rows; a username
 *   that does not exist gets its row too, so it is refused exactly like one that does.
 * - store_secrets: the technician code's scrypt hash (name 'technician_code').
 */
export const SIGN_IN_FAILURES = 'sign_in_failures';
export const STORE_SECRETS = 'store_secrets';

export const CREATE_TABLES: readonly string[] = [
  `CREATE TABLE ${SIGN_IN_FAILURES} (
  scope TEXT NOT NULL CHECK (scope IN ('user', 'till', 'technician-code')),
  tenant_id TEXT NOT NULL,
  subject TEXT NOT NULL,
  failures INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
  last_failure_at TEXT,
  locked_at TEXT,
  PRIMARY KEY (scope, tenant_id, subject)
) WITHOUT ROWID`,
  `CREATE TABLE ${STORE_SECRETS} (
  name TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL,
  updated_at TEXT NOT NULL
) WITHOUT ROWID`,
];

/** sessions.token is stored as the lowercase hex sha256 of the token (64 characters) from 0006 on. */
export const TOKEN_HASH_PATTERN = /^[0-9a-f]{64}$/;
