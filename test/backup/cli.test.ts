import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultBackupDir, listBackups } from '../../electron/backup';
import type { CliIo } from '../../electron/cli/command';
import { runCli } from '../../electron/cli/index';
import { tempDir } from '../helpers';
import { fileSha, filesIn, smallStoreFactory } from './fixtures';

const root = tempDir('pos-backup-cli-');
let newStore: (name: string) => string;
beforeAll(async () => {
  newStore = await smallStoreFactory(root);
});

function io({ tty = false, answer = false } = {}): CliIo & { stdout: string[]; stderr: string[]; asked: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const asked: string[] = [];
  return {
    stdout,
    stderr,
    asked,
    isTty: tty,
    out: (l) => stdout.push(l),
    err: (l) => stderr.push(l),
    status: () => {},
    confirm: async (q) => {
      asked.push(q);
      return answer;
    },
  };
}

/** A store with one backup made through the CLI; returns its id. */
async function storeWithCliBackup(name: string): Promise<{ dbPath: string; id: string }> {
  const dbPath = newStore(name);
  const out = io();
  expect(await runCli(['backup', '--db', dbPath, '--json'], out)).toBe(0);
  return { dbPath, id: JSON.parse(out.stdout[0] as string).id };
}

const stateOf = (dbPath: string) => ({ files: filesIn(path.dirname(dbPath)), backups: filesIn(defaultBackupDir(dbPath)), db: fileSha(dbPath) });

describe('pos-db backup and backups', () => {
  it('makes a verified backup and lists it with date, reason, schema version, size and verified', async () => {
    const { dbPath, id } = await storeWithCliBackup('list');
    const second = io();
    expect(await runCli(['backup', '--db', dbPath], second)).toBe(0);
    expect(second.stdout[0]).toMatch(/^Backup \d{8}T\d{6}Z-manual-[0-9a-f]{6} verified: .* quick_check ok, \d+ rows in 32 tables$/);

    const text = io();
    expect(await runCli(['backups', '--db', dbPath], text)).toBe(0);
    const rows = text.stdout
      .join('\n')
      .split('\n')
      .filter((l) => /^\d{8}T/.test(l));
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatch(new RegExp(`^${id}\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\s+manual\\s+0001-legacy-schema\\s+[\\d.]+ MB\\s+yes$`));

    const json = io();
    expect(await runCli(['backups', '--db', dbPath, '--json', '--verify'], json)).toBe(0);
    const listed = JSON.parse(json.stdout[0] as string);
    expect(listed.backups.map((b: { verified: boolean }) => b.verified)).toEqual([true, true]);
    expect(listed.backups[1].manifest.id).toBe(id);
  });

  it('runs integrity_check instead of quick_check on request', async () => {
    const dbPath = newStore('integrity');
    const out = io();
    expect(await runCli(['backup', '--db', dbPath, '--integrity-check', '--json'], out)).toBe(0);
    expect(JSON.parse(out.stdout[0] as string).check).toEqual({ kind: 'integrity_check', result: 'ok' });
  });

  it('shows a damaged backup as not verified, and an orphan copy as ignored', async () => {
    const { dbPath, id } = await storeWithCliBackup('damaged');
    fs.truncateSync(path.join(defaultBackupDir(dbPath), `${id}.sqlite`), 4096);
    fs.writeFileSync(path.join(defaultBackupDir(dbPath), '20260101T000000Z-manual-abcdef.sqlite'), 'half a copy');
    const out = io();
    expect(await runCli(['backups', '--db', dbPath], out)).toBe(0);
    const text = out.stdout.join('\n');
    expect(text).toMatch(new RegExp(`${id} .* NO: the file is 4096 bytes`));
    expect(text).toMatch(/Ignored 20260101T000000Z-manual-abcdef\.sqlite: no manifest/);
  });
});

