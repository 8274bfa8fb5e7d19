import crypto from 'node:crypto';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../electron/db/catalogue';
import { databaseContentHashes, tableContentHash } from '../../electron/db/content-hash';
import { columnNames } from '../../electron/db/status';
import { executedMigrations } from '../../electron/db/migrator';
import { openDatabase } from '../../electron/db/open';
import { DatabaseNotFoundError, NotADatabaseError } from '../../electron/errors';
import { acquireStoreLock } from '../../electron/db/store-lock';
import { runUpgrade, serviceBackup, type UpgradeProgress } from '../../electron/upgrade';
import { upgradeReportFileName, writeUpgradeReport } from '../../electron/upgrade/report';
import { filesIn } from '../backup/fixtures';
import { MIGRATIONS } from '../../migrations';
import { makeDemoDatabase, privateStore, tempDir } from '../helpers';
import { migrationsFailingAt, migrationsWithDiskFull, verifyFailing } from './faults';

const dir = tempDir('pos-upgrade-');
let legacy: string;
beforeAll(async () => {
  legacy = await makeDemoDatabase(dir, 'small');
});

/** A private legacy store in its own folder, so its backups/ folder is its own too. */
const store = () => privateStore(legacy, dir);

/** Everything a failed upgrade must leave exactly as it was. */
function snapshot(file: string) {
  const db = openDatabase(file, { readonly: true });
  try {
    return {
      schema: db.prepare(`SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name`).all(),
      executed: executedMigrations(db),
      // 0004 numbers the queue (seq) and 0006 keeps only each session token's sha256; the legacy rows are otherwise the same.
      hashes: {
        ...databaseContentHashes(db),
        sessions: tableContentHash(
          db,
          'sessions',
          columnNames(db, 'sessions').filter((c) => c !== 'tenant_id' && c !== 'token'),
        ),
        pending_operations: tableContentHash(
          db,
          'pending_operations',
          columnNames(db, 'pending_operations').filter((c) => c !== 'tenant_id' && c !== 'seq'),
        ),
      },
      backupRows: db.prepare(`SELECT id FROM backups ORDER BY id`).pluck().all() as string[],
      journal: db.pragma('journal_mode', { simple: true }),
    };
  } finally {
    db.close();
  }
}

