import { describe, expect, it } from 'vitest';
import { validateTenantConfig } from '../../electron/tenancy/config/load';
import { DEFAULT_IDLE_LOCK_MINUTES, idleLockMs } from '../../electron/tenancy/config/schema';
import { bundledTenants } from '../../electron/tenancy/tenants';
import capsAutomotive from '../../electron/tenancy/tenants/caps-automotive.json';

describe('idle lock time in the tenant configuration', () => {
  it('defaults to 15 minutes when a tenant file has no security section', () => {
    expect(DEFAULT_IDLE_LOCK_MINUTES).toBe(15);
    for (const t of bundledTenants()) expect(idleLockMs(t)).toBe((t.security?.idleLockMinutes ?? 15) * 60_000);
    expect(idleLockMs({ security: undefined })).toBe(15 * 60_000);
  });

  it('takes a tenant value and refuses a bad one naming the field', () => {
    const ok = validateTenantConfig('caps-automotive.json', { ...capsAutomotive, security: { idleLockMinutes: 5 } });
    expect(idleLockMs(ok)).toBe(5 * 60_000);
    expect(() => validateTenantConfig('caps-automotive.json', { ...capsAutomotive, security: { idleLockMinutes: 0 } })).toThrow(
      /field "security.idleLockMinutes" must be 1 to 720 minutes/,
    );
    expect(() => validateTenantConfig('caps-automotive.json', { ...capsAutomotive, security: { idleMinutes: 5 } })).toThrow(
      /field "security.idleLockMinutes" is required/,
    );
  });
});
