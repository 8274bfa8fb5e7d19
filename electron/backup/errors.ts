import { PosError } from '../errors';

/** Which preflight check refused the upgrade. */
export type PreflightCheck = 'disk-space' | 'readable' | 'not-locked' | 'backup-folder';

/** The upgrade cannot start safely; nothing was changed. */
export class PreflightError extends PosError {
  readonly code: string;
  readonly exitCode = 1 as const;
  constructor(
    readonly check: PreflightCheck,
    message: string,
    hint: string,
  ) {
    super(message, hint);
    this.code = `PREFLIGHT_${check.toUpperCase().replace(/-/g, '_')}`;
  }
}

/** Not enough free space for the backup and the migration's growth. */
export class DiskSpaceError extends PreflightError {
  constructor(
    readonly folder: string,
    readonly freeBytes: number,
    readonly neededBytes: number,
  ) {
    super(
      'disk-space',
      `Not enough free disk space on ${folder}: ${formatBytes(freeBytes)} free, ${formatBytes(neededBytes)} needed for the backup and the upgrade`,
      `Free at least ${formatBytes(neededBytes - freeBytes)} on that disk (or choose another backup folder), then try again; nothing was changed`,
    );
  }
}

/** Making a backup failed; the database was not changed and no backup is offered from this attempt. */
export class BackupFailedError extends PosError {
  readonly code = 'BACKUP_FAILED';
  readonly exitCode = 1 as const;
  constructor(
    readonly stage: string,
    reason: string,
  ) {
    super(`The backup failed while ${stage}: ${reason}`, 'Nothing was changed; check the backup folder and the free disk space, then try again');
  }
}

/** The backup folder does not exist or is not a folder. */
export class BackupFolderError extends PosError {
  readonly code = 'BACKUP_FOLDER';
  readonly exitCode = 2 as const;
  constructor(
    readonly folder: string,
    reason: string,
  ) {
    super(`Backup folder ${folder} ${reason}`, 'Check the --backup-dir path (by default backups/ beside the database)');
  }
}

export class BackupNotFoundError extends PosError {
  readonly code = 'BACKUP_NOT_FOUND';
  readonly exitCode = 2 as const;
  constructor(
    readonly backupId: string,
    folders: readonly string[],
  ) {
    super(`No backup with id ${backupId} in ${folders.join(', ')}`, 'Run `pos-db backups --db FILE` to see the ids that can be restored');
  }
}

/** The backup's file does not match its manifest, or fails its check: it is never restored. */
export class BackupInvalidError extends PosError {
  readonly code = 'BACKUP_INVALID';
  readonly exitCode = 1 as const;
  constructor(
    readonly backupId: string,
    readonly problem: string,
  ) {
    super(`Backup ${backupId} cannot be trusted: ${problem}`, 'Nothing was changed; choose another backup (`pos-db backups --db FILE`)');
  }
}

/** The backup was written by a newer POS Desktop: this build cannot run on its schema. */
export class BackupFromNewerVersionError extends PosError {
  readonly code = 'BACKUP_FROM_NEWER_VERSION';
  readonly exitCode = 1 as const;
  constructor(
    readonly backupId: string,
    readonly unknownMigrations: string[],
  ) {
    super(
      `Backup ${backupId} was written by a newer version of POS Desktop (unknown migrations: ${unknownMigrations.join(', ')})`,
      'Install that newer version to restore it, or choose a backup made by this version; nothing was changed',
    );
  }
}

/** The restore stopped part way; the message says which database is now in place. */
export class RestoreFailedError extends PosError {
  readonly code = 'RESTORE_FAILED';
  readonly exitCode = 1 as const;
  constructor(
    readonly stage: string,
    reason: string,
    hint: string,
  ) {
    super(`The restore failed while ${stage}: ${reason}`, hint);
  }
}

export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (Math.abs(v) >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${u === 0 ? v.toFixed(0) : v.toFixed(1)} ${units[u]}`;
}

/** What a restore knows about a store: its identity and the tenants its rows belong to. */
export interface StoreDescription {
  storeId: string | null;
  tenants: string[];
}

const describeStore = (s: StoreDescription) => `store ${s.storeId ?? '(no id)'}${s.tenants.length ? `, tenants ${s.tenants.join(', ')}` : ''}`;

/** The backup is of another store than the database it would replace: refused unless asked for explicitly. */
export class OtherStoreBackupError extends PosError {
  readonly code = 'RESTORE_OTHER_STORE';
  readonly exitCode = 1 as const;
  constructor(
    readonly backupId: string,
    readonly backupStore: StoreDescription,
    readonly currentStore: StoreDescription,
  ) {
    super(
      `Backup ${backupId} is of another store (${describeStore(backupStore)}) than this database (${describeStore(currentStore)})`,
      "Nothing was changed. If this store's data really is to be replaced by the other store's, restore again with --other-store (pos-db) or confirm the second question (POS Desktop)",
    );
  }
}
