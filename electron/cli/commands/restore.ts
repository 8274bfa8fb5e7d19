import { findBackup, restoreBackup } from '../../backup';
import type { RestoreImpact } from '../../backup/types';
import { BadInputError } from '../../errors';
import type { Command } from '../command';
import { requireString } from '../command';
import { BACKUP_DIR_OPTION, backupDirArg, foldersToSearch, progressLine } from './backup';

export const restoreCommand: Command = {
  name: 'restore',
  summary: 'restore a verified backup over the store database (a pre-restore backup is taken first)',
  usage:
    'pos-db restore --db FILE --backup ID [--backup-dir DIR] [--yes] [--other-store]\n\n' +
    'Verifies the backup (sha256, quick_check) before touching anything, backs up the current\n' +
    'database (pre-restore, so the restore can be undone), then replaces it atomically.\n' +
    'Close POS Desktop first. Asks for confirmation on a terminal unless --yes.\n' +
    'A backup of another store (its manifest names another store id) is refused unless --other-store.',
  options: { db: { type: 'string' }, backup: { type: 'string' }, yes: { type: 'boolean' }, 'other-store': { type: 'boolean' }, ...BACKUP_DIR_OPTION },
  async run(values, io) {
    const dbPath = requireString(values, 'db', 'restore');
    const backupId = requireString(values, 'backup', 'restore');
    const { backupDir, exactDir } = backupDirArg(values, dbPath);

    // Refuse an unknown or damaged id before asking anything.
    const folders = foldersToSearch(dbPath, backupDir, exactDir);
    const target = findBackup(folders, backupId);
    const m = target.manifest;
    if (!values.yes) {
      if (!io.isTty) throw new BadInputError('restore replaces the database and needs confirmation', 'Run it on a terminal, or add --yes');
      const ok = await io.confirm(`Replace ${dbPath} with backup ${m.id} (${m.reason}, ${m.createdAt}, schema ${m.schemaVersion ?? '(empty)'})?`);
      if (!ok) {
        io.err('pos-db restore: not confirmed; nothing was changed');
        return 1;
      }
    }

    const result = await restoreBackup({
      dbPath,
      backupId,
      backupDir,
      exactDir,
      requestedBy: 'technician (pos-db)',
      allowOtherStore: values['other-store'] === true,
      onProgress: (p) => io.status(progressLine('restore', p)),
    });
    io.status('');
    io.out(`Restored backup ${result.restoredBackupId} (${m.reason}, ${m.createdAt}) over ${dbPath} in ${(result.durationMs / 1000).toFixed(1)} s`);
    io.out(`Verified: sha256 of the restored file equals the backup's (${result.restoredSha256.slice(0, 16)}...), quick_check ok`);
    if (result.preRestoreBackupId) {
      io.out(`Pre-restore backup: ${result.preRestoreBackupId} (to undo: pos-db restore --db ${dbPath} --backup ${result.preRestoreBackupId})`);
    } else {
      io.out(
        `The replaced database was damaged (no verified backup of it was possible); its bytes are kept as ${result.damagedCopy} in ${backupDir} for support`,
      );
    }
    if (result.impact) impactLines(result.impact, 'rolled back').forEach((l) => io.out(l));
    for (const note of result.notes) io.out(`Note: ${note}`);
    io.out(`Schema version: ${result.schemaVersion ?? '(empty)'}`);
    if (result.pendingMigrations.length > 0) {
      io.out(`Migrations pending: ${result.pendingMigrations.join(', ')}: run \`pos-db upgrade --db ${dbPath}\` (the app does it on its next launch)`);
    }
    return 0;
  },
};

/** A restore replaces the whole file: one line per tenant in it, then the upgrade note. */
function impactLines(impact: RestoreImpact, verb: string): string[] {
  const lines = [`The restore ${verb}, per store in the file (since ${impact.backupCreatedAt}):`];
  for (const t of impact.tenants) {
    lines.push(
      t.inBackup
        ? `  ${t.name} (${t.tenantId}): ${t.rowsWritten} rows written (${t.sales} sales), ${t.queuedNotSynced} queued operations not yet synced`
        : `  ${t.name} (${t.tenantId}): not in the backup: all of its ${t.rowsWritten} rows are removed`,
    );
  }
  if (impact.comesBack.length > 0) lines.push(`  back from the backup: ${impact.comesBack.join(', ')}`);
  if (impact.upgradeRunsAgain) lines.push(`  the backup is from before the upgrade: ${impact.pendingMigrationsAfter.join(', ')} run again`);
  return lines;
}
