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
  });
});
