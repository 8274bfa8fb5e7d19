import type { Tx } from '../db/tenant-tx';

/**
 * The amounts other sales in progress reserve on a gift card or a store credit
 * account (hub.holds, migration 0003): what a hold request and a push count
 * against the balance. A hold is open until the operation it was asked for is
 * applied (it is consumed then) or it expires; an expired hold no longer counts.
 */
export type HoldKind = 'gift_card' | 'store_credit';

const COLUMN: Record<HoldKind, string> = { gift_card: 'gift_card_id', store_credit: 'credit_account_id' };

interface OpenHold {
  id: string;
  account: string;
  amount_cents: number;
  live: boolean;
}

export class OpenHolds {
  private readonly consumed = new Map<string, string>();

  private constructor(
    private readonly kind: HoldKind,
    private readonly holds: Map<string, OpenHold>,
  ) {}

  /** The open holds of these accounts, in one query (the accounts' rows are already locked by the caller). */
  static async load(tx: Tx, kind: HoldKind, accounts: Iterable<string>): Promise<OpenHolds> {
    const ids = [...new Set(accounts)];
    const r =
      ids.length === 0
        ? { rows: [] as OpenHold[] }
        : await tx.query<OpenHold>(
            `SELECT id::text, ${COLUMN[kind]} AS account, amount_cents, expires_at > now() AS live FROM hub.holds
             WHERE ${COLUMN[kind]} = ANY($1::text[]) AND consumed_at IS NULL`,
            [ids],
          );
    return new OpenHolds(kind, new Map(r.rows.map((h) => [h.id, h])));
  }

  /** What live holds reserve on the account, leaving out `own` (the hold the operation itself consumes). */
  reserved(account: string, own: string | null | undefined): number {
    let sum = 0;
    for (const h of this.holds.values()) if (h.account === account && h.live && h.id !== own && !this.consumed.has(h.id)) sum += h.amount_cents;
    return sum;
  }

  /** The operation (its ledger row, `by`) was applied: its hold, if it names one of this account, is used up. */
  consume(account: string, holdId: string | null | undefined, by: string): void {
    if (!holdId) return;
    const h = this.holds.get(holdId);
    if (h && h.account === account && !this.consumed.has(holdId)) this.consumed.set(holdId, by);
  }

  /** Writes the consumed holds, in one statement. */
  async flush(tx: Tx): Promise<void> {
    if (this.consumed.size === 0) return;
    await tx.query(
      `UPDATE hub.holds h SET consumed_at = now(), consumed_by = c.by FROM unnest($1::uuid[], $2::text[]) AS c(id, by)
       WHERE h.id = c.id AND h.${COLUMN[this.kind]} IS NOT NULL AND h.consumed_at IS NULL`,
      [[...this.consumed.keys()], [...this.consumed.values()]],
    );
    for (const id of this.consumed.keys()) this.holds.delete(id);
    this.consumed.clear();
  }
}
