import crypto from 'node:crypto';
import type { HoldAsk } from '../../contracts/sync/protocol';
import type { Db } from '../db/open';
import { moneyRules, type StoreMoneyRules } from '../sales/settings';
import { TILL_OPERATIONS, type TillOperationName } from '../sales/till-operations';
import { resolveSession, type ResolvedSession } from '../tenancy/auth';
import { runAsTenant } from '../tenancy/context';
import { posCallAs } from '../tenancy/pos/service';
import type { MoneyGate, MoneySpend } from '../tenancy/repositories/money-gate';
import { scoped } from '../tenancy/repositories/scoped';
import { releaseHolds, requestHolds } from './holds';
import { HubMoneyChangedError, HubMoneyRefusedError, HubMoneyUnreachableError } from './money-errors';
import { syncStore } from './store';

/**
 * Money the hub owns, the till's side (issue 14, item 3; docs/sync.md): on a
 * store enrolled with a hub, a POS call that spends a gift card or store
 * credit is confirmed by the hub before it completes.
 *
 * 1. A dry run: the call runs for real inside a transaction that is rolled
 *    back, and the repositories tell a recording gate each amount it would take
 *    from a card or an account (so the amounts are the sale's own rules: a work
 *    order's deposits first, a layaway's settle order, the tenders' order).
 *    A call the till itself refuses fails here, before the hub is asked.
 * 2. The hub is asked to hold those amounts with the store's short timeout,
 *    with the worker's queue free (other POS calls go on; no transaction open).
 * 3. Held: the call runs again with the hold ids on its queued operations (the
 *    hub consumes them); if that call fails, the holds are given back to the hub
 *    (best effort, the queue free again). Refused: a typed error naming the card and what it has;
 *    nothing changed. The hub not answering: the store's offline limit per card
 *    or account decides (counted over what this till took offline and the hub has
 *    not received yet), and the operations are marked `offline`; above it, refused.
 *
 * A store that is not enrolled, and every other call, run as they always did.
 */
export const HUB_MONEY_OPS: ReadonlySet<string> = new Set<TillOperationName>(['checkout', 'takeDeposit', 'payLayaway', 'redeemGiftCard']);

/** Whether the call may spend a gift card or store credit (the input is not validated yet: the call itself does that). */
export function spendsHubMoney(op: string, input: unknown): boolean {
  if (!HUB_MONEY_OPS.has(op)) return false;
  if (op === 'redeemGiftCard') return true;
  const tenders = (input as { tenders?: unknown } | null | undefined)?.tenders;
  return (
    Array.isArray(tenders) &&
    tenders.some((t) => (t as { method?: unknown } | null)?.method === 'gift_card' || (t as { method?: unknown })?.method === 'store_credit')
  );
}

export interface HubMoneyCall {
  /** The worker's store connection, asked again after the wait (an upgrade or restore may have closed it meanwhile). */
  store: () => Db;
  /** Waits with the worker's queue free (serve.ts); the caller comes back in line afterwards. */
  waitOutsideQueue: <T>(wait: () => Promise<T>) => Promise<T>;
  /** The session the worker resolved for this call (its idle lock checked), used until the wait. */
  session: ResolvedSession;
  /** Resolved again after the wait: the session may have ended meanwhile. */
  token: string;
  op: TillOperationName;
  input: unknown;
  /** The worker's clock (sessions and the sale's times read it). */
  now?: () => Date;
}

const call = (db: Db, c: HubMoneyCall, session: ResolvedSession, money?: MoneyGate): unknown =>
  posCallAs(TILL_OPERATIONS, db, session, c.op, c.input, { ...(c.now ? { now: c.now } : {}), ...(money ? { money } : {}) });

