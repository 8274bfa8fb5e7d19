import { MIGRATIONS } from '../../migrations';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { databaseContentHashes, tableContentHash } from '../../electron/db/content-hash';
import { columnNames } from '../../electron/db/status';
import { executedMigrations } from '../../electron/db/migrator';
import { openDatabase } from '../../electron/db/open';
import { runUpgrade } from '../../electron/upgrade';
import { failedChecks, verifyTenantDatabase } from '../../electron/verify';
import { makeDemoDatabase, privateStore, tempDir } from '../helpers';

const dir = tempDir('pos-upgrade-crash-');
let legacy: string;
let legacyState: ReturnType<typeof stateOf>;
beforeAll(async () => {
  legacy = await makeDemoDatabase(dir, 'small');
  legacyState = stateOf(legacy);
});

const CHILD = path.resolve('test/upgrade/crash-child.ts');

/** Runs an upgrade in a child and SIGKILLs it at a pause point, or as soon as it has printed `afterLines` progress lines. */
function runAndKill(dbPath: string, kill: { at: string } | { afterLines: number }): Promise<{ lines: number; finished: boolean }> {
  return new Promise((resolve, reject) => {
    const args = [CHILD, dbPath, path.join(path.dirname(dbPath), 'backups'), 'at' in kill ? kill.at : ''];
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const progressLines = stdout.split('\n').filter((l) => l.startsWith('{')).length;
      if ('at' in kill ? stdout.includes(`paused at ${kill.at}`) : progressLines >= kill.afterLines) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL' && code !== 0) reject(new Error(`child failed (${code}): ${stderr}`));
      else resolve({ lines: stdout.split('\n').filter((l) => l.startsWith('{')).length, finished: /^done /m.test(stdout) });
    });
  });
}

/** The upgrade reports saved beside the store's backups. */
function savedReports(file: string): Record<string, unknown>[] {
  const dir = path.join(path.dirname(file), 'backups');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.upgrade-report.json'))
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Record<string, unknown>);
}

/** A private legacy store in its own folder. */
const store = (): string => privateStore(legacy, dir).db;

/** Opens the file as the next launch would (recovering the WAL), and reads what matters. */
function stateOf(file: string) {
  const db = openDatabase(file);
  try {
    return {
      integrity: db.pragma('integrity_check', { simple: true }),
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
    };
  } finally {
    db.close();
  }
}

/** The legacy content, give or take the one `backups` row the pre-upgrade backup records about itself. */
function expectLegacyContent(state: ReturnType<typeof stateOf>): void {
  expect(state.integrity).toBe('ok');
  expect({ ...state.hashes, backups: '' }).toEqual({ ...legacyState.hashes, backups: '' });
  expect(state.backupRows.filter((id) => !legacyState.backupRows.includes(id)).every((id) => id.includes('-pre-upgrade-'))).toBe(true);
  expect(state.backupRows.length - legacyState.backupRows.length).toBeLessThanOrEqual(1);
}

async function expectNextRunCompletes(file: string): Promise<void> {
  const report = await runUpgrade({ dbPath: file });
  expect(report.ok, report.error?.message).toBe(true);
  const db = openDatabase(file, { readonly: true });
  try {
    expect(failedChecks(verifyTenantDatabase(db))).toEqual([]);
  } finally {
    db.close();
  }
}

describe('crash safety: SIGKILL at any moment of an upgrade', () => {
  const insideTheTransaction = [
    ['before the backup starts', 'backup/'],
    ['between two tables of the migration', 'migrate/audit_log'],
    ['between the rebuild of products and its indexes', 'migrate/products#2'],
    ['while the last index is being built', 'migrate/inventory_transactions'],
    ['before the foreign key check', 'verify/-/Checking every foreign key'],
    ['before quick_check', 'verify/-/Verifying: quick check'],
    ['just before COMMIT', 'commit/'],
  ] as const;
  for (const [when, at] of insideTheTransaction) {
    it(`killed ${when}: the file opens, passes integrity_check, holds the legacy content, and the next run completes`, async () => {
      const file = store();
      const { finished } = await runAndKill(file, { at });
      expect(finished).toBe(false);
      const state = stateOf(file);
      expectLegacyContent(state);
      expect(state.executed).toEqual(['0001-legacy-schema']);
      await expectNextRunCompletes(file);
    });
  }

  it('killed right after COMMIT, before the final report: migrated, the report saved before COMMIT is there and the next start settles it', async () => {
    const file = store();
    const { finished } = await runAndKill(file, { at: 'done/' });
    expect(finished).toBe(false);
    const state = stateOf(file);
    expectLegacyContent(state); // content hashes leave tenant_id out: the rows are the legacy rows
    expect(state.executed).toContain('0002-tenant-id');
    const [report] = savedReports(file);
    expect(report).toMatchObject({ saved: 'committing', migrations: MIGRATIONS.slice(1).map((m) => m.name) });
    const again = await runUpgrade({ dbPath: file });
    expect(again).toMatchObject({ ok: true, upToDate: true });
    expect(savedReports(file)).toEqual([
      expect.objectContaining({
        saved: 'settled',
        ok: true,
        error: null,
        warnings: [expect.stringMatching(/stopped after its COMMIT.*the upgrade is committed/)],
      }),
    ]);
  });

  it('killed just before COMMIT: the report saved as committing is settled as rolled back by the next run, which upgrades', async () => {
    const file = store();
    await runAndKill(file, { at: 'commit/' });
    expect(savedReports(file)).toEqual([expect.objectContaining({ saved: 'committing' })]);
    await expectNextRunCompletes(file);
    const reports = savedReports(file);
    expect(reports).toHaveLength(2);
    expect(reports).toContainEqual(
      expect.objectContaining({
        saved: 'settled',
        ok: false,
        error: expect.objectContaining({ code: 'INTERRUPTED' }),
        warnings: [expect.stringMatching(/before its COMMIT completed/)],
      }),
    );
    expect(reports).toContainEqual(expect.objectContaining({ saved: 'final', ok: true }));
  });

  for (const afterLines of [5, 60, 140, 200]) {
    it(`killed at an arbitrary moment (after ${afterLines} progress lines): legacy or fully migrated, never in between`, async () => {
      const file = store();
      await runAndKill(file, { afterLines });
      const state = stateOf(file);
      expectLegacyContent(state);
      expect([['0001-legacy-schema'], ['0001-legacy-schema', '0002-tenant-id', '0003-tenant-integrity']]).toContainEqual(state.executed);
      await expectNextRunCompletes(file);
    });
  }
});
