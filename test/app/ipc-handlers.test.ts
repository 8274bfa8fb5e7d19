import { describe, expect, it, vi } from 'vitest';
import { channelOf, MANIFEST_CHANNEL } from '../../electron/ipc/contract';
import { CONTRACTS } from '../../electron/ipc/contracts';
import { POS_OPERATIONS } from '../../electron/tenancy/pos/operations';
import { ipcBindings, type IpcDeps } from '../../electron/ipc/handlers';
import { registerIpc } from '../../electron/ipc/register';
import { trustedSender } from '../../electron/ipc/sender';
import { DatabaseBusyError } from '../../electron/errors';
import { PermissionDeniedError } from '../../electron/tenancy/errors';
import type { UpgradeReport } from '../../electron/upgrade/types';
import { fakeIpcMain, fromPage, PAGE_URL } from './support/fake-ipc';

const GOOD_ID = '20261129T170102Z-manual-3f9a1c';

const failedReport: UpgradeReport = {
  ok: false,
  upToDate: false,
  dbPath: '/data/pos.sqlite',
  migrations: [],
  backupId: '20261129T170102Z-pre-upgrade-aaaaaa',
  backupPath: '/data/backups/20261129T170102Z-pre-upgrade-aaaaaa.sqlite',
  before: [],
  after: [],
  checks: [{ check: 'row-counts', table: 'products', ok: false, detail: 'expected 10 rows, found 9' }],
  timingsMs: { total: 1234, backup: 200 },
  error: { code: 'VERIFY_FAILED', message: 'products lost a row', hint: 'Nothing was changed', table: 'products', check: 'row-counts' },
};

function setup(overrides: Partial<IpcDeps> = {}) {
  const call = vi.fn(async (op: string, _args?: unknown): Promise<unknown> => (op === 'upgrade.run' ? failedReport : { op }));
  // The worker's permission check, apart from the operations: allowed here (the decision itself is test/security/authorization.test.ts).
  const access = vi.fn(async (_args: unknown): Promise<void> => undefined);
  const client = async (op: string, args?: unknown) => (op === 'access.check' ? access(args) : call(op, args));
  const clipboard: string[] = [];
  const deps: IpcDeps = {
    client: { call: client as unknown as IpcDeps['client']['call'] },
    launchState: vi.fn(),
    quit: vi.fn(),
    writeClipboard: (t) => clipboard.push(t),
    diagnosticContext: () => ({ appVersion: '2.0.0', runtime: 'test', databasePath: '/data/pos.sqlite', backupFolder: '/data/backups' }),
    receipts: { folder: '/nonexistent/receipts', print: async () => true, pdf: async () => new Uint8Array() },
    ...overrides,
  };
  const fake = fakeIpcMain();
  const log: string[] = [];
  registerIpc(fake.ipc, ipcBindings(deps), trustedSender(PAGE_URL), (l) => log.push(l));
  return { ipc: fake.ipc, listeners: fake.listeners, send: fake.call, sendSync: fake.sendSync, worker: call, access, deps, clipboard, log };
}

