import type { HubMigration } from '../migration';

/**
 * Money the hub owns (issue 14): an amount of a gift card or a store credit
 * account reserved for a sale a till is completing, asked for before the sale
 * completes (POST /v1/holds) and consumed when the sale's operation arrives.
 * An open hold counts against the balance for every other till until it is
 * consumed or expires. Frozen: it names the tables of 0001 it refers to and
 * repeats the tenant rules of 0001 for its one table (tenant_id leads every
 * key; RLS enabled and forced with the one policy; the app role granted).
 */
const sql = (appRole: string) => `
CREATE TABLE hub.holds (
  tenant_id text NOT NULL REFERENCES hub.tenants (tenant_id),
  id uuid NOT NULL,
  till_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('gift_card', 'store_credit')),
  gift_card_id text,
  credit_account_id text,
  amount_cents integer NOT NULL CHECK (amount_cents > 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  -- The operation that consumed it (pending_operations.id on the till), and when.
  consumed_by text,
  consumed_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, till_id) REFERENCES hub.tills (tenant_id, id),
  FOREIGN KEY (tenant_id, gift_card_id) REFERENCES hub.gift_cards (tenant_id, id),
  FOREIGN KEY (tenant_id, credit_account_id) REFERENCES hub.credit_accounts (tenant_id, id),
  CHECK ((kind = 'gift_card') = (gift_card_id IS NOT NULL) AND (kind = 'store_credit') = (credit_account_id IS NOT NULL))
);
-- What a hold request and a push read: a card's or an account's holds still open.
CREATE INDEX holds_open_gift_card ON hub.holds (tenant_id, gift_card_id) WHERE consumed_at IS NULL AND gift_card_id IS NOT NULL;
CREATE INDEX holds_open_credit ON hub.holds (tenant_id, credit_account_id) WHERE consumed_at IS NULL AND credit_account_id IS NOT NULL;

ALTER TABLE hub.holds ENABLE ROW LEVEL SECURITY;
ALTER TABLE hub.holds FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON hub.holds
  USING (tenant_id = current_setting('app.tenant_id', true)) WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
GRANT SELECT, INSERT, UPDATE, DELETE ON hub.holds TO ${appRole};
`;

export const holds: HubMigration = {
  name: '0003-holds',
  up: async ({ client, appRole }) => {
    await client.query(sql(appRole));
  },
};
