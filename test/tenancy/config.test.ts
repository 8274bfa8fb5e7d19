import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TENANT_ID } from '../../contracts/tenant-id';
import { loadTenantConfigDir, loadTenantConfigFile, validateTenantConfig } from '../../electron/tenancy/config/load';
import { TenantConfigError, UnknownTenantError } from '../../electron/tenancy/errors';
import { bundledTenants, tenantConfig } from '../../electron/tenancy/tenants';
import { tempDir } from '../helpers';

const dir = tempDir();
const good = () =>
  structuredClone(tenantConfig('northside-tires')) as Record<string, unknown> & { branding: Record<string, unknown> & { colors: Record<string, unknown> } };

function errorOf(fn: () => unknown): TenantConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof TenantConfigError) return err;
    throw err;
  }
  throw new Error('expected a TenantConfigError');
}

describe('tenant configuration', () => {
  it('bundles CAPS Automotive as the default tenant and Northside Tires for white-label testing, each with its own branding', () => {
    const [caps, northside] = bundledTenants();
    expect(caps?.id).toBe(DEFAULT_TENANT_ID);
    expect(caps?.name).toBe('CAPS Automotive');
    expect(northside?.id).toBe('northside-tires');
    expect(northside?.name).toBe('Northside Tires');
    expect(northside?.branding.colors.primary).not.toBe(caps?.branding.colors.primary);
    expect(northside?.branding.logoText).not.toBe(caps?.branding.logoText);
    expect(northside?.branding.receiptHeader[0]).toBe('Northside Tires');
  });

  it('the bundled files on disk are the ones the app validates', () => {
    const fromDisk = loadTenantConfigDir(path.resolve('electron/tenancy/tenants'));
    expect(fromDisk).toEqual(bundledTenants());
  });

  it('an unknown tenant is a typed error listing the known ones', () => {
    expect(() => tenantConfig('southside')).toThrow(UnknownTenantError);
    try {
      tenantConfig('southside');
    } catch (err) {
      expect((err as UnknownTenantError).oneLine()).toMatch(/Unknown store 'southside'.*caps-automotive, northside-tires/);
    }
  });

  it.each([
    ['an id with capitals', (c: ReturnType<typeof good>) => (c.id = 'Northside-Tires'), 'id', /lowercase slug/],
    ['an id with a trailing hyphen', (c: ReturnType<typeof good>) => (c.id = 'northside-'), 'id', /lowercase slug/],
    ['an empty id', (c: ReturnType<typeof good>) => (c.id = ''), 'id', /lowercase slug/],
    ['an id of 256 characters', (c: ReturnType<typeof good>) => (c.id = 'a'.repeat(256)), 'id', /255/],
    ['a missing name', (c: ReturnType<typeof good>) => delete c.name, 'name', /is required/],
    ['a blank name', (c: ReturnType<typeof good>) => (c.name = '   '), 'name', /must not be empty/],
    ['a colour that is not #rrggbb', (c: ReturnType<typeof good>) => (c.branding.colors.primary = 'green'), 'branding.colors.primary', /colour like/],
    ['a missing logo text', (c: ReturnType<typeof good>) => delete c.branding.logoText, 'branding.logoText', /is required/],
    ['no receipt header lines', (c: ReturnType<typeof good>) => (c.branding.receiptHeader = []), 'branding.receiptHeader', /at least one line/],
    ['a misspelt setting', (c: ReturnType<typeof good>) => (c.branding.logotext = 'X'), 'branding.logotext', /not a known setting/],
  ])('rejects %s, naming the file and the field', (_what, spoil, field, problem) => {
    const config = good();
    spoil(config);
    const err = errorOf(() => validateTenantConfig('northside-tires.json', config));
    expect(err.file).toBe('northside-tires.json');
    expect(err.field).toBe(field);
    expect(err.message).toMatch(problem);
    expect(err.oneLine()).toContain(`northside-tires.json: field "${field}"`);
  });

  it('money the hub owns: CAPS takes no money tender offline, Northside up to $50 of a card; absent means off; a bad limit names its field', async () => {
    const { moneyRules } = await import('../../electron/sales/settings');
    expect(moneyRules('caps-automotive')).toEqual({ holdTimeoutMs: 3000, offlineLimitCents: { giftCard: 0, storeCredit: 0 } });
    expect(moneyRules('northside-tires')).toEqual({ holdTimeoutMs: 3000, offlineLimitCents: { giftCard: 5000, storeCredit: 0 } });
    const absent = good();
    delete absent.money;
    expect(validateTenantConfig('northside-tires.json', absent).money).toBeUndefined();
    const bad = good() as Record<string, unknown>;
    bad.money = { holdTimeoutSeconds: 3, offlineLimitDollars: { giftCard: -5, storeCredit: 0 } };
    const err = errorOf(() => validateTenantConfig('northside-tires.json', bad));
    expect(err.message).toMatch(/money\.offlineLimitDollars\.giftCard/);
    expect(err.message).not.toMatch(/\n/);
  });

  it('rejects a file whose name does not match its id', () => {
    const err = errorOf(() => validateTenantConfig('northside.json', good()));
    expect(err.field).toBe('id');
    expect(err.message).toMatch(/not named northside-tires\.json/);
  });

  it('names the file when it is not JSON at all', () => {
    const file = path.join(dir, 'broken.json');
    fs.writeFileSync(file, '{ "id": "broken", ');
    const err = errorOf(() => loadTenantConfigFile(file));
    expect(err.file).toBe(file);
    expect(err.message).toMatch(/not readable JSON/);
  });
});
