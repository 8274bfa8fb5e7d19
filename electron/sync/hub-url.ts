import { BadHubUrlError, InsecureHubUrlError } from './errors';

/** Hosts a plain-http hub may be on: this machine only (a hub started for a demo, a test or a technician's laptop). */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The hub address as the till stores it (no trailing slash), or a typed
 * error: https anywhere, plain http only to the loopback names. A path is
 * kept (a hub behind a proxy at https://example.com/pos-hub).
 */
export function checkHubUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new BadHubUrlError(input);
  }
  if (url.username || url.password || url.search || url.hash) throw new BadHubUrlError(input);
  if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname)) throw new InsecureHubUrlError(input);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new BadHubUrlError(input);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
