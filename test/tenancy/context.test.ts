import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { currentTenantId, runAsTenant, unscopedReason, withoutTenant } from '../../electron/tenancy/context';
import { NoTenantError } from '../../electron/tenancy/errors';

const caps = { tenantId: 'caps-automotive', userId: null };
const northside = { tenantId: 'northside-tires', userId: null };

describe('tenant context', () => {
  it('fails closed: no tenant outside a request', () => {
    expect(() => currentTenantId()).toThrow(NoTenantError);
  });

  it('keeps each request on its own tenant across awaits, even when requests interleave', async () => {
    const seen: string[] = [];
    const request = (scope: typeof caps, delay: number) =>
      runAsTenant(scope, async () => {
        await new Promise((r) => setTimeout(r, delay));
        seen.push(`${scope.tenantId}:${currentTenantId()}`);
        await Promise.resolve();
        seen.push(`${scope.tenantId}:${currentTenantId()}`);
      });
    await Promise.all([request(caps, 20), request(northside, 5), request(caps, 1)]);
    expect(seen).toHaveLength(6);
    for (const s of seen) expect(s.split(':')[0]).toBe(s.split(':')[1]);
  });

  it('withoutTenant clears an enclosing tenant, so tenant-scoped code refuses inside it', () => {
    runAsTenant(caps, () => {
      withoutTenant('verification', () => {
        expect(unscopedReason()).toBe('verification');
        expect(() => currentTenantId()).toThrow(/inside withoutTenant\("verification"\)/);
      });
      expect(currentTenantId()).toBe('caps-automotive');
    });
    expect(() => withoutTenant(' ', () => 1)).toThrow(/reason/);
  });

  it('refuses a malformed tenant id instead of scoping to it', () => {
    expect(() => runAsTenant({ tenantId: 'CAPS', userId: null }, () => 1)).toThrow(NoTenantError);
    expect(() => runAsTenant({ tenantId: '', userId: null }, () => 1)).toThrow(NoTenantError);
  });

  it('withoutTenant is used only by the migration, backups, verification and the demo-data tools', () => {
    const allowed = [
      /^migrations\//,
      /^electron\/upgrade\//,
      /^electron\/backup\//,
      /^electron\/verify\//,
      /^electron\/cli\/commands\/demo-tenant\.ts$/,
      /^electron\/demo\/second-tenant\.ts$/,
      /^electron\/tenancy\/context\.ts$/,
    ];
    const callers: string[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.(ts|tsx)$/.test(e.name) && /\bwithoutTenant\s*\(/.test(fs.readFileSync(p, 'utf8'))) callers.push(p.split(path.sep).join('/'));
      }
    };
    for (const root of ['electron', 'migrations', 'renderer']) if (fs.existsSync(root)) walk(root);
    expect(callers.filter((c) => !allowed.some((a) => a.test(c)))).toEqual([]);
    expect(
      fs.readdirSync('electron/tenancy/repositories').some((f) => /withoutTenant/.test(fs.readFileSync(path.join('electron/tenancy/repositories', f), 'utf8'))),
    ).toBe(false);
  });
});
