/**
 * The one tenant-id rule of the till and the hub: a lowercase slug of 1 to 255
 * characters (letters, digits, inner hyphens). Migration 0002 carries its own
 * frozen copy of the same rule in SQL (GLOB); test/foundation/tenant-id.test.ts
 * proves the two agree.
 */
export const TENANT_ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,253}[a-z0-9])?$/;

/** What a valid tenant id is, in words for error messages. */
export const TENANT_ID_RULE = 'tenant_id must be a lowercase slug (a-z, 0-9, inner hyphens) of 1 to 255 characters';

/** The first tenant: every row of a v1 store belongs to it. */
export const DEFAULT_TENANT_ID = 'caps-automotive';

export function isValidTenantId(value: unknown): value is string {
  return typeof value === 'string' && TENANT_ID_PATTERN.test(value);
}
