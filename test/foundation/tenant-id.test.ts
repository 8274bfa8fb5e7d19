import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidTenantId, TENANT_ID_RULE } from '../../contracts/tenant-id';
import { TENANT_ID_RULE as FROZEN_RULE, tenantIdValidSql } from '../../migrations/0002-tenant-id/sql';

/** The live rule (contracts/, used by the till and the hub) and migration 0002's frozen SQL copy must agree on every id. */
describe('the tenant id rule', () => {
  const db = new Database(':memory:');
  const sqlSays = db.prepare(`SELECT ${tenantIdValidSql('@v')} AS ok`).pluck();
  const agree = (v: string) => expect(Boolean(sqlSays.get({ v })), JSON.stringify(v)).toBe(isValidTenantId(v));

  it('accepts and refuses the same chosen ids in JavaScript and in the migration SQL', () => {
    const cases = [
      'caps-automotive',
      'a',
      '9',
      'a-b',
      'northside-tires',
      '',
      '-a',
      'a-',
      'A',
      'caps_automotive',
      'caps automotive',
      'é',
      'a'.repeat(255),
      'a'.repeat(256),
      'a--b',
    ];
    for (const v of cases) agree(v);
    expect(isValidTenantId('caps-automotive')).toBe(true);
    expect(isValidTenantId('Caps')).toBe(false);
  });

  it('agrees on arbitrary strings of slug-like and hostile characters', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9\-_ A.é]{0,12}$/), (v) => {
        agree(v);
      }),
    );
  });

  it('words the rule the same way', () => expect(FROZEN_RULE).toBe(TENANT_ID_RULE));
});
