import type { ResultMessage, WorkerConfig, WorkerMessage } from '../../electron/worker/protocol';
import { OPS_SHARING_THE_STORE, WORKER_OPS } from '../../electron/worker/ops';
import { serveOps } from '../../electron/worker/serve';
import { DEMO_PIN } from '../../electron/tenancy/pin';

/**
 * The real worker's message loop (serveOps with the app's operations) in this process, on the store
 * file of `config`: the test sends calls by id, as the main process does, and reads the answers in the
 * order the worker gave them, which is what a queue test pins down (a call answered while another waits).
 */
export function servedWorker(config: WorkerConfig) {
  const answers: ResultMessage[] = [];
  let listener: (m: unknown) => void = () => {};
  serveOps(
    { on: (_e, l) => (listener = l), postMessage: (m: WorkerMessage) => m.kind === 'result' && answers.push(m) },
    config,
    WORKER_OPS,
    undefined,
    OPS_SHARING_THE_STORE,
  );
  const send = (id: number, op: string, args: unknown) => listener({ kind: 'call', id, op, args });
  return {
    answers,
    send,
    /** Signs `username` in to `storeId` with the demo PIN as call 1 and returns the session token. */
    async signIn(storeId: string, username = 'admin'): Promise<string> {
      send(1, 'pos.signIn', { storeId, username, pin: DEMO_PIN });
      await until(() => answers.length === 1);
      return (answers[0] as { value: { token: string } }).value.token;
    },
  };
}

/** Waits until `check()` holds, polling every 20 ms; throws after `ms`. */
export async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
