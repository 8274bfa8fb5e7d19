import { beforeAll, describe, expect, it } from 'vitest';
import { createBackup, defaultBackupDir, restoreBackup } from '../../electron/backup';
import { DEFAULT_TENANT_ID } from '../../contracts/tenant-id';
import { databaseContentHashes } from '../../electron/db/content-hash';
import { migrationStatus, runPendingMigrations } from '../../electron/db/migrator';
import { openDatabase } from '../../electron/db/open';
import { columnNames } from '../../electron/db/status';
import { LEGACY_MIGRATION, MIGRATIONS } from '../../migrations';
import { runCli } from '../../electron/cli/index';
import type { CliIo } from '../../electron/cli/command';
import { tempDir } from '../helpers';
import { contentHashesWithout, smallStoreFactory } from './fixtures';

const root = tempDir('pos-backup-rollback-');
let newStore: (name: string) => string;
beforeAll(async () => {
  newStore = await smallStoreFactory(root);
});

/** Executed migrations and per-table content hashes of a database file, read-only. */
function schemaAndContent(dbPath: string): { executed: string[]; hashes: Record<string, string> } {
  const db = openDatabase(dbPath, { readonly: true });
  try {
    return { executed: migrationStatus(db, MIGRATIONS).executed, hashes: databaseContentHashes(db) };
  } finally {
    db.close();
  }
}

describe('the rollback test: pre-upgrade backup, upgrade, restore, upgrade again', () => {
  it('restoring the pre-upgrade backup gives back the legacy database exactly, and the upgrade then runs again', async () => {
    const dbPath = newStore('rollback');
    const backupDir = defaultBackupDir(dbPath);
    const legacy = schemaAndContent(dbPath);
    expect(legacy.executed).toEqual([LEGACY_MIGRATION]);

    const db = openDatabase(dbPath);
    const preUpgrade = await createBackup(db, { backupDir, reason: 'pre-upgrade' });
    await runPendingMigrations(db, { migrations: MIGRATIONS });
    expect(columnNames(db, 'backups')).toContain('tenant_id');
    db.close();

    const restored = await restoreBackup({ dbPath, backupId: preUpgrade.id, backupDir });
    expect(restored.schemaVersion).toBe(LEGACY_MIGRATION);
    expect(restored.pendingMigrations).toEqual(MIGRATIONS.slice(1).map((m) => m.name));
    expect(restored.restoredSha256).toBe(preUpgrade.sha256);
    // The legacy database, row for row, except the restore's own bookkeeping.
    expect(contentHashesWithout(dbPath, { backups: [preUpgrade.id, restored.preRestoreBackupId!], restoreJobs: [restored.restoreJobId] })).toEqual(
      legacy.hashes,
    );
    // The pre-restore backup holds the upgraded database, so the rollback itself can be undone.
    expect(restored.preRestoreBackup!.schemaVersion).toBe(MIGRATIONS.at(-1)?.name);

    const again = openDatabase(dbPath);
    expect(await runPendingMigrations(again, { migrations: MIGRATIONS })).toEqual(MIGRATIONS.slice(1).map((m) => m.name));
    expect(again.pragma('quick_check', { simple: true })).toBe('ok');
    // After the tenant migration, the backup service writes tenant_id explicitly.
    const next = await createBackup(again, { backupDir, reason: 'manual' });
    expect(again.prepare(`SELECT tenant_id FROM backups WHERE id = ?`).get(next.id)).toEqual({ tenant_id: DEFAULT_TENANT_ID });
    again.close();
  });

  it('the Done-when, through pos-db: demo, upgrade (with its pre-upgrade backup), backups, restore --yes, upgrade again', async () => {
    const dbPath = newStore('done-when');
    const original = schemaAndContent(dbPath);
    const run = async (...argv: string[]) => {
      const lines: string[] = [];
      const errors: string[] = [];
      const io: CliIo = { isTty: false, out: (l) => lines.push(l), err: (l) => errors.push(l), status: () => {}, confirm: async () => false };
      const code = await runCli(argv, io);
      expect(errors, errors.join('\n')).toEqual([]);
      expect(code).toBe(0);
      return lines.join('\n');
    };

    await run('upgrade', '--db', dbPath);
    const listed = JSON.parse(await run('backups', '--db', dbPath, '--json')) as { backups: { manifest: { id: string; reason: string }; verified: boolean }[] };
    const preUpgrade = listed.backups.find((b) => b.manifest.reason === 'pre-upgrade');
    expect(preUpgrade?.verified).toBe(true);
    const id = preUpgrade?.manifest.id as string;

    const restoreText = await run('restore', '--db', dbPath, '--backup', id, '--yes');
    const preRestoreId = /Pre-restore backup: (\S+)/.exec(restoreText)?.[1] as string;
    const db = openDatabase(dbPath, { readonly: true });
    const jobId = (db.prepare(`SELECT id FROM restore_jobs WHERE backup_id = ? AND pre_restore_backup_id = ?`).get(id, preRestoreId) as { id: string }).id;
    db.close();
    expect(schemaAndContent(dbPath).executed).toEqual([LEGACY_MIGRATION]);
    expect(contentHashesWithout(dbPath, { backups: [id, preRestoreId], restoreJobs: [jobId] })).toEqual(original.hashes);

    await run('upgrade', '--db', dbPath);
    expect(schemaAndContent(dbPath).executed).toEqual(MIGRATIONS.map((m) => m.name));
  });
});
