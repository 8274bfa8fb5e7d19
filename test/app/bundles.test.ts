import fs from 'node:fs';
import vm from 'node:vm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { channelOf, MANIFEST_CHANNEL, manifestOf } from '../../electron/ipc/contract';
import { CONTRACTS } from '../../electron/ipc/contracts';
import { distPath, ensureBuilt } from './support/build';

beforeAll(() => ensureBuilt('node'), 120_000);

const requiresOf = (file: string) => [...new Set([...fs.readFileSync(file, 'utf8').matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]))].sort();

describe('the bundles Electron loads', () => {
  it('the preload is one CommonJS file whose only require is electron (a sandboxed preload gets nothing else), without zod', () => {
    const file = distPath('electron', 'preload.cjs');
    expect(requiresOf(file)).toEqual(['electron']);
    expect(fs.readFileSync(file, 'utf8')).not.toMatch(/ZodError|safeParse/);
  });

  it('the main process never loads SQLite: only the worker does', () => {
    expect(requiresOf(distPath('electron', 'main.cjs'))).not.toContain('better-sqlite3');
    expect(requiresOf(distPath('electron', 'worker.cjs'))).toContain('better-sqlite3');
  });

  it('the preload exposes window.pos through contextBridge, wired to ipcRenderer channel by channel', async () => {
    const exposed: Record<string, unknown> = {};
    const ipcRenderer = {
      invoke: vi.fn(async () => ({ ok: true, value: 1 })),
      on: vi.fn(),
      removeListener: vi.fn(),
      // The main process answers the manifest synchronously (electron/ipc/register.ts).
      sendSync: vi.fn((channel: string) => (channel === MANIFEST_CHANNEL ? manifestOf(CONTRACTS) : undefined)),
    };
    const electron = { contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) }, ipcRenderer };
    const sandboxRequire = (name: string) => {
      if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
      return electron;
    };
    const module = { exports: {} };
    vm.runInNewContext(fs.readFileSync(distPath('electron', 'preload.cjs'), 'utf8'), { require: sandboxRequire, module, exports: module.exports, console });
    expect(Object.keys(exposed)).toEqual(['pos']);
    expect(ipcRenderer.sendSync).toHaveBeenCalledWith(MANIFEST_CHANNEL);
    const pos = exposed.pos as Record<string, Record<string, (...a: unknown[]) => unknown>>;
    expect(Object.keys(pos).sort()).toEqual(CONTRACTS.map((c) => c.domain).sort());

    await pos.backups?.restore?.({ id: 'abc' });
    expect(ipcRenderer.invoke).toHaveBeenCalledWith(channelOf('backups', 'restore'), { id: 'abc' });

    const listener = vi.fn();
    const off = pos.upgrade?.onProgress?.(listener) as () => void;
    const [channel, relay] = ipcRenderer.on.mock.calls[0] as unknown as [string, (event: unknown, payload: unknown) => void];
    expect(channel).toBe(channelOf('upgrade', 'progress'));
    relay({ sender: 'the IpcRendererEvent must not reach the page' }, { phase: 'audit' });
    expect(listener).toHaveBeenCalledWith({ phase: 'audit' });
    expect(listener.mock.calls[0]).toHaveLength(1);
    off();
    expect(ipcRenderer.removeListener).toHaveBeenCalledWith(channelOf('upgrade', 'progress'), relay);
  });
});
