import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback proxy in front of the real hub, so a test decides what the till
 * meets on the wire without the till knowing: the hub unreachable (every
 * connection dropped), or a push the hub has applied whose answer never comes
 * back (the test then kills the till). Production code sees only a URL.
 */
export interface HubProxy {
  url: string;
  /** 'forward': pass everything; 'down': drop every connection as a dead host would; 'hang': take each request and never answer (a hub stuck or a network black hole). */
  mode: 'forward' | 'down' | 'hang';
  /** Requests that reached the proxy, by path (hangs and drops included). */
  requests: Record<string, number>;
  /** Push requests that reached the hub through the proxy. */
  pushes: number;
  /**
   * Called when the hub has answered a push; returning 'hold' keeps the answer from the till for ever
   * (the hub has committed it: the till does not know); a promise holds it until it settles.
   */
  onPushAnswered: ((pushNumber: number, request: unknown, answer: unknown) => 'pass' | 'hold' | Promise<unknown>) | null;
  /** Awaited before a request goes on to the hub (e.g. a gate the test opens): the till waits on the wire meanwhile. */
  beforeForward: ((url: string) => Promise<void>) | null;
  /** Awaited after the hub has answered, before the answer goes back (the hub has done the work; the till waits, maybe past its timeout). */
  delayAnswer: ((url: string) => Promise<void>) | null;
  close(): Promise<void>;
}

export async function startHubProxy(target: string): Promise<HubProxy> {
  const held: http.ServerResponse[] = [];
  const proxy: HubProxy = {
    url: '',
    mode: 'forward',
    requests: {},
    pushes: 0,
    onPushAnswered: null,
    beforeForward: null,
    delayAnswer: null,
    close: async () => {
      for (const res of held) res.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
    },
  };
  const server = http.createServer((req, res) => {
    const path = req.url ?? '';
    proxy.requests[path] = (proxy.requests[path] ?? 0) + 1;
    if (proxy.mode === 'down') {
      req.socket.destroy();
      return;
    }
    if (proxy.mode === 'hang') {
      held.push(res);
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      try {
        await proxy.beforeForward?.(req.url ?? '');
        const answer = await fetch(`${target}${req.url}`, {
          method: req.method,
          headers: Object.fromEntries(Object.entries(req.headers).filter(([k]) => ['content-type', 'authorization'].includes(k)) as [string, string][]),
          body: req.method === 'POST' ? body : undefined,
        });
        const text = await answer.text();
        if (req.url === '/v1/push') {
          const n = ++proxy.pushes;
          const verdict = proxy.onPushAnswered?.(n, JSON.parse(body.toString()), JSON.parse(text));
          if (verdict === 'hold') {
            held.push(res);
            return;
          }
          if (verdict instanceof Promise) await verdict.catch(() => {});
        }
        await proxy.delayAnswer?.(req.url ?? '');
        res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
        res.end(text);
      } catch {
        req.socket.destroy();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
