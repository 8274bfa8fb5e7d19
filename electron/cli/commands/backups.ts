import fs from 'node:fs';
import { scanBackupFolder, verifyBackup, type LocatedBackup } from '../../backup';
import { formatBytes } from '../../backup/errors';
import type { Command } from '../command';
import { requireString } from '../command';
import { formatTable } from '../format';
import { BACKUP_DIR_OPTION, backupDirArg, foldersToSearch } from './backup';

export const backupsCommand: Command = {
  name: 'backups',
  summary: 'list the backups of a store database, newest first, and whether each is verified',
  usage:
    'pos-db backups --db FILE [--backup-dir DIR] [--verify] [--json]\n\n' +
    'Lists backups/ beside the database and the configured destination (or only --backup-dir).\n' +
    'Verified: the manifest is valid, the file has its size, and its check passed when it was made.\n' +
    '--verify also re-hashes every file (sha256) and runs quick_check on it, as a restore does.',
  options: { db: { type: 'string' }, json: { type: 'boolean' }, verify: { type: 'boolean' }, ...BACKUP_DIR_OPTION },
  async run(values, io) {
    const dbPath = requireString(values, 'db', 'backups');
    const { backupDir, exactDir } = backupDirArg(values, dbPath);
    const folders = foldersToSearch(dbPath, backupDir, exactDir);
    const existing = folders.filter((d) => fs.existsSync(d));
    const scans = existing.map((d) => scanBackupFolder(d));
    let backups: LocatedBackup[] = scans.flatMap((s) => s.backups).sort((a, b) => b.manifest.createdAt.localeCompare(a.manifest.createdAt));
    if (values.verify) {
      const checked: LocatedBackup[] = [];
      for (const b of backups) {
        io.status(`verifying ${b.manifest.id}`);
        const v = await verifyBackup([b.dir], b.manifest.id);
        checked.push({ ...b, verified: v.ok, problem: v.problem });
      }
      io.status('');
      backups = checked;
    }
    const ignored = scans.flatMap((s, i) => s.ignored.map((f) => ({ ...f, dir: existing[i] as string })));
    if (values.json) {
      io.out(JSON.stringify({ folders, backups, ignored }));
      return 0;
    }
    io.out(`Backup folders: ${folders.map((d) => (fs.existsSync(d) ? d : `${d} (not created yet)`)).join(', ')}`);
    if (backups.length === 0) {
      io.out('No backups yet. Make one with `pos-db backup --db FILE`');
    } else {
      io.out(
        formatTable(
          ['id', 'date', 'reason', 'schema', 'size', 'verified'],
          backups.map((b) => [
            b.manifest.id,
            b.manifest.createdAt.replace('T', ' ').slice(0, 19),
            b.manifest.reason,
            b.manifest.schemaVersion ?? '(empty)',
            formatBytes(b.manifest.sizeBytes),
            b.verified ? (values.verify ? 'yes (sha256, quick_check)' : 'yes') : `NO: ${b.problem ?? ''}`,
          ]),
        ),
      );
    }
    for (const f of ignored) io.out(`Ignored ${f.file}: ${f.problem} (never offered for restore)`);
    return 0;
  },
};