describe('IPC handlers', () => {
  it('register a handler for every operation of every contract, and only those', () => {
    const { listeners } = setup();
    const expected = CONTRACTS.flatMap((c) => Object.keys(c.operations).map((n) => channelOf(c.domain, n)));
    expect([...listeners.keys()].sort()).toEqual(expected.sort());
  });

  it('derive the POS channels from the POS declarations: every declared operation has its channel', () => {
    const { listeners } = setup();
    for (const name of Object.keys(POS_OPERATIONS)) expect(listeners.has(channelOf('pos', name)), name).toBe(true);
  });

  it('answer the preload which operations and events exist, and a foreign page nothing', () => {
    const s = setup();
    const manifest = s.sendSync(MANIFEST_CHANNEL, fromPage()) as { domain: string; operations: string[]; events: string[] }[];
    expect(manifest.map((m) => m.domain).sort()).toEqual(CONTRACTS.map((c) => c.domain).sort());
    expect(manifest.find((m) => m.domain === 'pos')?.operations).toEqual(expect.arrayContaining(['signIn', ...Object.keys(POS_OPERATIONS)]));
    expect(manifest.find((m) => m.domain === 'upgrade')?.events).toEqual(['progress']);
    expect(s.sendSync(MANIFEST_CHANNEL, fromPage('file:///tmp/evil/index.html'))).toEqual([]);
  });

  describe('refuse senders that are not our page, before anything runs', () => {
    const foreign: [string, Parameters<ReturnType<typeof setup>['send']>[1]][] = [
      ['another site', fromPage('https://evil.example/index.html')],
      ['another local file', fromPage('file:///tmp/evil/index.html')],
      ['an iframe inside our page', { senderFrame: { url: PAGE_URL, parent: { url: PAGE_URL, parent: null } } }],
      ['a destroyed frame', { senderFrame: null }],
    ];
    for (const [what, event] of foreign) {
      it(what, async () => {
        const s = setup();
        const out = await s.send(channelOf('backups', 'restore'), event, { id: GOOD_ID });
        expect(out).toMatchObject({ ok: false, error: { code: 'IPC_FOREIGN_SENDER' } });
        expect(s.worker).not.toHaveBeenCalled();
        expect(s.log.join('\n')).toMatch(/Refused pos:backups:restore/);
      });
    }
    it('but accept our page with a fragment', async () => {
      const s = setup();
      expect(await s.send(channelOf('backups', 'list'), fromPage(`${PAGE_URL}#backups`))).toMatchObject({ ok: true });
    });
  });

  describe('validate input with zod: a backup is named by id, never by a path', () => {
    const bad: [string, unknown[]][] = [
      ['a relative path', [{ id: '../../etc/passwd' }]],
      ['an absolute path', [{ id: '/home/store/pos.sqlite' }]],
      ['an id with a folder in front', [{ id: `backups/${GOOD_ID}` }]],
      ['an extra key (a path beside the id)', [{ id: GOOD_ID, backupDir: '/tmp' }]],
      ['no id', [{}]],
      ['a number', [42]],
      ['no input at all', []],
      ['two arguments', [{ id: GOOD_ID }, { id: GOOD_ID }]],
    ];
    for (const [what, args] of bad) {
      it(`refuses ${what}`, async () => {
        const s = setup();
        const out = await s.send(channelOf('backups', 'restore'), fromPage(), ...args);
        expect(out).toMatchObject({ ok: false, error: { code: 'IPC_BAD_INPUT' } });
        expect(s.worker).not.toHaveBeenCalled();
      });
    }
    it('refuses input sent to an operation that takes none', async () => {
      const s = setup();
      expect(await s.send(channelOf('upgrade', 'start'), fromPage(), { dbPath: '/tmp/other.sqlite' })).toMatchObject({
        ok: false,
        error: { code: 'IPC_BAD_INPUT' },
      });
      expect(s.worker).not.toHaveBeenCalled();
    });
    it('passes a well-formed id to the worker', async () => {
      const s = setup();
      expect(await s.send(channelOf('backups', 'restore'), fromPage(), { id: GOOD_ID })).toEqual({ ok: true, value: { op: 'backups.restore' } });
      expect(s.worker).toHaveBeenCalledWith('backups.restore', { id: GOOD_ID });
    });
  });

  it('ask the worker who may call a channel before the handler runs, and stop at its refusal', async () => {
    const s = setup();
    expect(await s.send(channelOf('backups', 'restore'), fromPage(), { id: GOOD_ID })).toMatchObject({ ok: true });
    expect(s.access).toHaveBeenCalledWith({ channel: 'backups.restore', token: null, technicianCode: false });
    s.worker.mockClear();
    s.access.mockRejectedValueOnce(new PermissionDeniedError('backups.restore', null, 'restore a backup', 'Sign in as a technician or an admin'));
    expect(await s.send(channelOf('backups', 'restore'), fromPage(), { id: GOOD_ID })).toMatchObject({
      ok: false,
      error: { code: 'PERMISSION_DENIED', message: 'With no one signed in, the till may not restore a backup (backups.restore)' },
    });
    expect(s.worker).not.toHaveBeenCalled();
  });

  it('do not ask about a channel the table opens to everyone (the store chooser, the launch screen)', async () => {
    const s = setup();
    await s.send(channelOf('pos', 'stores'), fromPage());
    expect(s.access).not.toHaveBeenCalled();
    expect(s.worker).toHaveBeenCalledWith('pos.stores', undefined);
  });

  it('turn a typed error into an outcome with its code and hint, and an unexpected one into UNEXPECTED', async () => {
    const s = setup();
    s.worker.mockRejectedValueOnce(new DatabaseBusyError('/data/pos.sqlite'));
    expect(await s.send(channelOf('backups', 'list'), fromPage())).toEqual({
      ok: false,
      error: {
        code: 'DB_BUSY',
        name: 'DatabaseBusyError',
        message: '/data/pos.sqlite is in use by another program',
        hint: 'Close POS Desktop on this machine, then try again',
      },
    });
    // Not one of ours: the page gets a generic message and a support code, never the raw text (see hardening.test.ts).
    s.worker.mockRejectedValueOnce(new Error('boom'));
    const unexpected = (await s.send(channelOf('backups', 'list'), fromPage())) as { ok: false; error: { code: string; message: string } };
    expect(unexpected).toMatchObject({ ok: false, error: { code: 'UNEXPECTED' } });
    expect(unexpected.error.message).toMatch(/^Something went wrong that POS Desktop did not expect \(support code POS-/);
    expect(unexpected.error.message).not.toContain('boom');
  });

  it('run one database-changing operation at a time', async () => {
    const s = setup();
    let finish: (r: UpgradeReport) => void = () => {};
    s.worker.mockImplementationOnce(() => new Promise((resolve) => (finish = resolve as (r: UpgradeReport) => void)));
    const upgrade = s.send(channelOf('upgrade', 'start'), fromPage());
    expect(await s.send(channelOf('backups', 'restore'), fromPage(), { id: GOOD_ID })).toMatchObject({ ok: false, error: { code: 'OPERATION_IN_PROGRESS' } });
    expect(await s.send(channelOf('backups', 'create'), fromPage())).toMatchObject({ ok: false, error: { code: 'OPERATION_IN_PROGRESS' } });
    expect(await s.send(channelOf('backups', 'list'), fromPage())).toMatchObject({ ok: true }); // reading is fine
    finish(failedReport);
    expect(await upgrade).toEqual({ ok: true, value: failedReport });
    expect(await s.send(channelOf('backups', 'restore'), fromPage(), { id: GOOD_ID })).toMatchObject({ ok: true });
  });

  it('copy the diagnostic report of the last upgrade to the clipboard', async () => {
    const s = setup();
    expect(await s.send(channelOf('upgrade', 'copyDiagnosticReport'), fromPage())).toMatchObject({ ok: false, error: { code: 'NO_DIAGNOSTIC_REPORT' } });
    await s.send(channelOf('upgrade', 'start'), fromPage());
    const out = (await s.send(channelOf('upgrade', 'copyDiagnosticReport'), fromPage())) as { ok: true; value: { text: string } };
    expect(out.ok).toBe(true);
    expect(s.clipboard).toEqual([out.value.text]);
    expect(out.value.text).toMatch(/Result: +FAILED \(the database was not changed\)/);
    expect(out.value.text).toMatch(/VERIFY_FAILED: products lost a row/);
    expect(out.value.text).toMatch(/table products, check row-counts/);
    expect(out.value.text).toMatch(/FAILED row-counts on products: expected 10 rows, found 9/);
    expect(JSON.parse(out.value.text.split('--- full report (JSON) ---\n')[1] ?? '')).toEqual(failedReport);
  });
});