describe('runUpgrade: preflight, backup, audit, migrate, verify, commit', () => {
  it('upgrades a legacy store behind a verified backup and writes the report beside it', async () => {
    const s = store();
    const hashes = snapshot(s.db).hashes;
    const report = await runUpgrade({ dbPath: s.db });
    expect(report.ok).toBe(true);
    expect(report.error).toBeNull();
    expect(report.migrations).toEqual(MIGRATIONS.slice(1).map((m) => m.name));
    expect(report.checks.length).toBeGreaterThan(5 * CATALOGUE.length);
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    // Every table keeps its rows; the tables 0005 creates start empty.
    const afterRows = new Map(report.after.map((t) => [t.table, t.rows]));
    expect(report.before.map((t) => [t.table, afterRows.get(t.table)])).toEqual(report.before.map((t) => [t.table, t.rows]));
    expect(report.after.filter((t) => !report.before.some((b) => b.table === t.table)).map((t) => [t.table, t.rows])).toEqual([
      ['shifts', 0],
      ['sales', 0],
      ['sale_lines', 0],
      ['sale_payments', 0],
      ['sync_credentials', 0],
      ['sync_state', 0],
    ]);
    expect(report.after.every((t) => t.columns.includes('tenant_id'))).toBe(true);
    for (const phase of ['preflight', 'backup', 'audit', 'migrate', 'verify', 'commit'] as const) expect(report.timingsMs[phase], phase).toBeGreaterThan(0);

    // The backup is the legacy database, with its manifest, in backups/ beside the database.
    expect(path.dirname(report.backupPath as string)).toBe(s.backups);
    const backup = new Database(report.backupPath as string, { readonly: true });
    expect(executedMigrations(backup)).toEqual(['0001-legacy-schema']);
    backup.close();
    expect(fs.existsSync(path.join(s.backups, `${report.backupId}.json`))).toBe(true);
    const saved = JSON.parse(fs.readFileSync(path.join(s.backups, upgradeReportFileName(report.backupId as string)), 'utf8'));
    expect(saved).toEqual({ ...JSON.parse(JSON.stringify(report)), saved: 'final', warnings: [] });

    const after = snapshot(s.db);
    expect(after.executed).toEqual(MIGRATIONS.map((m) => m.name));
    // The migration ran under a rollback journal; the store is back in WAL for the app.
    expect(after.journal).toBe('wal');
    // The backup service records its backup in the `backups` table: that one row is the only content change (beside 0004's seq).
    expect({ ...after.hashes, backups: '' }).toEqual({ ...hashes, backups: '' });
    expect(after.backupRows).toEqual([...snapshot(legacy).backupRows, report.backupId].sort());
    // ...and 0006 replaced each session token by its sha256: the file holds no live token any more.
    const tokensOf = (file: string) => {
      const db = new Database(file, { readonly: true });
      try {
        return db.prepare(`SELECT id, token FROM sessions ORDER BY id`).all() as { id: string; token: string }[];
      } finally {
        db.close();
      }
    };
    const sha256 = (t: string) => crypto.createHash('sha256').update(t, 'utf8').digest('hex');
    expect(tokensOf(s.db)).toEqual(tokensOf(legacy).map((r) => ({ id: r.id, token: sha256(r.token) })));
  });

  it('does nothing the second time: no backup, no change, exit-0 up to date', async () => {
    const s = store();
    expect((await runUpgrade({ dbPath: s.db })).ok).toBe(true);
    const backupsBefore = fs.readdirSync(s.backups);
    const before = snapshot(s.db);
    const again = await runUpgrade({ dbPath: s.db });
    expect(again).toMatchObject({ ok: true, upToDate: true, backupId: null, migrations: [] });
    expect(fs.readdirSync(s.backups)).toEqual(backupsBefore);
    expect(snapshot(s.db)).toEqual(before);
  });

  it('migrates committed data that is still in the WAL when it starts', async () => {
    const s = store();
    const writer = openDatabase(s.db);
    writer.pragma('wal_autocheckpoint = 0');
    writer.prepare(`INSERT INTO price_levels (id, name, discount_bp, created_at) VALUES ('pl-wal', 'Only in the WAL', 42, 't')`).run();
    // A copy taken now is what a crash would leave: the main file without the row, the row in the WAL.
    const crashed = privateStore(s.db, dir).db;
    writer.close();
    expect(fs.statSync(`${crashed}-wal`).size).toBeGreaterThan(0);
    const report = await runUpgrade({ dbPath: crashed });
    expect(report.ok).toBe(true);
    const db = openDatabase(crashed, { readonly: true });
    expect(db.prepare(`SELECT name, discount_bp, tenant_id FROM price_levels WHERE id = 'pl-wal'`).get()).toEqual({
      name: 'Only in the WAL',
      discount_bp: 42,
      tenant_id: 'caps-automotive',
    });
    db.close();
    // The backup holds it too: it was taken after the WAL was checkpointed or copied with it.
    const backup = new Database(report.backupPath as string, { readonly: true });
    expect(backup.prepare(`SELECT count(*) FROM price_levels WHERE id = 'pl-wal'`).pluck().get()).toBe(1);
    backup.close();
  });

  it('rolls back a failure injected mid-migration: same schema, same content by hash, nothing recorded; the next run completes', async () => {
    const s = store();
    const progress: UpgradeProgress[] = [];
    const first = await runUpgrade({ dbPath: s.db, migrations: migrationsFailingAt('products', 'rebuild'), onProgress: (p) => progress.push(p) });
    const afterBackup = snapshot(s.db);
    expect(first.ok).toBe(false);
    expect(first.error).toMatchObject({ code: 'MIGRATION_FAILED', table: 'products', check: 'migrate:rebuild' });
    expect(first.error?.message).toMatch(/Failure injected by the test at rebuild on products/);
    expect(first.backupId).not.toBeNull();
    expect(progress.at(-1)).toMatchObject({ phase: 'failed' });
    expect(progress.some((p) => p.phase === 'migrate' && p.tablesDone > 10)).toBe(true);
    expect(afterBackup.executed).toEqual(['0001-legacy-schema']);
    expect(afterBackup.journal).toBe('wal');
    expect(afterBackup.schema).toEqual(snapshot(legacy).schema);
    expect({ ...afterBackup.hashes, backups: '' }).toEqual({ ...snapshot(legacy).hashes, backups: '' });
    expect(afterBackup.backupRows).toEqual([...snapshot(legacy).backupRows, first.backupId].sort());
    expect(first.after.map((t) => t.rows)).toEqual(first.before.map((t) => t.rows));
    expect(fs.existsSync(path.join(s.backups, upgradeReportFileName(first.backupId as string)))).toBe(true);

    const second = await runUpgrade({ dbPath: s.db });
    expect(second.ok).toBe(true);
  });

  it('rolls back when a verification check fails, and the report names the check and the table', async () => {
    const s = store();
    const before = snapshot(s.db);
    const report = await runUpgrade({ dbPath: s.db, verify: verifyFailing('unique_keys', 'gift_cards') });
    expect(report.ok).toBe(false);
    expect(report.error).toMatchObject({ code: 'VERIFICATION_FAILED', check: 'unique_keys', table: 'gift_cards' });
    expect(report.error?.message).toMatch(/unique_keys on gift_cards/);
    expect(report.checks.filter((c) => !c.ok)).toEqual([expect.objectContaining({ check: 'unique_keys', table: 'gift_cards' })]);
    const after = snapshot(s.db);
    expect(after.executed).toEqual(before.executed);
    expect(after.schema).toEqual(before.schema);
  });

  it('streams progress: phases in order, a fraction that never goes back and ends at 1, 32 tables, an ETA on the way', async () => {
    const s = store();
    const events: UpgradeProgress[] = [];
    await runUpgrade({ dbPath: s.db, onProgress: (p) => events.push(p) });
    const phases = events.map((e) => e.phase).filter((p, i, all) => p !== all[i - 1]);
    expect(phases).toEqual(['preflight', 'backup', 'audit', 'migrate', 'verify', 'commit', 'done']);
    events.forEach((e, i) => i > 0 && expect(e.fraction).toBeGreaterThanOrEqual((events[i - 1] as UpgradeProgress).fraction));
    expect(events.at(-1)).toMatchObject({ phase: 'done', fraction: 1, tablesDone: 32, tablesTotal: 32 });
    const migrate = events.filter((e) => e.phase === 'migrate');
    expect(new Set(migrate.map((e) => e.table).filter(Boolean)).size).toBe(32);
    expect(migrate.at(-1)?.stepIndex).toBe(migrate.at(-1)?.stepCount);
    expect(migrate.at(-1)?.rowsDone).toBe(migrate.at(-1)?.rowsTotal);
    expect(events.every((e) => e.elapsedMs >= 0 && (e.etaMs === null || e.etaMs >= 0))).toBe(true);
  });

  it('refuses a database written by a newer version, and changes nothing', async () => {
    const s = store();
    const db = openDatabase(s.db);
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY NOT NULL, executed_at TEXT NOT NULL)`);
    db.prepare(`INSERT INTO schema_migrations VALUES ('9999-from-the-future', 't')`).run();
    db.close();
    const before = snapshot(s.db);
    const report = await runUpgrade({ dbPath: s.db });
    expect(report).toMatchObject({ ok: false, backupId: null, error: { code: 'FUTURE_DATABASE' } });
    expect(snapshot(s.db)).toEqual(before);
  });

  it('never migrates without a verified backup', async () => {
    const s = store();
    const before = snapshot(s.db);
    const report = await runUpgrade({
      dbPath: s.db,
      backup: async () => {
        throw new Error('disk unplugged');
      },
    });
    expect(report).toMatchObject({ ok: false, backupId: null, error: { check: 'backup' } });
    expect(report.error?.message).toMatch(/disk unplugged/);
    expect(snapshot(s.db)).toEqual(before);
  });

  it('refuses while another program holds the write lock, and changes nothing', async () => {
    const s = store();
    const before = snapshot(s.db);
    const other = new Database(s.db);
    other.exec('BEGIN IMMEDIATE');
    try {
      const report = await runUpgrade({ dbPath: s.db });
      expect(report.ok).toBe(false);
      expect(report.error?.code).toMatch(/PREFLIGHT_NOT_LOCKED|DB_BUSY/);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(snapshot(s.db)).toEqual(before);
  });

  it('a report that cannot be saved after COMMIT is a warning on a successful upgrade; the one saved before COMMIT stays', async () => {
    const s = store();
    const states: string[] = [];
    const report = await runUpgrade({
      dbPath: s.db,
      writeReport: (dir, id, r) => {
        states.push(r.saved);
        if (r.saved === 'final') throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        return writeUpgradeReport(dir, id, r);
      },
    });
    expect(report).toMatchObject({ ok: true, error: null });
    expect(states).toEqual(['committing', 'final']);
    expect(report.warnings).toEqual([
      expect.stringMatching(/^The upgrade report could not be saved beside backup .* \(ENOSPC: no space left on device, write\)/),
    ]);
    expect(snapshot(s.db).executed).toEqual(MIGRATIONS.map((m) => m.name));
    const saved = JSON.parse(fs.readFileSync(path.join(s.backups, upgradeReportFileName(report.backupId as string)), 'utf8'));
    expect(saved).toMatchObject({ saved: 'committing', ok: true, migrations: report.migrations });
  });

  it('a real disk-full while saving the report before COMMIT leaves no temp file; the upgrade commits and its final report says so', async () => {
    const s = store();
    // After the backup, the report's temp name is made a link to /dev/full: every write to it fails with ENOSPC.
    const report = await runUpgrade({
      dbPath: s.db,
      backup: async (db, options) => {
        const made = await serviceBackup(db, options);
        fs.symlinkSync('/dev/full', path.join(made.dir, `${upgradeReportFileName(made.id)}.tmp`));
        return made;
      },
    });
    expect(report.ok).toBe(true);
    expect(report.warnings).toEqual([expect.stringMatching(/could not be saved .*ENOSPC.* before COMMIT/)]);
    // The failed write removed its temp (here: the link to /dev/full), so the final report could be saved after COMMIT.
    expect(filesIn(s.backups).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const saved = JSON.parse(fs.readFileSync(path.join(s.backups, upgradeReportFileName(report.backupId as string)), 'utf8'));
    expect(saved).toMatchObject({ saved: 'final', ok: true, warnings: report.warnings });
    expect(snapshot(s.db).executed).toEqual(MIGRATIONS.map((m) => m.name));
  });

  it('refuses, saying another program is writing, when one commits after the backup, and changes nothing else', async () => {
    const s = store();
    const before = snapshot(s.db);
    const report = await runUpgrade({
      dbPath: s.db,
      backup: async (db, options) => {
        const made = await serviceBackup(db, options);
        // A till writing a sale between the backup and the migration: not in the backup, not in the audit.
        const till = openDatabase(s.db);
        till.prepare(`INSERT INTO price_levels (id, name, discount_bp, created_at) VALUES ('pl-late', 'After the backup', 1, 't')`).run();
        till.close();
        return made;
      },
    });
    expect(report).toMatchObject({ ok: false, error: { code: 'OTHER_PROGRAM_WRITING' } });
    expect(report.error?.message).toMatch(/^Another program is writing to .*: it committed while the upgrade was backing it up$/);
    expect(report.error?.hint).toMatch(/Close POS Desktop and every other program using the database .* nothing was changed/);
    expect(report.checks).toEqual([]);
    const after = snapshot(s.db);
    expect(after.executed).toEqual(before.executed);
    expect(after.schema).toEqual(before.schema);
    const db = openDatabase(s.db, { readonly: true });
    expect(db.prepare(`SELECT count(*) FROM price_levels WHERE id = 'pl-late'`).pluck().get()).toBe(1);
    db.close();
  });

  it('a full disk during the migration is rolled back and says how much room it needs', async () => {
    const s = store();
    const before = snapshot(s.db);
    const report = await runUpgrade({ dbPath: s.db, migrations: migrationsWithDiskFull(), freeSpace: () => 10_000_000 });
    expect(report).toMatchObject({ ok: false, error: { code: 'DISK_FULL' } });
    expect(report.error?.message).toMatch(
      /^The disk filled up while the migration was writing \(SQLITE_FULL\): it needs about [\d.]+ MB free on .*, 10.0 MB are free now$/,
    );
    expect(report.error?.hint).toMatch(
      /^Free space until at least [\d.]+ MB are free on that disk \(at least [\d.]+ MB more\), then run the upgrade again; the database was rolled back/,
    );
    const after = snapshot(s.db);
    expect(after.executed).toEqual(before.executed);
    expect(after.schema).toEqual(before.schema);
  });

  it('refuses while another pos-db or POS Desktop holds the store lock, naming it', async () => {
    const s = store();
    const other = acquireStoreLock(s.db, 'backup');
    try {
      const report = await runUpgrade({ dbPath: s.db });
      expect(report).toMatchObject({ ok: false, backupId: null, error: { code: 'STORE_LOCKED' } });
      expect(report.error?.message).toMatch(new RegExp(`is busy: pos-db \\(process ${process.pid} on .*\\) has been making a backup since `));
    } finally {
      other.release();
    }
    expect((await runUpgrade({ dbPath: s.db })).ok).toBe(true);
  });

  it('throws a typed error for bad input: no such file, or not a database', async () => {
    await expect(runUpgrade({ dbPath: path.join(dir, 'missing.sqlite') })).rejects.toBeInstanceOf(DatabaseNotFoundError);
    const text = path.join(dir, 'notes.txt');
    fs.writeFileSync(text, 'not a database');
    await expect(runUpgrade({ dbPath: text })).rejects.toBeInstanceOf(NotADatabaseError);
  });
});
