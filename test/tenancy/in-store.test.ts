import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/db/open';
import { storeDisplayName, tenantsInStore } from '../../electron/tenancy/tenants/in-store';
import { makeDemoDatabase, tempDir } from '../helpers';
import { CAPS, NORTHSIDE, openCopy, twoTenantDatabase } from './fixtures';

/** The screens name a store file by the tenants it holds, not by a placeholder. */
const dir = tempDir('pos-in-store-');
let v1: string;
let twoTenants: string;

beforeAll(async () => {
  v1 = await makeDemoDatabase(dir, 'small');
  twoTenants = await twoTenantDatabase(dir);
});

describe('the tenants a store file holds', () => {
  it('a v1 file has no tenant_id: all of it is the default tenant, CAPS Automotive', () => {
    const db = openDatabase(v1, { readonly: true });
    expect(tenantsInStore(db)).toEqual([{ id: CAPS, name: 'CAPS Automotive' }]);
    expect(storeDisplayName(tenantsInStore(db))).toBe('CAPS Automotive');
    db.close();
  });

  it('a white-label test file names both stores, the default first', () => {
    const db = openDatabase(twoTenants, { readonly: true });
    expect(tenantsInStore(db).map((t) => t.id)).toEqual([CAPS, NORTHSIDE]);
    expect(storeDisplayName(tenantsInStore(db))).toBe('CAPS Automotive, Northside Tires');
    db.close();
  });

  it('a tenant this build does not ship is named by its id', () => {
    const db = openCopy(twoTenants, dir);
    db.exec(`DROP TRIGGER IF EXISTS trg_users_tenant_id_immutable`);
    db.prepare(`UPDATE users SET tenant_id = 'zeta-parts' WHERE tenant_id = ?`).run(NORTHSIDE);
    expect(tenantsInStore(db).map((t) => t.name)).toEqual(['CAPS Automotive', 'zeta-parts']);
    db.close();
  });
});
