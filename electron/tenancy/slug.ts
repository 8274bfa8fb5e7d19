/**
 * A tenant id is a lowercase slug of 1 to 255 characters: letters, digits and
 * inner hyphens. The same rule as the database enforces on tenant_id.
 */
export const TENANT_ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,253}[a-z0-9])?$/;

export function isTenantId(value: string): boolean {
  return TENANT_ID_PATTERN.test(value);
}
