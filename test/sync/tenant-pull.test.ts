import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../electron/db/open';
import { createSyncService } from '../../electron/sync';
import { runAsTenant } from '../../electron/tenancy/context';
import { createRepositories } from '../../electron/tenancy/repositories';
import { setPrice } from '../../hub/admin';
import { startHub, type StartedHub } from '../hub/support/start-hub';
import { tempDir } from '../helpers';
import { CAPS, NORTH, openTill, seedHubFrom, tillCopy, twoStoreFile } from './support/tills';

/**
 * A store file holding two tenants (white-label testing) enrolled for both
 * pulls each with its own credential and gets only that tenant's rows: the
 * other store's price of the same SKU, work order or till never reaches it.
 * Real hub; the two stores share SKUs, usernames and gift card codes.
 */
const dir = tempDir('pos-tenant-pull-');
let hub: StartedHub;
let file: string;
interface Till {
  db: Db;
  tillIds: Record<string, string>;
}
let both: Till;
let caps: Till;
let north: Till;

async function till(name: string, tenants: string[]): Promise<Till> {
  const db = openTill(tillCopy(file, dir, name));
  const sync = createSyncService(db);
  const tillIds: Record<string, string> = {};
  for (const t of tenants) tillIds[t] = (await sync.enroll({ hubUrl: hub.url, code: await hub.enrollCode(t, `${name} (${t})`) })).tillId;
  for (const round of await sync.sync()) expect(round.push?.ok && round.pull?.ok, JSON.stringify(round)).toBe(true);
  return { db, tillIds };
}

beforeAll(async () => {
  hub = await startHub();
  file = await twoStoreFile(dir, 61);
  await seedHubFrom(hub, file, { [CAPS]: 'CAPS Automotive', [NORTH]: 'Northside Tires' });
  caps = await till('caps', [CAPS]);
  north = await till('north', [NORTH]);
  both = await till('both', [CAPS, NORTH]);
}, 240_000);
afterAll(async () => {
  for (const t of [caps, north, both]) t?.db.close();
  await hub?.stop();
});

const userOf = (db: Db, tenantId: string) => db.prepare(`SELECT id FROM users WHERE tenant_id = ? AND username = 'admin'`).pluck().get(tenantId) as string;
function openOrder(t: Till, tenantId: string, description: string): string {
  const customer = t.db.prepare(`SELECT id FROM customers WHERE tenant_id = ? ORDER BY id LIMIT 1`).pluck().get(tenantId) as string;
  return runAsTenant({ tenantId, userId: userOf(t.db, tenantId) }, () =>
    createRepositories(t.db).workOrders.create({
      customerId: customer,
      description,
      lines: [{ kind: 'labor', description: 'Labour', quantity: 1, unitPriceCents: 5000 }],
    }),
  ).order.id;
}
const priceOf = (db: Db, tenantId: string, sku: string) =>
  db.prepare(`SELECT price_cents FROM products WHERE tenant_id = ? AND sku = ?`).pluck().get(tenantId, sku) as number;

describe('a store file holding two enrolled tenants', () => {
  it('pulls each tenant with its own credential, and each gets only its own rows', async () => {
    const sku = both.db
      .prepare(`SELECT sku FROM products WHERE tenant_id = ? AND sku IN (SELECT sku FROM products WHERE tenant_id = ?) ORDER BY sku LIMIT 1`)
      .pluck()
      .get(CAPS, NORTH) as string;
    await setPrice(hub.ownerPool, CAPS, sku, 1111);
    await setPrice(hub.ownerPool, NORTH, sku, 2222);
    const capsOrder = openOrder(caps, CAPS, 'CAPS: alignment');
    const northOrder = openOrder(north, NORTH, 'Northside: tire rotation');
    for (const t of [caps, north]) for (const r of await createSyncService(t.db).push()) expect(r.ok, JSON.stringify(r)).toBe(true);
    const pulledBefore = await hub.querySuper<{ id: string; v: string }>(`SELECT id, pulled_version AS v FROM hub.tills WHERE id = ANY($1)`, [
      Object.values(both.tillIds),
    ]);

    const logMark = both.db.prepare(`SELECT coalesce(max(rowid), 0) FROM sync_log`).pluck().get() as number;
    const pulled = await createSyncService(both.db).pull();
    expect(pulled.map((p) => [p.tenantId, p.ok, p.ok && p.resync])).toEqual([
      [CAPS, true, false],
      [NORTH, true, false],
    ]);

    // Each store's price of the shared SKU, each store's own work order, in its own tenant.
    expect(priceOf(both.db, CAPS, sku)).toBe(1111);
    expect(priceOf(both.db, NORTH, sku)).toBe(2222);
    const orderTenant = (id: string) => both.db.prepare(`SELECT tenant_id FROM work_orders WHERE id = ?`).pluck().get(id);
    expect(orderTenant(capsOrder)).toBe(CAPS);
    expect(orderTenant(northOrder)).toBe(NORTH);

    // Each pull is logged under its own tenant and its own till, and names only that tenant's rows.
    const logged = (tenantId: string) =>
      both.db
        .prepare(
          `SELECT entity_type AS t, entity_id AS id, terminal_id AS till FROM sync_log WHERE tenant_id = ? AND direction = 'pull' AND status = 'ok' AND rowid > ?`,
        )
        .all(tenantId, logMark) as { t: string; id: string; till: string }[];
    for (const [tenantId, other, own, foreign] of [
      [CAPS, NORTH, capsOrder, northOrder],
      [NORTH, CAPS, northOrder, capsOrder],
    ] as const) {
      const rows = logged(tenantId);
      expect(new Set(rows.map((r) => r.till))).toEqual(new Set([both.tillIds[tenantId]]));
      expect(rows.some((r) => r.id === own)).toBe(true);
      expect(rows.some((r) => r.id === foreign)).toBe(false);
      // Every row a pull upserted is this tenant's row of this file, none the other's.
      for (const r of rows.filter((x) => x.t !== 'sync_state')) {
        const owner = both.db.prepare(`SELECT tenant_id FROM "${r.t}" WHERE id = ?`).pluck().get(r.id) as string | undefined;
        if (owner !== undefined) expect(owner, `${r.t} ${r.id}`).not.toBe(other);
      }
    }
    // The hub saw each credential pull for itself.
    const pulledAfter = await hub.querySuper<{ id: string; v: string }>(`SELECT id, pulled_version AS v FROM hub.tills WHERE id = ANY($1)`, [
      Object.values(both.tillIds),
    ]);
    for (const { id, v } of pulledAfter) expect(Number(v), id).toBeGreaterThan(Number(pulledBefore.find((b) => b.id === id)!.v));
  }, 120_000);
});
