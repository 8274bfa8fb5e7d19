import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/db/open';
import { SALES_OPERATION_KINDS, salesOperationKind } from '../../electron/sales/sync-operations';
import { tempDir } from '../helpers';
import { CAPS, NORTHSIDE, twoTenantDatabase } from '../tenancy/fixtures';

/**
 * The operations a sale writes are what tills sync. The fixture's sales
 * history was rung up through the sale service (every kind but layaways,
 * deposits and store credit, which the service tests write); each queued
 * operation of a selling kind must match its schema exactly.
 */
const dir = tempDir('pos-sync-ops-');
let fixture: string;
beforeAll(async () => {
  fixture = await twoTenantDatabase(dir);
});

describe('the sync operations of the selling day', () => {
  it('each kind is one entity_type and operation, none shared', () => {
    const keys = SALES_OPERATION_KINDS.map((k) => `${k.entityType}/${k.operation}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it.each([CAPS, NORTHSIDE])('%s: every queued operation of a selling kind matches its schema, and carries the tenant', (tenant) => {
    const db = openDatabase(fixture, { readonly: true });
    // The operations the till's own services wrote (each has its audit row); the v1 demo queue is the sync layer's to check.
    const rows = db
      .prepare(
        `SELECT p.entity_type, p.operation, p.payload, p.tenant_id FROM pending_operations p
          WHERE p.tenant_id = ? AND EXISTS (SELECT 1 FROM audit_log a WHERE a.tenant_id = p.tenant_id AND a.entity_id = p.entity_id AND a.details = p.payload)`,
      )
      .all(tenant) as {
      entity_type: string;
      operation: string;
      payload: string;
      tenant_id: string;
    }[];
    db.close();
    const seen = new Set<string>();
    for (const r of rows) {
      const kind = salesOperationKind(r.entity_type, r.operation);
      if (!kind) continue;
      const parsed = kind.payload.safeParse(JSON.parse(r.payload));
      expect(parsed.success, `${kind.kind}: ${parsed.success ? '' : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`).toBe(
        true,
      );
      seen.add(kind.kind);
    }
    expect([...seen].sort()).toEqual(expect.arrayContaining(['sale.recorded', 'stock.moved', 'shift.opened', 'shift.closed', 'loyalty.moved']));
  });

  it('a schema refuses a smuggled field and a total that is not the sum of its lines', () => {
    const kind = salesOperationKind('shift', 'insert')!;
    expect(kind.payload.safeParse({ v: 1, id: 'a', userId: 'u', openedAt: '2026-11-01T00:00:00Z', floatCents: 0 }).success).toBe(true);
    expect(kind.payload.safeParse({ v: 1, id: 'a', userId: 'u', openedAt: '2026-11-01T00:00:00Z', floatCents: 0, tenantId: 'x' }).success).toBe(false);
  });
});
