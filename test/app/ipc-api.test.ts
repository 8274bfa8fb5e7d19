import { describe, expect, it, vi } from 'vitest';
import { buildPosApi, type Transport } from '../../electron/ipc/build-api';
import { channelOf, manifestOf } from '../../electron/ipc/contract';
import { CONTRACTS } from '../../electron/ipc/contracts';

function recordingTransport() {
  const invoked: [string, unknown][] = [];
  const listeners = new Map<string, (p: unknown) => void>();
  const transport: Transport = {
    invoke: async (channel, input) => {
      invoked.push([channel, input]);
      return { ok: true, value: channel };
    },
    subscribe: (channel, listener) => {
      listeners.set(channel, listener);
      return () => listeners.delete(channel);
    },
  };
  return { transport, invoked, listeners };
}

describe('window.pos is built from the contract list', () => {
  it('has one named function per operation and one onX per event, and nothing else', () => {
    const api = buildPosApi(manifestOf(CONTRACTS), recordingTransport().transport) as unknown as Record<string, Record<string, unknown>>;
    for (const contract of CONTRACTS) {
      const expected = [...Object.keys(contract.operations), ...Object.keys(contract.events).map((e) => `on${e[0]?.toUpperCase()}${e.slice(1)}`)].sort();
      expect(Object.keys(api[contract.domain] ?? {}).sort()).toEqual(expected);
      for (const name of expected) expect(typeof api[contract.domain]?.[name]).toBe('function');
    }
    expect(Object.keys(api).sort()).toEqual(CONTRACTS.map((c) => c.domain).sort());
    // No generic escape hatch for the page.
    for (const forbidden of ['invoke', 'send', 'on', 'ipcRenderer', 'require']) expect(api).not.toHaveProperty(forbidden);
  });

  it('binds each function to its own channel and passes exactly one argument', async () => {
    const { transport, invoked } = recordingTransport();
    const api = buildPosApi(manifestOf(CONTRACTS), transport);
    await api.backups.restore({ id: 'x' });
    await api.upgrade.start();
    await (api.backups.list as (...a: unknown[]) => Promise<unknown>)('smuggled', 'extra');
    expect(invoked).toEqual([
      [channelOf('backups', 'restore'), { id: 'x' }],
      [channelOf('upgrade', 'start'), undefined],
      [channelOf('backups', 'list'), 'smuggled'],
    ]);
  });

  it('delivers event payloads to subscribers and stops after unsubscribe', () => {
    const { transport, listeners } = recordingTransport();
    const api = buildPosApi(manifestOf(CONTRACTS), transport);
    const seen = vi.fn();
    const off = api.upgrade.onProgress(seen);
    listeners.get(channelOf('upgrade', 'progress'))?.({ phase: 'migrate' });
    expect(seen).toHaveBeenCalledWith({ phase: 'migrate' });
    off();
    expect(listeners.has(channelOf('upgrade', 'progress'))).toBe(false);
    expect(() => (api.upgrade.onProgress as (l: unknown) => void)('not a function')).toThrow(/needs a function/);
  });

  it('is frozen, so the page cannot swap a function for its own', () => {
    const api = buildPosApi(manifestOf(CONTRACTS), recordingTransport().transport);
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.isFrozen(api.backups)).toBe(true);
  });

  it('never gives two operations the same channel', () => {
    const channels = CONTRACTS.flatMap((c) => [...Object.keys(c.operations), ...Object.keys(c.events)].map((n) => channelOf(c.domain, n)));
    expect(new Set(channels).size).toBe(channels.length);
  });
});
