import { describe, expect, it } from 'vitest';
import type { LaunchState } from '../../electron/upgrade/launch-state';
import { flow, initialRoute, type Route } from '../../renderer/src/flow';
import { nowLabel, stepLabel, stepStates, UPGRADE_STEPS } from '../../renderer/src/screens/upgrade-steps';
import {
  formatAgo,
  formatBytes,
  formatClock,
  formatDateTime,
  formatEstimate,
  formatEta,
  formatHolds,
  formatPercent,
  shortVersion,
} from '../../renderer/src/format';
import { lossSentence } from '../../renderer/src/components/restore';
import { tillHint } from '../../renderer/src/app-hints';

const store = {
  name: 'CAPS Automotive',
  databasePath: '/u/pos.sqlite',
  backupFolder: '/u/backups',
  createdDemo: true,
  support: null,
  sizeBytes: null,
  upgradeEstimateMs: null,
};
const versions = { schemaVersion: '0001-legacy-schema', executed: ['0001-legacy-schema'] };
const upgrade: LaunchState = { screen: 'upgrade', pending: ['0002-tenant-id'], store, ...versions };
const pos: LaunchState = { screen: 'pos', store, ...versions };

describe('the renderer flow (which screen is showing)', () => {
  it('starts the upgrade by itself on the first launch, but not when coming back after a change', () => {
    const first = flow(initialRoute, { type: 'launched', launch: upgrade });
    expect(first).toMatchObject({ name: 'upgrade', autoStart: true });
    const again = flow(flow(first, { type: 'database-changed' }), { type: 'launched', launch: upgrade });
    expect(again).toMatchObject({ name: 'upgrade', autoStart: false });
  });

  it('opens Backups from any screen and goes back to it; back to the upgrade never restarts it', () => {
    const up = flow(initialRoute, { type: 'launched', launch: upgrade });
    const backups = flow(up, { type: 'open-backups' });
    expect(backups).toMatchObject({ name: 'backups', from: { name: 'upgrade' } });
    expect(flow(backups, { type: 'close-backups' })).toMatchObject({ name: 'upgrade', autoStart: false });
    const home = flow(initialRoute, { type: 'launched', launch: pos });
    expect(flow(flow(home, { type: 'open-backups' }), { type: 'close-backups' })).toBe(home);
  });

  it('asks again after the database changed (upgrade done, backup restored)', () => {
    const home = flow(initialRoute, { type: 'launched', launch: pos });
    expect(flow(home, { type: 'database-changed' })).toEqual({ name: 'loading', reason: 'database-changed' });
  });

  it('shows the Problem screen when the launch state cannot be read', () => {
    const error = { code: 'NOT_A_DATABASE', name: 'NotADatabaseError', message: 'x', hint: 'y' };
    expect(flow(initialRoute, { type: 'launch-failed', error })).toEqual({ name: 'problem', error, store: null });
    expect(flow(initialRoute, { type: 'launched', launch: { screen: 'problem', error, store } })).toEqual({ name: 'problem', error, store });
  });

  it('ignores events that do not fit the current screen', () => {
    const home: Route = flow(initialRoute, { type: 'launched', launch: pos });
    expect(flow(home, { type: 'launched', launch: upgrade })).toBe(home);
    expect(flow(home, { type: 'close-backups' })).toBe(home);
    expect(flow(initialRoute, { type: 'open-backups' })).toBe(initialRoute);
  });
});

describe('upgrade steps', () => {
  it('folds preflight into Backup and commit into Verify', () => {
    expect(stepStates('running', { phase: 'preflight' })).toEqual({
      backup: 'active',
      audit: 'pending',
      migrate: 'pending',
      verify: 'pending',
      done: 'pending',
    });
    expect(stepStates('running', { phase: 'commit' })).toEqual({ backup: 'done', audit: 'done', migrate: 'done', verify: 'active', done: 'pending' });
  });
  it('marks the step that was running when it failed', () => {
    expect(stepStates('failed', { phase: 'migrate' })).toEqual({ backup: 'done', audit: 'done', migrate: 'failed', verify: 'pending', done: 'pending' });
    expect(stepStates('failed', null)).toMatchObject({ backup: 'failed' });
  });
  it('is all done on success and all pending before the start', () => {
    expect(Object.values(stepStates('succeeded', { phase: 'verify' }))).toEqual(Array(5).fill('done'));
    expect(Object.values(stepStates('ready', null))).toEqual(Array(5).fill('pending'));
  });
  it('names the steps in staff words: no table counter, no table name (those are in the diagnostic report)', () => {
    expect(UPGRADE_STEPS.map(stepLabel)).toEqual(['Safety copy', 'Check the data', 'Upgrade', 'Check the result', 'Done']);
    expect(nowLabel('migrate')).toBe('Upgrading the store database');
    expect(nowLabel('backup')).toBe('Making a safety copy of the store database');
  });
});

