import crypto from 'node:crypto';
import type { StartedHub } from './start-hub';
import { FakeTill } from './fake-till';
import { everyKind, seedStore } from './store';

/**
 * Two tenants with overlapping SKUs and gift card codes, and a row in every
 * table of schema hub for each: catalogue, balances, tills, codes, every
 * document kind, the change log and a contact conflict (two tills of the store
 * edit one contact without pulling in between).
 */
export async function populateTwoTenants(hub: StartedHub, tenants: readonly string[]): Promise<void> {
  for (const tenant of tenants) {
    await hub.createTenant(tenant, tenant);
    const store = await seedStore(hub.ownerPool, tenant);
    const one = await FakeTill.enroll(hub.url, await hub.enrollCode(tenant, 'one'));
    const two = await FakeTill.enroll(hub.url, await hub.enrollCode(tenant, 'two'));
    await hub.enrollCode(tenant, 'unused');
    const userId = crypto.randomUUID();
    const ops = everyKind(store, userId).map((k) => one.op(k.entityType, k.operation, k.payload));
    const r = await one.push(ops);
    const rejected = r.body.results.filter((x) => x.outcome !== 'applied');
    if (r.status !== 200 || rejected.length > 0) throw new Error(`populate: ${r.status} ${JSON.stringify(rejected.length ? rejected : r.body)}`);
    // An open hold (hub.holds, migration 0003): a sale in progress on the second till.
    const card = store.giftCards.at(-1)!;
    const held = await two.hold([{ id: crypto.randomUUID(), kind: 'gift_card', accountId: card.id, code: card.code, amountCents: 1 }]);
    if (held.body.outcome !== 'held') throw new Error(`populate: ${JSON.stringify(held.body)}`);
    const contact = await two.push([two.op('customer', 'update', { id: store.customers[0]!.id, phone: '(201) 555-1111', email: 'two@example.com' })]);
    if (contact.body.results[0]?.outcome !== 'applied') throw new Error(`populate: ${JSON.stringify(contact.body)}`);
  }
}
