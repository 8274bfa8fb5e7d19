import type { BackupProgress } from '../../electron/backup/types';

/**
 * Named moments of a backup or a restore, recognised from its progress events
 * (the only hook a test has: production code knows nothing of pauses).
 */
export const PAUSE_POINTS = {
  /** Inside the copy: the write lock is held, the child process is copying. */
  'backup:copying': (p: BackupProgress) => p.stage === 'copy' && p.bytesDone < p.bytesTotal,
  /** The copy is complete in `<id>.sqlite.partial`, not yet renamed. */
  'backup:copied': (p: BackupProgress) => p.stage === 'copy' && p.bytesTotal > 0 && p.bytesDone === p.bytesTotal,
  /** Renamed to `<id>.sqlite`, being hashed: no manifest yet. */
  'backup:renamed': (p: BackupProgress) => p.stage === 'hash',
  /** Checked, the manifest not yet written. */
  'backup:before-manifest': (p: BackupProgress) => p.stage === 'manifest' && p.bytesDone === 0,
  /** The backup is staged in `<db>.restore-tmp` and its sha256 read; the database is untouched. */
  'restore:temp-written': (p: BackupProgress) => p.stage === 'restore' && p.bytesTotal > 0 && p.bytesDone === p.bytesTotal,
  /** The old database's -wal and -shm are gone; the rename comes next. */
  'restore:sidecars-removed': (p: BackupProgress) => p.stage === 'replace' && p.bytesDone === 0,
  /** The backup has been renamed into place; not reopened yet. */
  'restore:renamed': (p: BackupProgress) => p.stage === 'reopen' && p.bytesDone === 0,
} as const;

export type PausePoint = keyof typeof PAUSE_POINTS;