describe('display formats', () => {
  it('says when a backup was taken to the second and how long ago, and what it holds', () => {
    const taken = new Date(2026, 11, 2, 15, 4, 9).toISOString();
    expect(formatDateTime(taken)).toBe('2026-12-02 15:04:09');
    expect(formatAgo(taken, new Date(2026, 11, 2, 18, 10, 0))).toBe('3 h ago');
    expect(formatAgo(taken, new Date(2026, 11, 2, 15, 4, 30))).toBe('just now');
    expect(formatAgo(taken, new Date(2026, 11, 2, 15, 16, 10))).toBe('12 min ago');
    expect(formatAgo(taken, new Date(2026, 11, 6, 15, 4, 9))).toBe('4 days ago');
    expect(formatHolds({ sales: 1, customers: 1204, products: 3400, work_orders: 96, audit_log: 9 })).toBe(
      '1 sale · 1,204 customers · 3,400 products · 96 work orders',
    );
    // A v1 backup has no sales table.
    expect(formatHolds({ customers: 2, products: 5, work_orders: 0 })).toBe('2 customers · 5 products · 0 work orders');
    expect(formatEstimate(12_000)).toBe('less than a minute');
    expect(formatEstimate(61_000)).toBe('about 2 minutes');
  });

  it('formats sizes, clocks, ETAs, percentages and versions', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MB');
    expect(formatBytes(600 * 1024 * 1024)).toBe('600 MB');
    expect(formatClock(7_400)).toBe('0:07');
    expect(formatClock(3_723_000)).toBe('1:02:03');
    expect(formatEta(null)).toBe('estimating…');
    expect(formatEta(2_000)).toBe('a few seconds');
    expect(formatEta(95_000)).toBe('about 1:35');
    expect(formatPercent(0.999)).toBe('99%');
    expect(formatPercent(1.2)).toBe('100%');
    expect(shortVersion('0002-tenant-id')).toBe('0002');
    expect(shortVersion(null)).toBe('empty');
  });
});

describe('hints at the till', () => {
  const info = (code: string, hint: string) => ({ code, name: 'E', message: 'm', hint });
  it('replaces command-line hints of known errors with what to do on screen', () => {
    expect(tillHint(info('NOT_A_DATABASE', 'Point --db at the store database file (pos.sqlite)'))).toMatch(/restore a backup from the Backups screen/);
  });
  it('drops a parenthesised pos-db command from other hints, and keeps plain hints as they are', () => {
    expect(tillHint(info('PREFLIGHT', 'Restore a backup (`pos-db backups`, `pos-db restore`) or send the file to support; nothing was changed'))).toBe(
      'Restore a backup or send the file to support; nothing was changed',
    );
    expect(tillHint(info('X', 'Choose a backup folder that exists and can be written to (--backup-dir), then try again'))).toBe(
      'Choose a backup folder that exists and can be written to, then try again',
    );
    expect(tillHint(info('DB_BUSY_X', 'Wait for it to finish, then try again'))).toBe('Wait for it to finish, then try again');
  });
});

describe('what the restore confirmation says each store loses', () => {
  const t = { tenantId: 'northside-tires', name: 'Northside Tires', inBackup: true, rowsWritten: 0, sales: 0, queuedNotSynced: 0 };
  it('nothing, some work with the changes that will never reach the head office, or the whole store', () => {
    expect(lossSentence(t)).toBe('loses nothing: no work since the backup.');
    expect(lossSentence({ ...t, rowsWritten: 14, sales: 2, queuedNotSynced: 3 })).toBe(
      'loses 2 sales and 12 other changes made since the backup; 3 changes not yet sent to the head office will never be sent.',
    );
    expect(lossSentence({ ...t, rowsWritten: 1, queuedNotSynced: 0 })).toBe('loses 1 change made since the backup.');
    expect(lossSentence({ ...t, inBackup: false, rowsWritten: 5210 })).toBe(
      'is not in this backup: all of its data (5,210 records) is removed from this computer.',
    );
  });
});
