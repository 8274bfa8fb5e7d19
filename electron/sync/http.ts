import { HubError, type HubErrorCode } from '../../contracts/sync/protocol';
import { HubProtocolError, HubUnauthorizedError, HubUnreachableError, UpgradeRequiredError } from './errors';
import { checkHubUrl } from './hub-url';

/** How long one request may take before the till gives up on it (a batch of 500 applies in well under a second on a healthy hub). */
export const DEFAULT_TIMEOUT_MS = 15_000;

/** The hub refused the request with a stable code the caller handles itself (409 sequence_gap). */
export class HubRefusal extends Error {
  constructor(
    readonly status: number,
    readonly body: HubError,
  ) {
    super(`${status} ${body.code}: ${body.message}`);
  }
}

export interface HubRequest {
  hubUrl: string;
  path: '/v1/enroll' | '/v1/push' | '/v1/pull' | '/v1/holds' | '/v1/holds/release';
  body: unknown;
  token?: string;
  timeoutMs?: number;
}

/**
 * One JSON POST to the hub with Node's fetch. The URL is checked again here
 * (https or loopback), redirects are refused (one could lead to plain http),
 * and every failure comes back typed: unreachable, timeout or 5xx is
 * HubUnreachableError (transient: retry later); 401 and 426 their own errors;
 * a refusal with another code is a HubRefusal for the caller.
 */
export async function postToHub(request: HubRequest): Promise<unknown> {
  const base = checkHubUrl(request.hubUrl);
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let response: Response;
  try {
    response = await fetch(`${base}${request.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(request.token ? { authorization: `Bearer ${request.token}` } : {}) },
      body: JSON.stringify(request.body),
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    throw new HubUnreachableError(base, describeFetchError(err, timeoutMs));
  }
  let text: string;
  try {
    text = await response.text();
  } catch (err) {
    throw new HubUnreachableError(base, describeFetchError(err, timeoutMs));
  }
  if (response.status >= 500) throw new HubUnreachableError(base, `HTTP ${response.status}${hubMessage(text)}`);
  if (response.ok) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new HubProtocolError(base, `HTTP ${response.status} with a body that is not JSON`);
    }
  }
  const refusal = parseRefusal(text);
  if (!refusal) throw new HubProtocolError(base, `HTTP ${response.status}${hubMessage(text)}`);
  const code: HubErrorCode = refusal.code;
  if (code === 'unauthorized') throw new HubUnauthorizedError(refusal.message, request.path === '/v1/enroll');
  if (code === 'upgrade_required') throw new UpgradeRequiredError(refusal.message);
  if (code === 'unavailable') throw new HubUnreachableError(base, refusal.message);
  if (code === 'bad_request') throw new HubProtocolError(base, `the hub says: ${refusal.message}`);
  throw new HubRefusal(response.status, refusal);
}

function parseRefusal(text: string): HubError | null {
  try {
    const parsed = HubError.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function hubMessage(text: string): string {
  const refusal = parseRefusal(text);
  return refusal ? `: ${refusal.message}` : '';
}

function describeFetchError(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `no answer within ${Math.round(timeoutMs / 1000)} s`;
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(err);
}

/** GET /v1/health: true when the hub answers it (the background sync's cheap look while the hub was unreachable). */
export async function probeHub(hubUrl: string, timeoutMs = 3_000): Promise<boolean> {
  try {
    const response = await fetch(`${checkHubUrl(hubUrl)}/v1/health`, { redirect: 'error', signal: AbortSignal.timeout(timeoutMs) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}
