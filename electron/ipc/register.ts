import { MANIFEST_CHANNEL, manifestOf, type Outcome } from './contract';
import { CONTRACTS } from './contracts';
import { toErrorInfo } from '../errors';
import { ForeignSenderError, IpcInputError } from './errors';
import { forPage, type IncidentLog } from './incidents';
import type { Binding } from './handlers/define';
import type { InvokeEventLike } from './sender';

/** The part of Electron's ipcMain this uses; tests pass a fake. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
  /** For the preload's one synchronous question: which operations and events exist (MANIFEST_CHANNEL). */
  on(channel: string, listener: (event: InvokeEventLike & { returnValue: unknown }) => void): void;
  removeAllListeners(channel: string): void;
}

export type HandlerLog = (line: string) => void;

/**
 * Registers every binding on ipcMain. Each call is checked in this order:
 * the sender frame is our page, exactly one argument, the zod schema; only
 * then does the handler run. Every result is an Outcome, errors included.
 * The preload's manifest request is answered for our page only (an empty list otherwise).
 * An error that is not one of ours reaches the page as a generic message with a
 * support code; its raw text goes to `incidents` only.
 */
export function registerIpc(
  ipc: IpcMainLike,
  bindings: readonly Binding[],
  isTrusted: (event: InvokeEventLike) => boolean,
  log: HandlerLog = () => {},
  incidents: IncidentLog = { record: (channel, e) => (log(`${channel}: ${e.name}: ${e.message}`), 'POS-UNLOGGED') },
): () => void {
  for (const binding of bindings) {
    ipc.handle(binding.channel, (event, ...args) => invoke(binding, isTrusted, log, incidents, event, args));
  }
  const manifest = manifestOf(CONTRACTS);
  ipc.on(MANIFEST_CHANNEL, (event) => {
    event.returnValue = isTrusted(event) ? manifest : [];
  });
  return () => {
    bindings.forEach((b) => ipc.removeHandler(b.channel));
    ipc.removeAllListeners(MANIFEST_CHANNEL);
  };
}

async function invoke(
  binding: Binding,
  isTrusted: (event: InvokeEventLike) => boolean,
  log: HandlerLog,
  incidents: IncidentLog,
  event: InvokeEventLike,
  args: unknown[],
): Promise<Outcome<unknown>> {
  if (!isTrusted(event)) {
    const error = new ForeignSenderError(binding.channel, event.senderFrame?.url ?? null);
    log(error.oneLine());
    return { ok: false, error: error.toJSON() };
  }
  if (args.length > 1) return { ok: false, error: new IpcInputError(binding.channel, `expected one argument, got ${args.length}`).toJSON() };
  const parsed = binding.input.safeParse(args[0]);
  if (!parsed.success) {
    const problem = parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ');
    return { ok: false, error: new IpcInputError(binding.channel, problem).toJSON() };
  }
  try {
    return { ok: true, value: await binding.handle(parsed.data) };
  } catch (err) {
    const raw = toErrorInfo(err);
    const error = forPage(binding.channel, raw, incidents);
    log(`${binding.channel} failed: ${error.code} ${error.supportCode ?? error.message}`);
    return { ok: false, error };
  }
}
