import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTill, HELLO, post } from './support/fake-till';
import { seedStore } from './support/store';
import { startHub, type StartedHub } from './support/start-hub';

/**
 * Money the hub owns (issue 14): a till asks the hub to hold a gift card amount
 * before the sale completes; another till of the store is then refused what the
 * hold reserves, the sale's operation consumes its hold, and holds are the
 * tenant's alone (RLS).
 */
const A = 'caps-automotive';
const B = 'northside-tires';
let hub: StartedHub;
let storeA: Awaited<ReturnType<typeof seedStore>>;
let storeB: Awaited<ReturnType<typeof seedStore>>;
let one: FakeTill;
let two: FakeTill;
let other: FakeTill;

beforeAll(async () => {
  hub = await startHub();
  await hub.createTenant(A, A);
  await hub.createTenant(B, B);
  storeA = await seedStore(hub.ownerPool, A);
  storeB = await seedStore(hub.ownerPool, B);
  one = await FakeTill.enroll(hub.url, await hub.enrollCode(A, 'one'));
  two = await FakeTill.enroll(hub.url, await hub.enrollCode(A, 'two'));
  other = await FakeTill.enroll(hub.url, await hub.enrollCode(B, 'b'));
}, 120_000);
afterAll(async () => hub?.stop());

const ask = (card: { id: string; code: string }, amountCents: number) => ({
  id: crypto.randomUUID(),
  kind: 'gift_card' as const,
  accountId: card.id,
  code: card.code,
  amountCents,
});
const redeem = (card: { id: string; code: string }, amountCents: number, holdId?: string) => ({
  id: crypto.randomUUID(),
  giftCardId: card.id,
  kind: 'redeem',
  amountCents: -amountCents,
  workOrderId: null,
  createdAt: new Date().toISOString(),
  saleId: crypto.randomUUID(),
  code: card.code,
  saleNumber: 'S-TEST-0001',
  ...(holdId ? { holdId } : {}),
});

