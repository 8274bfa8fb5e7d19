import type { ErrorInfo } from './pos';

/**
 * The services word some hints for the pos-db command line (`--db`, `pos-db
 * backups`); at the till the way out is a screen, not a command. Known codes
 * get till wording; elsewhere a parenthesised pos-db command is dropped.
 */
const TILL_HINTS: Record<string, string> = {
  DB_NOT_FOUND: 'Restore a backup from the Backups screen, or call support',
  NOT_A_DATABASE: 'The file was replaced or damaged: restore a backup from the Backups screen, or call support',
  DB_BUSY: 'Another program is using the store database: close it (or another POS Desktop window), then try again',
  BACKUP_FOLDER: 'Check that the backup folder (or the configured backup destination) exists and can be written to, then try again',
  BACKUP_NOT_FOUND: 'Choose a backup from the list on the Backups screen',
  BACKUP_INVALID: 'Nothing was changed; choose another backup from the list on the Backups screen',
};

export function tillHint(error: ErrorInfo): string {
  return TILL_HINTS[error.code] ?? error.hint.replace(/\s*\((?:`pos-db[^)]*|--[a-z-]+)\)/g, '');
}
