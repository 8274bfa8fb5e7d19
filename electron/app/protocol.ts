import fs from 'node:fs';
import path from 'node:path';

/**
 * The renderer is served from `app://pos/`, a privileged scheme of our own,
 * instead of file://. On file:// a CSP's 'self' is every file on the disk, so
 * `script-src 'self'` ran any script in any local folder; on app://pos, 'self'
 * is this handler, which serves dist/renderer and nothing else.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'pos';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const PAGE_URL = `${APP_ORIGIN}/index.html`;

/** For protocol.registerSchemesAsPrivileged, before the app is ready: a standard, secure origin (module scripts, no mixed content). */
export const PRIVILEGED_SCHEMES = [{ scheme: APP_SCHEME, privileges: { standard: true, secure: true } }];

/**
 * Sent on every response, errors included. Only our own origin may supply
 * script, style, images and fonts; no inline script or style, no eval, no
 * network (connect-src), no plugins, no frames, no form posts, no <base>. No
 * source list names file: or any other scheme, so no local file outside the
 * renderer can be loaded as anything.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'none'",
  "object-src 'none'",
  "frame-src 'none'",
  "worker-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** What a request needs to be answered: Electron's GlobalRequest has both. */
export interface AppRequest {
  url: string;
  method: string;
}

const refuse = (status: number, why: string): Response =>
  new Response(why, { status, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });

/**
 * The file of dist/renderer a URL names, or null: only app://pos, only paths
 * that stay inside the folder once decoded and resolved (no `..`, no encoded
 * `%2e%2e` or `%2f`, no backslash, no NUL), and only real files whose real path
 * (symbolic links followed) is inside the folder's real path.
 */
export function rendererFile(rendererDir: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\') || pathname.split('/').includes('..')) return null;
  const root = fs.realpathSync(rendererDir);
  const relative = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '');
  const candidate = path.resolve(root, relative);
  if (!isInside(root, candidate)) return null;
  let real: string;
  try {
    real = fs.realpathSync(candidate);
    if (!fs.statSync(real).isFile()) return null;
  } catch {
    return null;
  }
  return isInside(root, real) ? real : null;
}

const isInside = (root: string, file: string): boolean => {
  const rel = path.relative(root, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
};

/** The protocol handler: a file of dist/renderer with the security headers, or a refusal that carries them too. */
export async function rendererResponse(rendererDir: string, request: AppRequest): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'Only GET');
  const file = rendererFile(rendererDir, request.url);
  if (!file) return refuse(404, 'Not found');
  const body = request.method === 'HEAD' ? null : await fs.promises.readFile(file);
  return new Response(body, {
    status: 200,
    headers: { ...SECURITY_HEADERS, 'Content-Type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream' },
  });
}
