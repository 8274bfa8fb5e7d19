/**
 * Every error a store clerk or technician can meet is one of these classes.
 * `hint` says what to do next; the CLI prints `message` and `hint` on one line
 * and exits with `exitCode` (2: the request was wrong, 1: it was refused or failed).
 */
export abstract class PosError extends Error {
  abstract readonly code: string;
  abstract readonly exitCode: 1 | 2;
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = new.target.name;
  }

  /** One line, ready for a terminal or a diagnostic report. */
  oneLine(): string {
    return `${this.message}. ${this.hint}`;
  }

  toJSON(): { code: string; name: string; message: string; hint: string } {
    return { code: this.code, name: this.name, message: this.message, hint: this.hint };
  }
}

/** The caller asked for something malformed: bad flag, missing file, wrong kind of file. */
export class BadInputError extends PosError {
  readonly code = 'BAD_INPUT';
  readonly exitCode = 2 as const;
}

export class DatabaseNotFoundError extends PosError {
  readonly code = 'DB_NOT_FOUND';
  readonly exitCode = 2 as const;
  constructor(readonly path: string) {
    super(`No database at ${path}`, 'Check the --db path, or create one with `pos-db demo --db FILE`');
  }
}

export class NotADatabaseError extends PosError {
  readonly code = 'NOT_A_DATABASE';
  readonly exitCode = 2 as const;
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`${path} is not a POS database (${reason})`, 'Point --db at the store database file (pos.sqlite)');
  }
}

/**
 * SQLite can read the file's header but not its content: a failing disk or a
 * bad copy scrambled pages. The way out is a restore, which works over a
 * damaged database (it keeps the damaged bytes for support).
 */
export class DamagedDatabaseError extends PosError {
  readonly code = 'DB_DAMAGED';
  readonly exitCode = 1 as const;
  constructor(
    readonly path: string,
    readonly detail: string,
  ) {
    super(
      `${path}: the store database is damaged (${detail})`,
      `Restore a backup with \`pos-db restore --db ${path} --backup ID\` (\`pos-db backups --db ${path}\` lists the ids)`,
    );
  }
}

/** What cannot be written for a database to be changed: the file, its folder, or a sidecar SQLite needs. */
export type ReadOnlyPart = 'file' | 'folder' | 'wal' | 'shm' | 'folder-with-wal';

/**
 * The database cannot be written: the message names the file or folder that
 * is read-only. `pos-db status` and `pos-db verify` need no write access.
 */
export class DatabaseReadOnlyError extends PosError {
  readonly code = 'DB_READ_ONLY';
  readonly exitCode = 1 as const;
  constructor(
    readonly path: string,
    readonly part: ReadOnlyPart,
    readonly where: string,
  ) {
    super(DatabaseReadOnlyError.describe(path, part, where), DatabaseReadOnlyError.advise(path, part, where));
  }

  private static describe(path: string, part: ReadOnlyPart, where: string): string {
    if (part === 'file') return `${path} is a read-only file: it cannot be changed`;
    if (part === 'folder') return `The folder ${where} is read-only: SQLite cannot create its journal files beside ${path}`;
    if (part === 'folder-with-wal')
      return `The folder ${where} is read-only and ${path}-wal holds committed data, which SQLite can only read through a -shm file it cannot create there`;
    return `${where} is left read-only beside ${path} (a stale ${part === 'shm' ? 'shared-memory' : 'write-ahead log'} file, e.g. from before a permission fix)`;
  }

  private static advise(path: string, part: ReadOnlyPart, where: string): string {
    const readOnly = '`pos-db status --db FILE` and `pos-db verify` work without write access';
    if (part === 'file') return `Make the file writable for this user (or copy it to a writable folder), then try again; ${readOnly}`;
    if (part === 'folder') return `Make the folder writable for this user (or copy the database to a writable folder), then try again; ${readOnly}`;
    if (part === 'folder-with-wal')
      return `Make the folder writable for this user, or copy ${path} together with its -wal to a writable folder and read the copy; nothing was changed`;
    if (part === 'shm') return `Close POS Desktop and every other program using the database, delete ${where} (SQLite recreates it), then try again`;
    return `Close POS Desktop and every other program using the database, make ${where} writable for this user (do not delete it: it may hold the last sales), then try again`;
  }
}

/** Another process holds the write lock: the app is probably running. */
export class DatabaseBusyError extends PosError {
  readonly code = 'DB_BUSY';
  readonly exitCode = 1 as const;
  constructor(readonly path: string) {
    super(`${path} is in use by another program`, 'Close POS Desktop on this machine, then try again');
  }
}

/** The file records migrations this build does not know: a newer app version wrote it. */
export class FutureDatabaseError extends PosError {
  readonly code = 'FUTURE_DATABASE';
  readonly exitCode = 1 as const;
  constructor(readonly unknownMigrations: string[]) {
    super(
      `This database was written by a newer version of POS Desktop (unknown migrations: ${unknownMigrations.join(', ')})`,
      'Install the newer version, or restore a backup made by this version; nothing was changed',
    );
  }
}

/** A migration threw; the transaction was rolled back and nothing changed. */
export class MigrationFailedError extends PosError {
  readonly code = 'MIGRATION_FAILED';
  readonly exitCode = 1 as const;
  constructor(
    readonly migration: string,
    readonly causeMessage: string,
    /** SQLite's error code when SQLite failed the step (e.g. SQLITE_FULL), so the caller can say what to do. */
    readonly causeCode?: string,
  ) {
    super(`Migration ${migration} failed: ${causeMessage}`, 'The database was rolled back and is unchanged; send the diagnostic report to support');
  }
}

/** What a failed operation tells the page (and the worker the main process): the PosError fields, never a stack. */
export interface ErrorInfo {
  code: string;
  name: string;
  message: string;
  hint: string;
  /** An unexpected error's key into the local incidents log (the page sees only this, never the raw text). */
  supportCode?: string;
}

/** The one shape of an error that is not one of ours: its message kept, its stack never. */
export function unexpectedErrorInfo(message: string, name = 'Error'): ErrorInfo {
  return { code: 'UNEXPECTED', name, message, hint: 'Restart POS Desktop; if it happens again, send the diagnostic report to support' };
}

/** An error as the page sees it. */
export function toErrorInfo(err: unknown): ErrorInfo {
  if (err instanceof PosError) return err.toJSON();
  if (isErrorInfo(err)) return { code: err.code, name: err.name, message: err.message, hint: err.hint };
  return unexpectedErrorInfo(err instanceof Error ? err.message : String(err), err instanceof Error ? err.name : 'Error');
}

export function isErrorInfo(value: unknown): value is ErrorInfo {
  const v = value as Partial<ErrorInfo> | null;
  return typeof v === 'object' && v !== null && typeof v.code === 'string' && typeof v.message === 'string' && typeof v.hint === 'string';
}
