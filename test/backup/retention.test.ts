import { describe, expect, it } from 'vitest';
import { backupsToPrune, type LocatedBackup } from '../../electron/backup';
import type { BackupReason } from '../../electron/backup/types';

/** A listing as retention sees it: only id, reason and date matter. */
function listing(day: number, reason: BackupReason): LocatedBackup {
  const createdAt = new Date(Date.UTC(2026, 0, day)).toISOString();
  const id = `202601${String(day).padStart(2, '0')}T000000Z-${reason}-${String(day).padStart(6, '0')}`;
  return {
    manifest: {
      id,
      createdAt,
      appVersion: '2.0.0',
      reason,
      fileName: `${id}.sqlite`,
      sizeBytes: 1,
      sha256: '0'.repeat(64),
      executedMigrations: [],
      schemaVersion: null,
      rowCounts: {},
      check: { kind: 'quick_check', result: 'ok' },
    },
    verified: true,
    problem: null,
    dir: '/backups',
    file: `/backups/${id}.sqlite`,
  };
}
const ids = (list: LocatedBackup[]) => list.map((b) => b.manifest.reason + '@' + b.manifest.createdAt.slice(8, 10));

describe('retention: keep the newest N, never the way back from the last upgrade', () => {
  const history = [
    listing(1, 'scheduled'),
    listing(2, 'pre-upgrade'),
    listing(3, 'pre-upgrade'),
    listing(4, 'scheduled'),
    listing(5, 'manual'),
    listing(6, 'scheduled'),
  ];

  it('prunes everything older than the newest N', () => {
    expect(ids(backupsToPrune(history, 5))).toEqual(['scheduled@01']);
  });

  it('never prunes the newest pre-upgrade backup, however many newer ones there are', () => {
    expect(ids(backupsToPrune(history, 2))).toEqual(['scheduled@04', 'pre-upgrade@02', 'scheduled@01']);
  });

  it('never prunes a protected backup (the one being restored)', () => {
    const restoring = history[0]?.manifest.id as string;
    expect(ids(backupsToPrune(history, 2, [restoring]))).toEqual(['scheduled@04', 'pre-upgrade@02']);
  });

  it('keeps at least one backup even with a nonsensical count', () => {
    expect(backupsToPrune(history, 0)).toHaveLength(history.length - 2);
  });

  it('keeps everything within the count', () => {
    expect(backupsToPrune(history, 10)).toEqual([]);
  });
});
