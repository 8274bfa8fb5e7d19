import fs from 'node:fs';
import path from 'node:path';
import { fsyncDir, removeIfExists } from './durable';
import { scanBackupFolder, type LocatedBackup } from './listing';
import { backupFileName, manifestFileName } from './paths';

/**
 * Which backups retention removes: everything past the newest `keep`, except the
 * newest pre-upgrade backup (the way back from the last upgrade) and any backup
 * named in `protect` (the one being restored, the one just made).
 */
export function backupsToPrune(backups: readonly LocatedBackup[], keep: number, protect: readonly string[] = []): LocatedBackup[] {
  const sorted = [...backups].sort((a, b) => b.manifest.createdAt.localeCompare(a.manifest.createdAt) || b.manifest.id.localeCompare(a.manifest.id));
  const newestPreUpgrade = sorted.find((b) => b.manifest.reason === 'pre-upgrade')?.manifest.id;
  const kept = new Set([...sorted.slice(0, Math.max(keep, 1)).map((b) => b.manifest.id), ...protect]);
  if (newestPreUpgrade) kept.add(newestPreUpgrade);
  return sorted.filter((b) => !kept.has(b.manifest.id));
}

/**
 * Applies retention in one folder; the manifest goes first, so an interrupted prune leaves only an
 * ignored orphan. Files kept beside a backup under its id (the upgrade's `<id>.upgrade-report.json`) go with it.
 */
export function applyRetention(dir: string, keep: number, protect: readonly string[] = []): string[] {
  const prune = backupsToPrune(scanBackupFolder(dir).backups, keep, protect);
  for (const b of prune) {
    removeIfExists(path.join(dir, manifestFileName(b.manifest.id)));
    removeIfExists(path.join(dir, backupFileName(b.manifest.id)));
    for (const f of fs.readdirSync(dir)) if (f.startsWith(`${b.manifest.id}.`)) removeIfExists(path.join(dir, f));
  }
  if (prune.length > 0) fsyncDir(dir);
  return prune.map((b) => b.manifest.id);
}
