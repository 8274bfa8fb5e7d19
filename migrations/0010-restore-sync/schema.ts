/**
 * Migration 0010's own copy of the schema facts it needs (frozen: never read from the live catalogue).
 *
 * The two legacy apply triggers (0001) keep a ledger's parent in step with the ledger: a stock movement
 * moves `inventory.quantity_on_hand`, a gift card transaction moves the card's balance. A pulled ledger
 * row is history the hub already counted: the pulled `inventory` and `gift_cards` rows carry the hub's
 * level and balance with it. While a pull applies a page it holds the one row of `sync_pull_applying`
 * (inserted and deleted inside the page's transaction, so no other connection ever sees it), and the
 * triggers do nothing; every other insert (the till's own sales, receipts, redemptions) applies as before.
 */
export const GUARD_TABLE = 'sync_pull_applying';

export const CREATE_GUARD_TABLE = `CREATE TABLE ${GUARD_TABLE} (
  applying INTEGER PRIMARY KEY NOT NULL CHECK (applying = 1)
)`;

/** Not applying a pull: the condition both triggers gain. */
const NOT_PULLING = `NOT EXISTS (SELECT 1 FROM ${GUARD_TABLE})`;

/** The triggers as 0001 created them (names and bodies), each with the guard added to its WHEN. */
export const GUARDED_TRIGGERS: readonly { name: string; sql: string }[] = [
  {
    name: 'trg_inventory_transactions_apply',
    sql: `CREATE TRIGGER trg_inventory_transactions_apply
AFTER INSERT ON inventory_transactions
WHEN ${NOT_PULLING}
BEGIN
  UPDATE inventory
     SET quantity_on_hand = quantity_on_hand + NEW.quantity,
         updated_at = NEW.created_at
   WHERE product_id = NEW.product_id;
END`,
  },
  {
    name: 'trg_gift_card_transactions_apply',
    sql: `CREATE TRIGGER trg_gift_card_transactions_apply
AFTER INSERT ON gift_card_transactions
WHEN NEW.kind <> 'issue' AND ${NOT_PULLING}
BEGIN
  UPDATE gift_cards
     SET balance_cents = balance_cents + NEW.amount_cents,
         status = CASE WHEN balance_cents + NEW.amount_cents = 0 THEN 'redeemed' ELSE status END
   WHERE id = NEW.gift_card_id;
END`,
  },
];
