import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decideScreen, freshInstallAction, launchState } from '../../electron/upgrade/launch-state';
import { launchOptions } from '../../electron/app/options';
import { appPaths } from '../../electron/app/paths';

const store = {
  name: 'CAPS Automotive',
  databasePath: '/u/pos.sqlite',
  backupFolder: '/u/backups',
  createdDemo: false,
  support: null,
  sizeBytes: null,
  upgradeEstimateMs: null,
};

describe('launch decisions', () => {
  it('a fresh install gets the demo store at the legacy schema unless demo is off; an existing file is never recreated', () => {
    expect(freshInstallAction(false, true)).toBe('create-demo');
    expect(freshInstallAction(false, false)).toBe('create-empty');
    expect(freshInstallAction(true, true)).toBe('none');
    expect(freshInstallAction(true, false)).toBe('none');
  });

  it('unknown executed migrations mean a newer version wrote the file: the Future screen, even with others pending', () => {
    expect(decideScreen({ pending: [], unknown: ['0009-from-the-future'] })).toBe('future');
    expect(decideScreen({ pending: ['0002-tenant-id'], unknown: ['0009-from-the-future'] })).toBe('future');
  });

  it('pending migrations mean the Upgrade screen; nothing pending means the POS', () => {
    expect(decideScreen({ pending: ['0002-tenant-id'], unknown: [] })).toBe('upgrade');
    expect(decideScreen({ pending: [], unknown: [] })).toBe('pos');
  });

  it('carries what each screen needs', () => {
    const status = { executed: ['0001-legacy-schema'], pending: ['0002-tenant-id'], unknown: [], schemaVersion: '0001-legacy-schema' };
    expect(launchState(status, store)).toEqual({
      screen: 'upgrade',
      pending: ['0002-tenant-id'],
      schemaVersion: '0001-legacy-schema',
      executed: ['0001-legacy-schema'],
      store,
    });
    const future = { executed: ['0001-legacy-schema', '0009-x'], pending: [], unknown: ['0009-x'], schemaVersion: '0009-x' };
    expect(launchState(future, store)).toMatchObject({ screen: 'future', unknown: ['0009-x'], schemaVersion: '0009-x' });
  });
});

describe('launch options', () => {
  it('demo is on by default', () => expect(launchOptions(['electron', '.'], {})).toEqual({ demo: true }));
  it('--no-demo turns it off', () => expect(launchOptions(['electron', '.', '--no-demo'], {})).toEqual({ demo: false }));
  it('POS_NO_DEMO=1 turns it off; 0, false, no or empty leave it on', () => {
    expect(launchOptions([], { POS_NO_DEMO: '1' }).demo).toBe(false);
    expect(launchOptions([], { POS_NO_DEMO: 'yes' }).demo).toBe(false);
    for (const v of ['0', 'false', 'no', '']) expect(launchOptions([], { POS_NO_DEMO: v }).demo).toBe(true);
  });
});

describe('app paths', () => {
  it('puts the database and backups in userData', () => {
    const p = appPaths('/home/clerk/.config/POS Desktop', '/opt/pos/dist/electron');
    expect(p.database).toBe(path.join('/home/clerk/.config/POS Desktop', 'pos.sqlite'));
    expect(p.backups).toBe(path.join('/home/clerk/.config/POS Desktop', 'backups'));
    expect(p.page).toBe(path.join('/opt/pos/dist/renderer/index.html'));
    expect(p.preload).toBe(path.join('/opt/pos/dist/electron/preload.cjs'));
  });

  it('runs the worker from app.asar.unpacked in a packaged app (a worker thread cannot load from the asar)', () => {
    const p = appPaths('/u', '/opt/POS Desktop/resources/app.asar/dist/electron');
    expect(p.worker).toBe('/opt/POS Desktop/resources/app.asar.unpacked/dist/electron/worker.cjs');
    expect(p.preload).toBe('/opt/POS Desktop/resources/app.asar/dist/electron/preload.cjs');
  });
});
