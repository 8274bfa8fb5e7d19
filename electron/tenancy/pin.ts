import crypto from 'node:crypto';

/**
 * PINs are stored as `scrypt$N$r$p$<salt b64>$<hash b64>`. The parameters
 * travel with the hash, so stronger ones are used for new PINs and old hashes
 * still verify. Demo users use DEMO_PIN with cheap parameters (N=1024, r=8,
 * p=1: about 1 ms) so demo stores generate quickly. A short PIN is protected by
 * the till's lock-out (electron/security/lockout.ts: a delay after 3 wrong
 * PINs, a lock after 5), not by the hash cost.
 */
export const DEMO_PIN = '1234';
export const DEMO_SCRYPT = { N: 1024, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

export function hashPin(pin: string, salt: Buffer = crypto.randomBytes(16), params: ScryptParams = DEMO_SCRYPT): string {
  const hash = crypto.scryptSync(pin, salt, KEY_LENGTH, { N: params.N, r: params.r, p: params.p, maxmem: maxmem(params) });
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

const maxmem = ({ N, r, p }: ScryptParams) => 256 * N * r * p + 1024 * 1024;

/** A stored hash's parameters, or null when it is malformed, legacy or out of bounds. */
export function parsePinHash(stored: string): { params: ScryptParams; salt: Buffer; expected: Buffer } | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((v) => Number.isInteger(v) && v > 0) || N > 1 << 20 || r > 32 || p > 16 || (N & (N - 1)) !== 0 || N < 2) return null;
  const salt = Buffer.from(parts[4]!, 'base64');
  const expected = Buffer.from(parts[5]!, 'base64');
  if (salt.length === 0 || expected.length !== KEY_LENGTH) return null;
  return { params: { N, r, p }, salt, expected };
}

/**
 * Constant-time comparison. A malformed or legacy hash never verifies, but
 * scrypt still runs at `fallback`'s cost (the cost of the store's own hashes),
 * so the answer takes as long as a wrong PIN for a real user.
 */
export function verifyPin(pin: string, stored: string, fallback: ScryptParams = DEMO_SCRYPT): boolean {
  const parsed = parsePinHash(stored);
  if (!parsed) {
    crypto.scryptSync(pin, crypto.randomBytes(16), KEY_LENGTH, { ...fallback, maxmem: maxmem(fallback) });
    return false;
  }
  const actual = crypto.scryptSync(pin, parsed.salt, KEY_LENGTH, { ...parsed.params, maxmem: maxmem(parsed.params) });
  return crypto.timingSafeEqual(actual, parsed.expected);
}
