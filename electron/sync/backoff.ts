/**
 * When a till tries the hub again after a transient failure (hub down, 5xx,
 * timeout): 5 s after the first, doubling up to 5 minutes, plus up to 10 % of
 * the delay that depends on the till, so the tills of a chain that lost the
 * hub together do not all come back in the same second.
 */
export const FIRST_RETRY_MS = 5_000;
export const MAX_RETRY_MS = 5 * 60_000;

export function retryDelayMs(failures: number, tillId = ''): number {
  if (failures <= 0) return 0;
  const base = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.min(failures - 1, 30));
  return base + Math.floor(base * 0.1 * spread(`${tillId}:${failures}`));
}

/** A number in [0, 1) from a string (FNV-1a): the same till waits the same for the same failure count. */
function spread(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h / 2 ** 32;
}