describe('holds', () => {
  it('two tills redeem the same card online: the second is refused while the first holds it, and the first sale consumes its hold', async () => {
    const card = storeA.giftCards[0]!;
    const first = ask(card, card.balance);
    expect((await one.hold([first])).body.outcome).toBe('held');
    // A retry of the same hold answers the same hold, never a second reservation.
    expect((await one.hold([first])).body.outcome).toBe('held');
    const second = await two.hold([ask(card, 1)]);
    expect(second.body).toMatchObject({ outcome: 'refused', code: 'insufficient_balance', availableCents: 0 });
    // An offline redemption of the other till (no hold) cannot spend what the hold reserves either.
    const offline = redeem(card, 1);
    const pushedTwo = await two.push([two.op('gift_card_transaction', 'insert', { ...offline, offline: true })]);
    expect(pushedTwo.body.results[0]).toMatchObject({ outcome: 'rejected', code: 'insufficient_balance' });
    expect((pushedTwo.body.results[0] as { remote: Record<string, unknown> }).remote).toMatchObject({ saleNumber: 'S-TEST-0001', amountCents: 1 });
    // The first till's sale arrives and consumes its hold.
    const pushed = await one.push([one.op('gift_card_transaction', 'insert', redeem(card, card.balance, first.id))]);
    expect(pushed.body.results[0]).toMatchObject({ outcome: 'applied' });
    const [h] = await hub.queryAs<{ consumed_at: Date | null }>(A, `SELECT consumed_at FROM hub.holds WHERE id = $1`, [first.id]);
    expect(h!.consumed_at).not.toBeNull();
    const [c] = await hub.queryAs<{ balance_cents: number }>(A, `SELECT balance_cents FROM hub.gift_cards WHERE id = $1`, [card.id]);
    expect(c!.balance_cents).toBe(0);
  });

  it("holds are the tenant's own: another store's card is unknown, and its holds are invisible", async () => {
    const cardA = storeA.giftCards[1]!;
    const r = await other.hold([ask(cardA, 1)]);
    expect(r.body).toMatchObject({ outcome: 'refused', code: 'unknown_reference' });
    const mine = ask(storeB.giftCards[1]!, 1);
    expect((await other.hold([mine])).body.outcome).toBe('held');
    expect(await hub.queryAs(A, `SELECT id FROM hub.holds WHERE id = $1`, [mine.id])).toEqual([]);
    expect(await hub.queryAs(B, `SELECT id FROM hub.holds WHERE id = $1`, [mine.id])).toHaveLength(1);
  });

  it("a sale that failed gives its hold back: only the till's own unconsumed hold is released, and the card is free for the other till at once", async () => {
    const card = storeA.giftCards[1]!;
    const mine = ask(card, card.balance);
    expect((await one.hold([mine])).body.outcome).toBe('held');
    expect((await two.hold([ask(card, 1)])).body).toMatchObject({ outcome: 'refused', code: 'insufficient_balance' });
    // Another till of the store, and a till of another store, cannot give back what this till holds.
    expect((await two.release([mine.id])).body).toEqual({ released: [] });
    expect((await other.release([mine.id])).body).toEqual({ released: [] });
    expect((await two.hold([ask(card, 1)])).body.outcome).toBe('refused');
    // The till that holds it does: the hold stops counting there and then.
    expect((await one.release([mine.id])).body).toEqual({ released: [mine.id] });
    const [h] = await hub.queryAs<{ live: boolean; consumed_at: Date | null }>(
      A,
      `SELECT expires_at > now() AS live, consumed_at FROM hub.holds WHERE id = $1`,
      [mine.id],
    );
    expect(h).toEqual({ live: false, consumed_at: null });
    const theirs = ask(card, card.balance);
    expect((await two.hold([theirs])).body.outcome).toBe('held');
    // A hold an operation consumed is never given back; another tenant's till cannot release a hold either (it is not that till's).
    const pushed = await two.push([two.op('gift_card_transaction', 'insert', redeem(card, card.balance, theirs.id))]);
    expect(pushed.body.results[0]).toMatchObject({ outcome: 'applied' });
    expect((await two.release([theirs.id])).body).toEqual({ released: [] });
    const [consumed] = await hub.queryAs<{ consumed_at: Date | null }>(A, `SELECT consumed_at FROM hub.holds WHERE id = $1`, [theirs.id]);
    expect(consumed!.consumed_at).not.toBeNull();
    const foreign = ask(storeB.giftCards[0]!, 1);
    expect((await other.hold([foreign])).body.outcome).toBe('held');
    expect((await one.release([foreign.id])).body).toEqual({ released: [] });
    const [still] = await hub.querySuper<{ live: boolean }>(`SELECT expires_at > now() AS live FROM hub.holds WHERE id = $1`, [foreign.id]);
    expect(still!.live).toBe(true);
  });

  it('bad input is refused with one line, nothing held', async () => {
    const r = await post<{ code: string; message: string }>(
      `${hub.url}/v1/holds`,
      { ...HELLO, holds: [{ id: 'x', kind: 'gift_card', accountId: 'y', amountCents: 0 }] },
      one.token,
    );
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('bad_request');
    expect(r.body.message).not.toMatch(/\n/);
    const none = await post(`${hub.url}/v1/holds`, { ...HELLO, holds: [ask(storeA.giftCards[1]!, 1)] });
    expect(none.status).toBe(401);
    const badRelease = await post<{ code: string; message: string }>(`${hub.url}/v1/holds/release`, { ...HELLO, holds: ['x'] }, one.token);
    expect(badRelease.status).toBe(400);
    expect(badRelease.body.message).not.toMatch(/\n/);
    expect((await post(`${hub.url}/v1/holds/release`, { ...HELLO, holds: [crypto.randomUUID()] })).status).toBe(401);
  });
});
