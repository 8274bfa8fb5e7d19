import crypto from 'node:crypto';
import { isValidTenantId } from '../contracts/tenant-id';

/**
 * Till tokens and enrollment codes name their tenant in clear before the secret
 * (`<tenant>.<secret>`): the hub sets that tenant for the transaction and then
 * looks the hash up under row-level security, so a forged tenant part finds no
 * row and a request never sees another tenant's tills, not even to authenticate.
 * The hub stores only sha256 of the whole string.
 */
export function sha256(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex');
}

export function newToken(tenantId: string): string {
  return `${tenantId}.${crypto.randomBytes(32).toString('base64url')}`;
}

/** Short enough to read out: 12 characters of an unambiguous alphabet, in groups of four. */
export function newEnrollmentCode(tenantId: string): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = crypto.randomBytes(12);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
  return `${tenantId}.${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

/** The tenant a token or code names, or null when it is not of the right shape. */
export function tenantOf(secret: string): string | null {
  const dot = secret.lastIndexOf('.');
  if (dot <= 0) return null;
  const tenant = secret.slice(0, dot);
  return isValidTenantId(tenant) ? tenant : null;
}
