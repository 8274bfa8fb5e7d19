import type { HubMigration } from '../migration';

/**
 * The hub's first schema, frozen once shipped. Every table lives in schema `hub`,
 * carries tenant_id, and leads every key and index with it, so the schema can be
 * distributed by tenant_id (docs/sync.md, Citus). Row-level security is enabled
 * and forced on every table; the one policy per table lets a session see the rows
 * of the tenant it set with set_config('app.tenant_id', ..., true), and nothing
 * when it set none (current_setting(..., true) is NULL, and NULL = x is never true).
 *
 * Rows the tills also hold keep the till's columns in `row` (jsonb, snake_case,
 * without tenant_id): what a pull sends. Columns the hub's rules need (a balance,
 * a key) are real columns beside it.
 */

/** Insert-only documents the tills push, one table each, named as on the till. */
const DOCUMENT_TABLES = [
  'customer_vehicles',
  'work_orders',
  'work_order_lines',
  'shifts',
  'sales',
  'sale_lines',
  'sale_payments',
  'layaways',
  'layaway_payments',
  'inventory_transactions',
  'gift_card_transactions',
  'credit_transactions',
  'loyalty_transactions',
  'commissions',
  'promotion_usage',
] as const;

/** The catalogue the hub owns and sends to every till of the tenant. */
const CATALOGUE_TABLES = ['product_categories', 'price_levels', 'promotions', 'fitment_data'] as const;