export async function callWithHubMoney(c: HubMoneyCall): Promise<unknown> {
  const db = c.store();
  const tenantId = enrolledTenantOf(db, c.session);
  if (!tenantId) return call(db, c, c.session);
  const spends = dryRun(db, c);
  if (spends.length === 0) return call(db, c, c.session);
  const asks: HoldAsk[] = spends.map((s) => ({
    id: crypto.randomUUID(),
    kind: s.kind,
    accountId: s.accountId,
    ...(s.code ? { code: s.code } : {}),
    amountCents: s.amountCents,
  }));
  const rules = moneyRules(tenantId);
  // requestHolds reads the credential and the schema before its first await: while out of line, nothing reads the file.
  const asking = requestHolds(db, tenantId, asks, rules.holdTimeoutMs);
  const answer = await c.waitOutsideQueue(() => asking);
  const again = c.store();
  // Out of line, the session may have been signed out or have expired: looked up again.
  const resolve = () => resolveSession(again, c.token, c.now ? { now: c.now } : {});
  switch (answer.outcome) {
    case 'not_enrolled':
      return call(again, c, resolve());
    case 'held':
      try {
        return call(again, c, resolve(), heldGate(asks));
      } catch (err) {
        // The sale failed after the hub held its amounts: give them back (best effort, the queue free), then say why it failed.
        const releasing = releaseHolds(
          again,
          tenantId,
          asks.map((a) => a.id),
          rules.holdTimeoutMs,
        ).catch(() => null);
        await c.waitOutsideQueue(() => releasing);
        throw err;
      }
    case 'refused': {
      const refused = spends[asks.findIndex((a) => a.id === answer.holdId)] ?? spends[0]!;
      throw new HubMoneyRefusedError(refused, answer.code, answer.availableCents, answer.reason);
    }
    case 'offline':
      return call(again, c, resolve(), offlineGate(again, rules, answer.why, asks));
  }
}

/** The tenant of the session when its store is enrolled with a hub; null otherwise. */
function enrolledTenantOf(db: Db, session: ResolvedSession): string | null {
  const { tenantId } = session.scope;
  return runAsTenant({ tenantId, userId: null }, () => syncStore(db).credential()) ? tenantId : null;
}

const ROLLBACK = Symbol('dry run');

/** What the call would take from each card and account, and nothing written: its transaction is rolled back. */
function dryRun(db: Db, c: HubMoneyCall): MoneySpend[] {
  const spends: MoneySpend[] = [];
  try {
    db.transaction(() => {
      call(db, c, c.session, {
        spend: (s) => {
          spends.push(s);
          return {};
        },
      });
      throw ROLLBACK;
    })();
  } catch (err) {
    if (err !== ROLLBACK) throw err;
  }
  return spends;
}

const saleOf = (s: MoneySpend) => (s.saleNumber ? { saleNumber: s.saleNumber } : {});

/** Takes, from `unused`, the ask that covers this amount (same card or account, at least as much); null when none does. */
function takeAsk(unused: HoldAsk[], s: MoneySpend): HoldAsk | null {
  const i = unused.findIndex((a) => a.kind === s.kind && a.accountId === s.accountId && s.amountCents <= a.amountCents);
  return i < 0 ? null : unused.splice(i, 1)[0]!;
}

/** Each amount the call takes names the hold granted for it; an amount nobody held (the sale changed meanwhile) refuses the call. */
function heldGate(asks: readonly HoldAsk[]): MoneyGate {
  const unused = [...asks];
  return {
    spend(s) {
      const hold = takeAsk(unused, s);
      if (!hold) throw new HubMoneyChangedError(s);
      return { holdId: hold.id, ...saleOf(s) };
    },
  };
}

export const SQL = {
  /** What this till took from one card or account without the hub's answer, and has not delivered yet. */
  takenOffline: `SELECT coalesce(sum(abs(json_extract(payload, '$.amountCents'))), 0) AS cents FROM pending_operations
    WHERE tenant_id = @tenantId AND status <> 'done' AND entity_type = @entityType
      AND json_extract(payload, '$.offline') = 1 AND json_extract(payload, @accountPath) = @accountId`,
} as const;

/**
 * The hub did not answer: each amount within the store's offline limit for its card or account goes ahead marked
 * offline. It still names the hold asked for it: a hub that granted the hold and answered too late would
 * otherwise count that hold against this very operation when it arrives (and refuse a redemption the card
 * covers); named, the hub leaves it out and consumes it, and a hold the hub never granted names nothing there.
 */
function offlineGate(db: Db, rules: StoreMoneyRules, why: string, asks: readonly HoldAsk[]): MoneyGate {
  const unused = [...asks];
  return {
    spend(s) {
      const limit = s.kind === 'gift_card' ? rules.offlineLimitCents.giftCard : rules.offlineLimitCents.storeCredit;
      const taken =
        limit === 0
          ? 0
          : scoped(db).get<{ cents: number }>(SQL.takenOffline, {
              entityType: s.kind === 'gift_card' ? 'gift_card_transaction' : 'credit_transaction',
              accountPath: s.kind === 'gift_card' ? '$.giftCardId' : '$.accountId',
              accountId: s.accountId,
            })!.cents;
      if (taken + s.amountCents > limit) throw new HubMoneyUnreachableError(s, limit, taken, why);
      const asked = takeAsk(unused, s);
      return { offline: true, ...(asked ? { holdId: asked.id } : {}), ...saleOf(s) };
    },
  };
}
