import { describe, expect, it } from 'vitest';
import { CONTRACTS } from '../../electron/ipc/contracts';
import { ipcBindings } from '../../electron/ipc/handlers';
import { PermissionDeniedError } from '../../electron/tenancy/errors';
import { authorize, PERMISSIONS, ROLES, type Caller } from '../../electron/tenancy/permissions';

const noFacts = { upgradePending: () => false };
const bindings = ipcBindings({
  client: { call: (async () => undefined) as never },
  launchState: async () => ({}) as never,
  quit: () => {},
  writeClipboard: () => {},
  diagnosticContext: () => ({ appVersion: 't', runtime: 't', databasePath: '/x', backupFolder: '/x' }),
  receipts: { folder: '/x', print: async () => true, pdf: async () => new Uint8Array() },
});

describe('the permission table', () => {
  it('has an entry for every registered channel, and none for a channel that does not exist', () => {
    const registered = bindings.map((b) => b.permission).sort();
    expect(registered).toEqual(CONTRACTS.flatMap((c) => Object.keys(c.operations).map((n) => `${c.domain}.${n}`)).sort());
    expect(Object.keys(PERMISSIONS).sort()).toEqual(registered);
  });

  it('refuses a channel missing from the table, whoever calls (fail closed)', () => {
    const callers: Caller[] = [{ role: null, technicianCode: true }, ...ROLES.map((role) => ({ role, technicianCode: true }))];
    for (const caller of callers) {
      let refusal: unknown;
      try {
        authorize('backups.deleteEverything', caller, { ...noFacts, upgradePending: () => true });
      } catch (err) {
        refusal = err;
      }
      expect(refusal).toBeInstanceOf(PermissionDeniedError);
      expect(refusal).toMatchObject({ code: 'PERMISSION_DENIED', channel: 'backups.deleteEverything', role: caller.role });
    }
    // An inherited name is not an entry either.
    expect(() => authorize('constructor', { role: 'admin', technicianCode: false }, noFacts)).toThrow(PermissionDeniedError);
  });

  it('says who was refused what, and what to do, on one line each', () => {
    const denied = (() => {
      try {
        authorize('backups.restore', { role: 'cashier', technicianCode: false }, noFacts);
      } catch (err) {
        return err as PermissionDeniedError;
      }
      throw new Error('allowed');
    })();
    expect(denied.oneLine()).toBe(
      'A cashier may not restore a backup (backups.restore). Sign in as a technician or an admin, or with no one signed in enter the technician code',
    );
    expect(denied).toMatchObject({ channel: 'backups.restore', role: 'cashier' });
  });

  it('lets the technician code count only with no one signed in', () => {
    expect(() => authorize('backups.restore', { role: null, technicianCode: true }, noFacts)).not.toThrow();
    expect(() => authorize('backups.restore', { role: 'cashier', technicianCode: true }, noFacts)).toThrow(PermissionDeniedError);
    expect(() => authorize('backups.restore', { role: null, technicianCode: false }, noFacts)).toThrow(PermissionDeniedError);
  });

  it('never leaves the Backups open with no one signed in: without the code they are refused, even with an upgrade pending', () => {
    const pending = { ...noFacts, upgradePending: () => true };
    expect(() => authorize('backups.restore', { role: null, technicianCode: false }, pending)).toThrow(PermissionDeniedError);
    expect(() => authorize('backups.list', { role: null, technicianCode: false }, noFacts)).toThrow(PermissionDeniedError);
  });

  it('lets the launch run the upgrade with no one signed in only while migrations are pending', () => {
    expect(() => authorize('upgrade.start', { role: null, technicianCode: false }, { ...noFacts, upgradePending: () => true })).not.toThrow();
    expect(() => authorize('upgrade.start', { role: null, technicianCode: false }, noFacts)).toThrow(PermissionDeniedError);
    expect(() => authorize('upgrade.start', { role: 'cashier', technicianCode: false }, { ...noFacts, upgradePending: () => true })).toThrow(
      PermissionDeniedError,
    );
    expect(() => authorize('upgrade.start', { role: 'technician', technicianCode: false }, noFacts)).not.toThrow();
  });
});
