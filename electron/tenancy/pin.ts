import crypto from 'node:crypto';

/**
 * PINs are stored as `scrypt$N$r$p$<salt b64>$<hash b64>`. The parameters
 * travel with the hash, so stronger ones can be used for real users later and
 * old hashes still verify. Demo users use DEMO_PIN with cheap parameters
 * (N=1024, r=8, p=1: about 1 ms) so demo stores generate quickly; a 4-digit
 * PIN is protected by the till's lock-out, not by the hash cost.
 */
export const DEMO_PIN = '1234';
export const DEMO_SCRYPT = { N: 1024, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

export function hashPin(pin: string, salt: Buffer, params: ScryptParams = DEMO_SCRYPT): string {
  const hash = crypto.scryptSync(pin, salt, KEY_LENGTH, { N: params.N, r: params.r, p: params.p });
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** Constant-time comparison; any malformed or legacy hash simply does not verify. */
export function verifyPin(pin: string, stored: string): boolean {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((v) => Number.isInteger(v) && v > 0) || N > 1 << 20 || r > 32 || p > 16) return false;
  const salt = Buffer.from(parts[4]!, 'base64');
  const expected = Buffer.from(parts[5]!, 'base64');
  if (salt.length === 0 || expected.length !== KEY_LENGTH) return false;
  const actual = crypto.scryptSync(pin, salt, KEY_LENGTH, { N, r, p, maxmem: 256 * N * r * p + 1024 * 1024 });
  return crypto.timingSafeEqual(actual, expected);
}
