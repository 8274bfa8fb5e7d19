import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../electron/db/catalogue';
import { runCli } from '../../electron/cli/index';
import { runPendingMigrations } from '../../electron/db/migrator';
import { openDatabase } from '../../electron/db/open';
import { copyDatabase, makeDemoDatabase, tempDir } from '../helpers';
import { addSecondTenant, OTHER } from '../migration/helpers';
import { MIGRATIONS } from '../../migrations';
import { captureIo as io } from '../support/cli-io';

const dir = tempDir('pos-upgrade-cli-');
let legacy: string;
let migrated: string;
beforeAll(async () => {
  legacy = await makeDemoDatabase(dir, 'small');
  migrated = copyDatabase(legacy, path.join(dir, 'migrated.sqlite'));
  const db = openDatabase(migrated);
  await runPendingMigrations(db, { migrations: MIGRATIONS });
  db.close();
});

let n = 0;
function copy(src: string): string {
  const folder = path.join(dir, `c${n++}`);
  fs.mkdirSync(folder);
  return copyDatabase(src, path.join(folder, 'pos.sqlite'));
}

const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('pos-db upgrade and pos-db verify', () => {
  it('upgrade --json prints one JSON object per progress event, then the report; verify then passes; a second upgrade is a no-op', async () => {
    const db = copy(legacy);
    const up = io();
    expect(await runCli(['upgrade', '--db', db, '--json'], up)).toBe(0);
    const lines = up.stdout.map((l) => JSON.parse(l) as { type: string; phase?: string; ok?: boolean; reportFile?: string });
    expect(lines.length).toBeGreaterThan(50);
    expect(lines.slice(0, -1).every((l) => l.type === 'progress')).toBe(true);
    expect(lines.at(-1)).toMatchObject({ type: 'report', ok: true, upToDate: false });
    expect(fs.existsSync(lines.at(-1)?.reportFile as string)).toBe(true);
    expect(new Set(lines.map((l) => l.phase).filter(Boolean))).toEqual(new Set(['preflight', 'backup', 'audit', 'migrate', 'verify', 'commit', 'done']));

    const check = io();
    expect(await runCli(['verify', '--db', db], check)).toBe(0);
    expect(check.stdout.at(-1)).toMatch(/^OK: \d+ of \d+ checks passed/);

    const again = io();
    expect(await runCli(['upgrade', '--db', db], again)).toBe(0);
    expect(again.stdout).toEqual([`${path.resolve(db)} is already up to date: nothing to do.`]);
  });

  it('upgrade on a terminal ends with rows per table, timings and where the backup and report are', async () => {
    const db = copy(legacy);
    const backups = path.join(dir, `chosen-${n++}`);
    const up = io();
    expect(await runCli(['upgrade', '--db', db, '--backup-dir', backups], up)).toBe(0);
    const text = up.stdout.join('\n');
    expect(text).toMatch(/^products\s+250\s+250\s+yes$/m);
    expect(text).toMatch(/^migrate\s+\d+ ms$/m);
    expect(text).toContain(`Pre-upgrade backup: `);
    expect(text).toContain(`Report: ${backups}${path.sep}`);
    // The verdict, then the indexes built after the commit (outside the upgrade's budget).
    expect(up.stdout.at(-2)).toMatch(new RegExp(`^Upgraded .*: 0002-tenant-id.*${CATALOGUE.length} tables, 5\\d{3} rows`));
    expect(up.stdout.at(-1)).toMatch(/^Performance indexes: [1-9]\d* built after the commit in \d+\.\d s$/);
  });

  it('upgrade exits 1 with the reason on stderr when it refuses, and the file is unchanged', async () => {
    const db = copy(legacy);
    const raw = openDatabase(db);
    raw.prepare(`INSERT INTO schema_migrations VALUES ('9999-newer', 't')`).run();
    raw.close();
    const before = sha(db);
    const up = io();
    expect(await runCli(['upgrade', '--db', db], up)).toBe(1);
    expect(up.stderr).toHaveLength(1);
    expect(up.stderr[0]).toMatch(/Upgrade failed.*newer version of POS Desktop.*9999-newer/);
    expect(sha(db)).toBe(before);
  });

  it('verify names every failing check of a legacy (unmigrated) database and exits 1', async () => {
    const out = io();
    expect(await runCli(['verify', '--db', legacy], out)).toBe(1);
    expect(out.stderr).toContain('FAILED migration_recorded: 0002-tenant-id not executed (run pos-db upgrade first)');
    expect(out.stderr).toContain('FAILED tenant_column [products]: no tenant_id column');
    expect(out.stderr.at(-1)).toMatch(/^NOT OK: /);
  });

  it('verify finds a dropped tenant index and a dropped guard, naming table and check, without writing to the file', async () => {
    const db = copy(migrated);
    const raw = openDatabase(db);
    raw.exec(`DROP INDEX idx_fitment_data_tenant_product; DROP TRIGGER trg_audit_log_tenant_id_insert`);
    raw.close();
    const before = sha(db);
    const out = io();
    expect(await runCli(['verify', '--db', db, '--json'], out)).toBe(1);
    const result = JSON.parse(out.stdout[0] as string) as { ok: boolean; failed: { check: string; table: string; detail: string }[] };
    expect(result.ok).toBe(false);
    expect(result.failed).toEqual([
      { check: 'tenant_guard', table: 'audit_log', ok: false, detail: 'missing trg_audit_log_tenant_id_insert' },
      { check: 'tenant_indexes', table: 'fitment_data', ok: false, detail: 'idx_fitment_data_tenant_product missing' },
    ]);
    expect(sha(db)).toBe(before);
  });

  it('verify joins every foreign key on a two-tenant database and names a reference that crosses tenants', async () => {
    const db = copy(migrated);
    const raw = openDatabase(db);
    addSecondTenant(raw);
    raw.close();
    const clean = io();
    expect(await runCli(['verify', '--db', db, '--json'], clean)).toBe(0);
    const checks = (JSON.parse(clean.stdout[0] as string) as { checks: { check: string; detail: string }[] }).checks.filter(
      (c) => c.check === 'cross_tenant_references',
    );
    expect(checks).toHaveLength(CATALOGUE.reduce((a, t) => a + t.foreignKeys.length, 0));
    expect(checks.every((c) => c.detail.endsWith(": 0 rows point at another tenant's row"))).toBe(true);

    // Bypass the database's own guard (migration 0003's trigger) as a buggy tool could, then look.
    const tamper = openDatabase(db);
    tamper.exec(`DROP TRIGGER IF EXISTS trg_work_order_lines_product_id_same_tenant_update`);
    tamper
      .prepare(
        `UPDATE work_order_lines SET product_id = (SELECT id FROM products WHERE tenant_id = ? LIMIT 1) WHERE rowid = (SELECT min(rowid) FROM work_order_lines WHERE tenant_id = 'caps-automotive' AND product_id IS NOT NULL)`,
      )
      .run(OTHER);
    tamper.close();
    const dirty = io();
    expect(await runCli(['verify', '--db', db], dirty)).toBe(1);
    expect(dirty.stderr).toContain(
      "FAILED cross_tenant_references [work_order_lines]: work_order_lines.product_id -> products: 1 rows point at another tenant's row",
    );
  });

  it('bad input: one line, exit 2, nothing created', async () => {
    const cases: [string[], RegExp][] = [
      [['upgrade'], /--db is required/],
      [['upgrade', '--db', path.join(dir, 'nope.sqlite')], /No database at/],
      [['upgrade', '--db', legacy, '--backup-dir', ''], /--backup-dir needs a folder/],
      [['verify', '--db', path.join(dir, 'nope.sqlite')], /No database at/],
      [['verify', '--db', dir], /it is a folder/],
    ];
    for (const [argv, message] of cases) {
      const before = fs.readdirSync(dir).sort();
      const out = io();
      expect(await runCli(argv, out), argv.join(' ')).toBe(2);
      expect(out.stderr).toHaveLength(1);
      expect(out.stderr[0]).toMatch(message);
      expect(fs.readdirSync(dir).sort()).toEqual(before);
    }
  });
});
