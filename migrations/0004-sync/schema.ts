import { sameTenantTriggersSql, tenantTriggersForTable } from '../0003-tenant-integrity';

/**
 * FROZEN: the schema migration 0004 adds, spelled out as it shipped. Never
 * edit it; a later change is a later migration. It carries its own copy of
 * every fact it needs and reads neither the live catalogue nor another
 * migration's lists (it only calls 0003's trigger builders, so every table's
 * triggers speak the same words).
 */

/** The tenant id rule as an inline CHECK (the same words as 0002's frozen copy; a test compares them). */
const TENANT = `tenant_id TEXT NOT NULL CHECK (typeof(tenant_id) = 'text' AND length(tenant_id) BETWEEN 1 AND 255 AND tenant_id NOT GLOB '*[^a-z0-9-]*' AND tenant_id NOT GLOB '-*' AND tenant_id NOT GLOB '*-')`;

/**
 * Two new tables, one row per enrolled tenant each, created with tenant_id and
 * no default: the till's credential (what the hub gave it in exchange for the
 * enrollment code) and where its sync stands.
 */
export const CREATE_TABLES: readonly string[] = [
  `CREATE TABLE sync_credentials (
  id TEXT PRIMARY KEY NOT NULL,
  ${TENANT},
  hub_url TEXT NOT NULL,
  hub_id TEXT NOT NULL,
  till_name TEXT NOT NULL,
  token TEXT NOT NULL,
  seq_base INTEGER NOT NULL DEFAULT 0 CHECK (seq_base >= 0),
  enrolled_at TEXT NOT NULL
)`,
  `CREATE TABLE sync_state (
  id TEXT PRIMARY KEY NOT NULL,
  ${TENANT},
  cursor TEXT,
  acked_seq INTEGER NOT NULL DEFAULT 0 CHECK (acked_seq >= 0),
  last_push_at TEXT,
  last_pull_at TEXT,
  last_error TEXT,
  last_error_at TEXT,
  failures INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
  next_attempt_at TEXT
)`,
];

/**
 * Columns on v1 tables (ADD COLUMN: the schema only, no row rewritten).
 * pending_operations.seq is the operation's number in its tenant's queue;
 * sync_conflicts names the operation the hub rejected, with the hub's stable
 * code and sentence; sync_log keeps what the hub said about each row.
 */
export const ADD_COLUMNS: readonly string[] = [
  `ALTER TABLE pending_operations ADD COLUMN seq INTEGER`,
  `ALTER TABLE sync_conflicts ADD COLUMN operation_id TEXT REFERENCES pending_operations (id) ON DELETE SET NULL`,
  `ALTER TABLE sync_conflicts ADD COLUMN code TEXT`,
  `ALTER TABLE sync_conflicts ADD COLUMN reason TEXT`,
  `ALTER TABLE sync_log ADD COLUMN detail TEXT`,
];

/**
 * The operations still to send get their numbers in the order the till wrote
 * them (created_at, then id), per tenant: 1, 2, 3, ... Rows a v1 till marked
 * 'done' were delivered to the v1 sync server and are never sent again, so
 * they get none (a gap in the numbers would stop the hub). One UPDATE over
 * pending_operations, nothing else.
 */
export const BACKFILL_SEQ = `UPDATE pending_operations SET seq = numbered.n
  FROM (SELECT id, row_number() OVER (PARTITION BY tenant_id ORDER BY created_at, id) AS n FROM pending_operations WHERE status <> 'done') AS numbered
  WHERE pending_operations.id = numbered.id`;

/** Built after the back-fill (one sort instead of an index update per row). Every index leads with tenant_id. */
export const CREATE_INDEXES: readonly string[] = [
  `CREATE UNIQUE INDEX idx_pending_operations_tenant_seq ON pending_operations (tenant_id, seq)`,
  `CREATE UNIQUE INDEX idx_sync_credentials_tenant_id ON sync_credentials (tenant_id)`,
  `CREATE UNIQUE INDEX idx_sync_state_tenant_id ON sync_state (tenant_id)`,
  `CREATE INDEX idx_sync_conflicts_tenant_operation ON sync_conflicts (tenant_id, operation_id)`,
];

/**
 * A row written by anything other than the repositories' recordChange (which
 * numbers its row in the same INSERT), e.g. a raw insert of demo data or an
 * older writer, still gets the next number, in the same transaction.
 */
export const SEQ_TRIGGER = `CREATE TRIGGER trg_pending_operations_seq AFTER INSERT ON pending_operations
  WHEN NEW.seq IS NULL AND NEW.status <> 'done'
  BEGIN
    UPDATE pending_operations SET seq = (SELECT coalesce(max(seq), 0) + 1 FROM pending_operations WHERE tenant_id = NEW.tenant_id) WHERE id = NEW.id;
  END`;

/** The tables 0004 creates (0003's immutable tenant trigger; no foreign keys) and the reference it adds to a v1 table. */
export const NEW_TABLES = ['sync_credentials', 'sync_state'] as const;

export function tenantTriggersSql(): string[] {
  return [...NEW_TABLES.flatMap((t) => tenantTriggersForTable(t, [])), ...sameTenantTriggersSql('sync_conflicts', 'operation_id', 'pending_operations')];
}