describe('pos-db restore', () => {
  it('restores with --yes and prints the restored id, the pre-restore id and the pending upgrade', async () => {
    const { dbPath, id } = await storeWithCliBackup('restore');
    const out = io();
    expect(await runCli(['restore', '--db', dbPath, '--backup', id, '--yes'], out)).toBe(0);
    const pre = listBackups(defaultBackupDir(dbPath)).find((b) => b.manifest.reason === 'pre-restore');
    expect(pre).toBeDefined();
    const text = out.stdout.join('\n');
    expect(text).toMatch(new RegExp(`^Restored backup ${id} `, 'm'));
    expect(text).toMatch(new RegExp(`^Pre-restore backup: ${pre?.manifest.id} `, 'm'));
    expect(text).toMatch(/run `pos-db upgrade --db .*` \(the app does it on its next launch\)/);
  });

  it('asks on a terminal, and a "no" changes nothing (exit 1)', async () => {
    const { dbPath, id } = await storeWithCliBackup('declined');
    const before = stateOf(dbPath);
    const out = io({ tty: true, answer: false });
    expect(await runCli(['restore', '--db', dbPath, '--backup', id], out)).toBe(1);
    expect(out.asked[0]).toMatch(new RegExp(`Replace .* with backup ${id} \\(manual, .*, schema 0001-legacy-schema\\)\\?`));
    expect(stateOf(dbPath)).toEqual(before);
  });

  it('restores on a terminal after a "yes"', async () => {
    const { dbPath, id } = await storeWithCliBackup('confirmed');
    const out = io({ tty: true, answer: true });
    expect(await runCli(['restore', '--db', dbPath, '--backup', id], out)).toBe(0);
    expect(out.asked).toHaveLength(1);
    expect(out.stdout[0]).toMatch(/^Restored backup/);
    // A restore is store-wide: what it rolled back, per store in the file (a legacy store: CAPS alone, nothing written since).
    expect(out.stdout.join('\n')).toMatch(
      /The restore rolled back, per store in the file \(since [^)]+\):\n {2}CAPS Automotive \(caps-automotive\): 0 rows written \(0 sales\), 0 queued operations not yet synced/,
    );
  });

  const badInput: [string, (s: { dbPath: string; id: string }) => string[], number, RegExp][] = [
    ['no terminal and no --yes', ({ dbPath, id }) => ['restore', '--db', dbPath, '--backup', id], 2, /needs confirmation\. Run it on a terminal, or add --yes/],
    [
      'an unknown id',
      ({ dbPath }) => ['restore', '--db', dbPath, '--backup', '20200101T000000Z-manual-000000', '--yes'],
      2,
      /No backup with id 20200101T000000Z-manual-000000/,
    ],
    ['a missing --backup', ({ dbPath }) => ['restore', '--db', dbPath, '--yes'], 2, /--backup is required/],
    [
      'a missing backup folder',
      ({ dbPath, id }) => ['restore', '--db', dbPath, '--backup', id, '--backup-dir', path.join(root, 'nowhere'), '--yes'],
      2,
      /Backup folder .*nowhere does not exist/,
    ],
    [
      'a missing folder for a new backup',
      ({ dbPath }) => ['backup', '--db', dbPath, '--backup-dir', path.join(root, 'nowhere')],
      2,
      /Backup folder .*nowhere does not exist/,
    ],
  ];
  for (const [what, argv, code, message] of badInput) {
    it(`refuses ${what} with one line, exit ${code}, nothing changed`, async () => {
      const store = await storeWithCliBackup(what);
      const before = stateOf(store.dbPath);
      const out = io();
      expect(await runCli(argv(store), out)).toBe(code);
      expect(out.stderr).toHaveLength(1);
      expect(out.stderr[0]).toMatch(message);
      expect(stateOf(store.dbPath)).toEqual(before);
    });
  }

  const damaged: [string, (file: string, manifest: string) => void, RegExp][] = [
    [
      'a manifest that does not match its file',
      (_f, m) => fs.writeFileSync(m, fs.readFileSync(m, 'utf8').replace(/"sizeBytes": \d+/, '"sizeBytes": 12345')),
      /the manifest says 12345/,
    ],
    ['a truncated backup', (f) => fs.truncateSync(f, 8192), /truncated or replaced/],
    [
      'a corrupted backup',
      (f) => {
        const bytes = fs.readFileSync(f);
        bytes.fill(0x55, 4096, 8192);
        fs.writeFileSync(f, bytes);
      },
      /sha256 does not match/,
    ],
  ];
  for (const [what, damage, message] of damaged) {
    it(`refuses ${what}: one line, exit 1, nothing changed`, async () => {
      const store = await storeWithCliBackup(what);
      const dir = defaultBackupDir(store.dbPath);
      damage(path.join(dir, `${store.id}.sqlite`), path.join(dir, `${store.id}.json`));
      const before = stateOf(store.dbPath);
      const out = io();
      expect(await runCli(['restore', '--db', store.dbPath, '--backup', store.id, '--yes'], out)).toBe(1);
      expect(out.stderr).toHaveLength(1);
      expect(out.stderr[0]).toMatch(new RegExp(`^pos-db restore: Backup ${store.id} cannot be trusted: `));
      expect(out.stderr[0]).toMatch(message);
      expect(stateOf(store.dbPath)).toEqual(before);
    });
  }

  it('has --help on every backup command', async () => {
    for (const name of ['backup', 'backups', 'restore']) {
      const out = io();
      expect(await runCli([name, '--help'], out)).toBe(0);
      expect(out.stdout.join('\n')).toMatch(new RegExp(`Usage: pos-db ${name} --db FILE`));
    }
  });
});
