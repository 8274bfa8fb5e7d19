import { DEFAULT_TENANT_ID } from '../../../contracts/tenant-id';
import { validateTenantConfig } from '../config/load';
import type { TenantConfig } from '../config/schema';
import { UnknownTenantError } from '../errors';
import capsAutomotive from './caps-automotive.json';
import northsideTires from './northside-tires.json';

/**
 * The tenants bundled with the app. Imported (not read from disk) so the
 * bundled main process and worker carry them; validated on first use, so a bad
 * file fails loudly with its name and field instead of showing a broken store.
 */
const BUNDLED: ReadonlyArray<[file: string, raw: unknown]> = [
  ['caps-automotive.json', capsAutomotive],
  ['northside-tires.json', northsideTires],
];

let cache: readonly TenantConfig[] | null = null;

export function bundledTenants(): readonly TenantConfig[] {
  if (!cache) {
    const configs = BUNDLED.map(([file, raw]) => validateTenantConfig(file, raw));
    if (configs[0]?.id !== DEFAULT_TENANT_ID) throw new Error(`the first bundled tenant must be the default, ${DEFAULT_TENANT_ID}`);
    cache = configs;
  }
  return cache;
}

export function tenantConfig(tenantId: string): TenantConfig {
  const found = bundledTenants().find((t) => t.id === tenantId);
  if (!found)
    throw new UnknownTenantError(
      tenantId,
      bundledTenants().map((t) => t.id),
    );
  return found;
}
