import type { HoldAsk, HoldResponse } from '../../contracts/sync/protocol';
import type { Tx } from '../db/tenant-tx';
import { OpenHolds } from './open-holds';

/** How long a hold reserves its amount when the sale's operation does not arrive (the till crashed, the sale failed after the hold). */
export const DEFAULT_HOLD_TTL_MS = 15 * 60_000;

interface Card {
  id: string;
  code: string;
  balance_cents: number;
  status: string;
  expires_at: string | null;
}
interface Account {
  id: string;
  balance_cents: number;
  credit_limit_cents: number;
  status: string;
}

const dollars = (cents: number) => `$${(cents / 100).toFixed(2)}`;

type Refusal = Extract<HoldResponse, { outcome: 'refused' }>;

/**
 * Reserves the amounts a till's sale is about to take, all or nothing, in the
 * caller's transaction (tenant set from the credential: RLS shows only this
 * tenant's cards and accounts, so another tenant's id is an unknown card). The
 * cards and accounts are locked in id order, as a push locks them, so a hold
 * and a push of the same card wait for each other instead of both spending it.
 * What a card can give is its balance as the hub knows it (every till's pushed
 * redemptions) less what other open holds reserve. A retry of a hold already
 * granted (same id) is answered with it, never reserved twice.
 */
export async function grantHolds(tx: Tx, tillId: string, asks: readonly HoldAsk[], ttlMs: number): Promise<HoldResponse> {
  const cardIds = asks.filter((a) => a.kind === 'gift_card').map((a) => a.accountId);
  const accountIds = asks.filter((a) => a.kind === 'store_credit').map((a) => a.accountId);
  const cards = new Map(
    (
      await tx.query<Card>(`SELECT id, code, balance_cents, status, expires_at FROM hub.gift_cards WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`, [
        [...new Set(cardIds)].sort(),
      ])
    ).rows.map((c) => [c.id, c]),
  );
  const accounts = new Map(
    (
      await tx.query<Account>(
        `SELECT id, balance_cents, credit_limit_cents, status FROM hub.credit_accounts WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`,
        [[...new Set(accountIds)].sort()],
      )
    ).rows.map((a) => [a.id, a]),
  );
  const granted = await tx.query<{ id: string; expires_at: Date }>(`SELECT id::text, expires_at FROM hub.holds WHERE id = ANY($1::uuid[])`, [
    asks.map((a) => a.id),
  ]);
  const already = new Map(granted.rows.map((h) => [h.id, h.expires_at]));
  const cardHolds = await OpenHolds.load(tx, 'gift_card', cardIds);
  const accountHolds = await OpenHolds.load(tx, 'store_credit', accountIds);
  const now = new Date().toISOString();
  // Two tenders of one sale on one card count together.
  const asked = new Map<string, number>();
  const fresh: HoldAsk[] = [];
  for (const ask of asks) {
    if (already.has(ask.id)) continue;
    const key = `${ask.kind}:${ask.accountId}`;
    const before = asked.get(key) ?? 0;
    const refusal =
      ask.kind === 'gift_card'
        ? checkCard(ask, cards.get(ask.accountId), cardHolds, before, now)
        : checkAccount(ask, accounts.get(ask.accountId), accountHolds, before);
    if (refusal) return refusal;
    asked.set(key, before + ask.amountCents);
    fresh.push(ask);
  }
  if (fresh.length > 0) {
    const r = await tx.query<{ id: string; expires_at: Date }>(
      `INSERT INTO hub.holds (tenant_id, id, till_id, kind, gift_card_id, credit_account_id, amount_cents, expires_at)
       SELECT current_setting('app.tenant_id'), h.id, $1, h.kind, CASE WHEN h.kind = 'gift_card' THEN h.account END,
         CASE WHEN h.kind = 'store_credit' THEN h.account END, h.amount, now() + make_interval(secs => $6::double precision / 1000)
       FROM unnest($2::uuid[], $3::text[], $4::text[], $5::int[]) AS h(id, kind, account, amount)
       RETURNING id::text, expires_at`,
      [tillId, fresh.map((a) => a.id), fresh.map((a) => a.kind), fresh.map((a) => a.accountId), fresh.map((a) => a.amountCents), ttlMs],
    );
    for (const h of r.rows) already.set(h.id, h.expires_at);
  }
  return { outcome: 'held', holds: asks.map((a) => ({ id: a.id, expiresAt: already.get(a.id)!.toISOString() })) };
}

function checkCard(ask: HoldAsk, card: Card | undefined, holds: OpenHolds, before: number, now: string): Refusal | null {
  const refuse = (code: string, reason: string, availableCents = 0): Refusal => ({ outcome: 'refused', holdId: ask.id, code, reason, availableCents });
  if (!card || (ask.code !== undefined && ask.code !== card.code))
    return refuse('unknown_reference', `gift card ${ask.code ?? ask.accountId} is not one of this store's on the hub`);
  if (card.status !== 'active')
    return refuse('card_not_active', `gift card ${card.code} is ${card.status === 'redeemed' ? 'used up' : card.status} on the hub`);
  if (card.expires_at && card.expires_at < now) return refuse('card_expired', `gift card ${card.code} expired on ${card.expires_at.slice(0, 10)}`);
  const reserved = holds.reserved(card.id, null) + before;
  const available = Math.max(0, card.balance_cents - reserved);
  if (available < ask.amountCents)
    return refuse(
      'insufficient_balance',
      `gift card ${card.code} has ${dollars(available)} available on the hub${reserved > 0 ? ` (${dollars(reserved)} of its ${dollars(card.balance_cents)} is held by sales in progress)` : ''}, less than the ${dollars(ask.amountCents)} asked`,
      available,
    );
  return null;
}

function checkAccount(ask: HoldAsk, account: Account | undefined, holds: OpenHolds, before: number): Refusal | null {
  const refuse = (code: string, reason: string, availableCents = 0): Refusal => ({ outcome: 'refused', holdId: ask.id, code, reason, availableCents });
  if (!account) return refuse('unknown_reference', `store credit account ${ask.accountId} is not one of this store's on the hub`);
  if (account.status !== 'active') return refuse('account_not_active', `the store credit account is ${account.status} on the hub`);
  const reserved = holds.reserved(account.id, null) + before;
  const available = Math.max(0, account.credit_limit_cents - account.balance_cents - reserved);
  if (available < ask.amountCents)
    return refuse(
      'insufficient_credit',
      `the customer has ${dollars(available)} of store credit available on the hub${reserved > 0 ? ` (${dollars(reserved)} held by sales in progress)` : ''}, less than the ${dollars(ask.amountCents)} asked`,
      available,
    );
  return null;
}
