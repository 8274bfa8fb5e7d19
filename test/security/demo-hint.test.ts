import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MARKER_ACTION, isDemoStore } from '../../electron/security/demo-marker';
import { posStores } from '../../electron/tenancy/pos/service';
import { tempDir } from '../helpers';
import { CAPS, NORTHSIDE, openCopy, twoTenantDatabase } from '../tenancy/fixtures';

/** The demo PIN hint only on demo stores: generateDemoData's marker, reported by pos.stores. */
const dir = tempDir();
let fixture: string;
beforeAll(async () => {
  fixture = await twoTenantDatabase(dir);
});

describe('demo stores', () => {
  it('both generated stores carry the marker as their oldest audit row, and pos.stores says so', () => {
    const db = openCopy(fixture, dir);
    for (const tenant of [CAPS, NORTHSIDE])
      expect(db.prepare(`SELECT action FROM audit_log WHERE tenant_id = ? ORDER BY created_at LIMIT 1`).pluck().get(tenant)).toBe(DEMO_MARKER_ACTION);
    expect(posStores(db).map((s) => [s.id, s.demo])).toEqual([
      [CAPS, true],
      [NORTHSIDE, true],
    ]);
    db.close();
  });

  it('a store without the marker (real staff, real history) gets no hint; neither does a store with no file given', () => {
    const db = openCopy(fixture, dir);
    db.prepare(`DELETE FROM audit_log WHERE tenant_id = ? AND action = ?`).run(NORTHSIDE, DEMO_MARKER_ACTION);
    expect(posStores(db).map((s) => [s.id, s.demo])).toEqual([
      [CAPS, true],
      [NORTHSIDE, false],
    ]);
    // The marker only counts as the oldest row: written later (copied in, say), it is no demo.
    db.prepare(`UPDATE audit_log SET created_at = '2099-01-01T00:00:00.000Z' WHERE tenant_id = ? AND action = ?`).run(CAPS, DEMO_MARKER_ACTION);
    expect(isDemoStore(db, CAPS)).toBe(false);
    db.close();
    expect(posStores().every((s) => s.demo === false)).toBe(true);
  });

  it('the query is one index step (the tenant index, no sort, no scan)', () => {
    const db = openCopy(fixture, dir);
    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT action FROM audit_log WHERE tenant_id = ? ORDER BY created_at LIMIT 1`).all(CAPS) as {
      detail: string;
    }[];
    db.close();
    const detail = plan.map((p) => p.detail).join('; ');
    expect(detail).toMatch(/USING INDEX idx_audit_log_tenant_id/);
    expect(detail).not.toMatch(/TEMP B-TREE/);
  });
});
