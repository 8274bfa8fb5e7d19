import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type StartedHub } from './support/start-hub';
import { FakeTill, HELLO, post } from './support/fake-till';
import { giftCardRedeemed, seedStore, stockMoved, type SeededStore } from './support/store';

/** Push over HTTP: exactly once per till sequence, rejections that do not block, gaps refused, the tenant from the credential only. */
const A = 'caps-automotive';
const B = 'northside-tires';
let hub: StartedHub;
let storeA: SeededStore;
let storeB: SeededStore;

beforeAll(async () => {
  hub = await startHub();
  await hub.createTenant(A, 'CAPS Automotive');
  await hub.createTenant(B, 'Northside Tires');
  storeA = await seedStore(hub.ownerPool, A);
  storeB = await seedStore(hub.ownerPool, B);
}, 120_000);
afterAll(async () => hub?.stop());

const level = async (tenant: string, productId: string) =>
  (await hub.queryAs<{ q: number }>(tenant, `SELECT quantity_on_hand AS q FROM hub.inventory WHERE product_id = $1`, [productId]))[0]?.q;

describe('push', () => {
  it('applies a batch, answers its retry with the stored outcomes, and never applies twice', async () => {
    const till = await FakeTill.enroll(hub.url, await hub.enrollCode(A, 'front'));
    const p = storeA.products[0]!.id;
    const ops = [till.op('inventory_transaction', 'insert', stockMoved(p, 5)), till.op('inventory_transaction', 'insert', stockMoved(p, -2))];
    const first = await till.push(ops);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.results.map((r) => r.outcome)).toEqual(['applied', 'applied']);
    expect(first.body.lastSeq).toBe(2);
    expect(await level(A, p)).toBe(13);
    const retry = await till.push(ops);
    expect(retry.body.results).toEqual([
      { seq: 1, id: ops[0]!.id, outcome: 'duplicate', original: 'applied' },
      { seq: 2, id: ops[1]!.id, outcome: 'duplicate', original: 'applied' },
    ]);
    expect(await level(A, p)).toBe(13);
    expect(await hub.queryAs(A, `SELECT count(*)::int AS n FROM hub.applied_operations WHERE till_id = $1`, [till.tillId])).toEqual([{ n: 2 }]);
  });

  it('a rejected operation does not block the batch, and a gap is refused with the sequence expected', async () => {
    const till = await FakeTill.enroll(hub.url, await hub.enrollCode(A, 'back'));
    const p = storeA.products[1]!.id;
    const ops = [
      till.op('inventory_transaction', 'insert', stockMoved(p, 1)),
      till.op('inventory_transaction', 'insert', { nonsense: true }),
      till.op('nothing_we_know', 'insert', { id: 'x' }),
      till.op('inventory_transaction', 'insert', stockMoved(p, 1)),
    ];
    const r = await till.push(ops);
    expect(r.body.results.map((x) => (x.outcome === 'rejected' ? x.code : x.outcome))).toEqual(['applied', 'invalid_payload', 'unknown_kind', 'applied']);
    expect(await level(A, p)).toBe(12);
    till.seq += 3;
    const gap = await till.push([till.op('inventory_transaction', 'insert', stockMoved(p, 1))]);
    expect(gap.status).toBe(409);
    expect(gap.body).toMatchObject({ code: 'sequence_gap', expectedSeq: 5 });
  });

  it('refuses a forged tenant and another tenant\u2019s ids, and logs them as rejected', async () => {
    const till = await FakeTill.enroll(hub.url, await hub.enrollCode(A, 'forger'));
    const r = await till.push([
      till.op('inventory_transaction', 'insert', { ...stockMoved(storeA.products[0]!.id, 1), tenantId: B }),
      till.op('inventory_transaction', 'insert', stockMoved(storeB.products[0]!.id, 100)),
      till.op('gift_card_transaction', 'insert', giftCardRedeemed(storeB.giftCards[0]!, 100)),
    ]);
    expect(r.body.results.map((x) => (x.outcome === 'rejected' ? x.code : x.outcome))).toEqual(['foreign_tenant', 'unknown_reference', 'unknown_reference']);
    expect(await level(B, storeB.products[0]!.id)).toBe(10);
    const logged = await hub.queryAs(A, `SELECT outcome, code FROM hub.applied_operations WHERE till_id = $1 ORDER BY seq`, [till.tillId]);
    expect(logged).toEqual([
      { outcome: 'rejected', code: 'foreign_tenant' },
      { outcome: 'rejected', code: 'unknown_reference' },
      { outcome: 'rejected', code: 'unknown_reference' },
    ]);
  });

  it('a revoked credential is refused on the next request', async () => {
    const till = await FakeTill.enroll(hub.url, await hub.enrollCode(A, 'stolen'));
    expect((await till.pull()).status).toBe(200);
    const { revokeTill } = await import('../../hub/admin');
    await revokeTill(hub.ownerPool, A, till.tillId);
    const r = await till.push([till.op('inventory_transaction', 'insert', stockMoved(storeA.products[0]!.id, 1))]);
    expect(r.status).toBe(401);
    expect((await till.pull()).status).toBe(401);
  });

  it('an enrollment code works once', async () => {
    const code = await hub.enrollCode(A, 'once');
    await FakeTill.enroll(hub.url, code);
    const again = await post(`${hub.url}/v1/enroll`, { ...HELLO, code });
    expect(again.status).toBe(401);
  });

  it('a till whose database lacks migration 0004 is told to upgrade', async () => {
    const code = await hub.enrollCode(A, 'old');
    const r = await post(`${hub.url}/v1/enroll`, { ...HELLO, schema: '0003-tenant-integrity', code });
    expect(r.status).toBe(426);
    expect(r.body).toMatchObject({ code: 'upgrade_required' });
  });

  it('a gift card redemption that would overdraw is rejected with the hub\u2019s balance', async () => {
    const one = await FakeTill.enroll(hub.url, await hub.enrollCode(A, 'gc1'));
    const two = await FakeTill.enroll(hub.url, await hub.enrollCode(A, 'gc2'));
    const card = storeA.giftCards[1]!; // 2000 cents
    const [r1, r2] = await Promise.all([
      one.push([one.op('gift_card_transaction', 'insert', giftCardRedeemed(card, 1500))]),
      two.push([two.op('gift_card_transaction', 'insert', giftCardRedeemed(card, 1500))]),
    ]);
    const outcomes = [r1.body.results[0]!, r2.body.results[0]!];
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['applied', 'rejected']);
    const rejected = outcomes.find((o) => o.outcome === 'rejected');
    expect(rejected).toMatchObject({ code: 'insufficient_balance', remote: { balance_cents: 500 } });
    expect(await hub.queryAs(A, `SELECT balance_cents FROM hub.gift_cards WHERE id = $1`, [card.id])).toEqual([{ balance_cents: 500 }]);
  });
});