const sql = (appRole: string) => `
CREATE SCHEMA hub;

CREATE TABLE hub.tenants (
  tenant_id text NOT NULL CHECK (tenant_id ~ '^[a-z0-9]([a-z0-9-]{0,253}[a-z0-9])?$'),
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id)
);

-- The pull cursor: one counter per tenant, bumped inside the writing transaction.
-- min_version: changes at or below it were compacted away; an older cursor gets a resync.
CREATE TABLE hub.tenant_versions (
  tenant_id text NOT NULL REFERENCES hub.tenants (tenant_id),
  version bigint NOT NULL DEFAULT 0,
  min_version bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id)
);

CREATE TABLE hub.tills (
  tenant_id text NOT NULL REFERENCES hub.tenants (tenant_id),
  id uuid NOT NULL,
  name text NOT NULL,
  token_sha256 text NOT NULL,
  protocol_version integer NOT NULL,
  app_version text NOT NULL,
  schema text NOT NULL,
  last_seq bigint NOT NULL DEFAULT 0,
  pulled_version bigint NOT NULL DEFAULT 0,
  enrolled_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz,
  revoked_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, token_sha256)
);

CREATE TABLE hub.enrollment_codes (
  tenant_id text NOT NULL REFERENCES hub.tenants (tenant_id),
  id uuid NOT NULL,
  code_sha256 text NOT NULL,
  till_name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  till_id uuid,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, code_sha256),
  FOREIGN KEY (tenant_id, till_id) REFERENCES hub.tills (tenant_id, id)
);

-- Exactly once: one row per (till, seq) in the same transaction as the effect.
CREATE TABLE hub.applied_operations (
  tenant_id text NOT NULL,
  till_id uuid NOT NULL,
  seq bigint NOT NULL,
  op_id text NOT NULL,
  entity_type text NOT NULL,
  entity_id text NOT NULL,
  operation text NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('applied', 'rejected')),
  code text,
  reason text,
  remote jsonb,
  applied_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, till_id, seq),
  UNIQUE (tenant_id, op_id),
  FOREIGN KEY (tenant_id, till_id) REFERENCES hub.tills (tenant_id, id)
);

-- What a pull sends: every change of the tenant in commit order, with the row as the tills hold it.
CREATE TABLE hub.change_log (
  tenant_id text NOT NULL REFERENCES hub.tenants (tenant_id),
  version bigint NOT NULL,
  table_name text NOT NULL,
  row_id text NOT NULL,
  op text NOT NULL CHECK (op IN ('upsert', 'delete')),
  origin_till_id uuid,
  row jsonb,
  PRIMARY KEY (tenant_id, version),
  FOREIGN KEY (tenant_id, origin_till_id) REFERENCES hub.tills (tenant_id, id)
);
CREATE INDEX change_log_latest ON hub.change_log (tenant_id, table_name, row_id, version DESC);

CREATE TABLE hub.products (
  tenant_id text NOT NULL REFERENCES hub.tenants (tenant_id),
  id text NOT NULL,
  sku text NOT NULL,
  price_cents integer NOT NULL CHECK (price_cents >= 0),
  row jsonb NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, sku)
);

${CATALOGUE_TABLES.map(
  (t) => `CREATE TABLE hub.${t} (
  tenant_id text NOT NULL REFERENCES hub.tenants (tenant_id),
  id text NOT NULL,
  row jsonb NOT NULL,
  PRIMARY KEY (tenant_id, id)
);`,
).join('\n')}

-- Stock as the sum of deltas: the level only ever moves by a pushed quantity.
CREATE TABLE hub.inventory (
  tenant_id text NOT NULL,
  product_id text NOT NULL,
  id text NOT NULL,
  quantity_on_hand integer NOT NULL,
  row jsonb NOT NULL,
  PRIMARY KEY (tenant_id, product_id),
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, product_id) REFERENCES hub.products (tenant_id, id)
);

CREATE TABLE hub.customers (
  tenant_id text NOT NULL REFERENCES hub.tenants (tenant_id),
  id text NOT NULL,
  row jsonb NOT NULL,
  -- Who last wrote the contact, and at which tenant version (last writer wins in hub order).
  contact_till_id uuid,
  contact_version bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, contact_till_id) REFERENCES hub.tills (tenant_id, id)
);

-- Balances the hub is authoritative for.
CREATE TABLE hub.gift_cards (
  tenant_id text NOT NULL REFERENCES hub.tenants (tenant_id),
  id text NOT NULL,
  code text NOT NULL,
  balance_cents integer NOT NULL CHECK (balance_cents >= 0),
  status text NOT NULL CHECK (status IN ('active', 'redeemed', 'void')),
  expires_at text,
  row jsonb NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, code)
);

CREATE TABLE hub.credit_accounts (
  tenant_id text NOT NULL REFERENCES hub.tenants (tenant_id),
  id text NOT NULL,
  customer_id text NOT NULL,
  balance_cents integer NOT NULL,
  credit_limit_cents integer NOT NULL CHECK (credit_limit_cents >= 0),
  status text NOT NULL CHECK (status IN ('active', 'suspended', 'closed')),
  row jsonb NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES hub.customers (tenant_id, id)
);
CREATE INDEX credit_accounts_customer ON hub.credit_accounts (tenant_id, customer_id);

CREATE TABLE hub.loyalty_accounts (
  tenant_id text NOT NULL REFERENCES hub.tenants (tenant_id),
  id text NOT NULL,
  points_balance integer NOT NULL CHECK (points_balance >= 0),
  row jsonb NOT NULL,
  PRIMARY KEY (tenant_id, id)
);

${DOCUMENT_TABLES.map(
  (t) => `CREATE TABLE hub.${t} (
  tenant_id text NOT NULL REFERENCES hub.tenants (tenant_id),
  id text NOT NULL,
  origin_till_id uuid,
  row jsonb NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, origin_till_id) REFERENCES hub.tills (tenant_id, id)
);`,
).join('\n')}
CREATE INDEX work_order_lines_order ON hub.work_order_lines (tenant_id, (row->>'work_order_id'));

-- What lost: a contact overwritten by a later writer, a rejection worth a person's look.
CREATE TABLE hub.sync_conflicts (
  tenant_id text NOT NULL REFERENCES hub.tenants (tenant_id),
  id uuid NOT NULL,
  till_id uuid,
  op_id text,
  entity_type text NOT NULL,
  entity_id text NOT NULL,
  kind text NOT NULL,
  local_data jsonb,
  remote_data jsonb,
  detected_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, till_id) REFERENCES hub.tills (tenant_id, id)
);

DO $$
DECLARE t record;
BEGIN
  FOR t IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'hub' AND c.relkind = 'r' LOOP
    EXECUTE format('ALTER TABLE hub.%I ENABLE ROW LEVEL SECURITY', t.relname);
    EXECUTE format('ALTER TABLE hub.%I FORCE ROW LEVEL SECURITY', t.relname);
    EXECUTE format('CREATE POLICY tenant_isolation ON hub.%I USING (tenant_id = current_setting(''app.tenant_id'', true)) WITH CHECK (tenant_id = current_setting(''app.tenant_id'', true))', t.relname);
  END LOOP;
END $$;

GRANT USAGE ON SCHEMA hub TO ${appRole};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA hub TO ${appRole};
`;

export const hubSchema: HubMigration = {
  name: '0001-hub-schema',
  up: async ({ client, appRole }) => {
    await client.query(sql(appRole));
  },
};
