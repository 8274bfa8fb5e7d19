import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../electron/db/open';
import { createSyncService } from '../../electron/sync';
import { requestHolds } from '../../electron/sync/holds';
import { startHub, type StartedHub } from '../hub/support/start-hub';
import { tempDir } from '../helpers';
import { startHubProxy, type HubProxy } from './support/proxy';
import { CAPS, openTill, seedHubFrom, tillCopy, twoStoreFile } from './support/tills';

/** The till's hold request against a real hub: held, refused by another till's hold, offline when the hub is down. */
const dir = tempDir('pos-holds-');
let hub: StartedHub;
let proxy: HubProxy;
const tills: Db[] = [];

beforeAll(async () => {
  hub = await startHub();
  proxy = await startHubProxy(hub.url);
  const file = await twoStoreFile(dir);
  await seedHubFrom(hub, file, { [CAPS]: 'CAPS Automotive' });
  for (const name of ['a1', 'a2']) {
    const db = openTill(tillCopy(file, dir, name));
    await createSyncService(db, { timeoutMs: 10_000 }).enroll({ hubUrl: proxy.url, code: await hub.enrollCode(CAPS, name) });
    tills.push(db);
  }
}, 180_000);
afterAll(async () => {
  for (const t of tills) t.close();
  await proxy?.close();
  await hub?.stop();
});

describe('requestHolds', () => {
  it('the first till holds the card, the second is refused with what is left, and with the hub down the answer is offline', async () => {
    const [a1, a2] = tills as [Db, Db];
    const card = a1
      .prepare(
        `SELECT id, code, balance_cents FROM gift_cards WHERE tenant_id = ? AND status = 'active' AND expires_at IS NULL AND balance_cents > 5000 ORDER BY code LIMIT 1`,
      )
      .get(CAPS) as {
      id: string;
      code: string;
      balance_cents: number;
    };
    // The hub's balance (the import takes it before the file's undelivered queue), not the till's.
    const [onHub] = await hub.queryAs<{ balance_cents: number }>(CAPS, `SELECT balance_cents FROM hub.gift_cards WHERE id = $1`, [card.id]);
    card.balance_cents = onHub!.balance_cents;
    expect(card.balance_cents).toBeGreaterThan(100);
    const ask = (amountCents: number) => ({ id: crypto.randomUUID(), kind: 'gift_card' as const, accountId: card.id, code: card.code, amountCents });
    const first = await requestHolds(a1, CAPS, [ask(card.balance_cents - 100)], 3000);
    expect(first, JSON.stringify(first)).toMatchObject({ outcome: 'held' });
    const second = await requestHolds(a2, CAPS, [ask(card.balance_cents)], 3000);
    expect(second).toMatchObject({ outcome: 'refused', code: 'insufficient_balance', availableCents: 100 });
    proxy.mode = 'down';
    try {
      expect((await requestHolds(a2, CAPS, [ask(50)], 1000)).outcome).toBe('offline');
    } finally {
      proxy.mode = 'forward';
    }
    expect((await requestHolds(a2, 'northside-tires', [ask(50)], 1000)).outcome).toBe('not_enrolled');
  });
});
