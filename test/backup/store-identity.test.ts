import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBackup, defaultBackupDir, OtherStoreBackupError, restoreBackup } from '../../electron/backup';
import { runCli } from '../../electron/cli/index';
import { openDatabase } from '../../electron/db/open';
import { ensureStoreIdentity, readStoreIdentity, STORE_IDENTITY_TABLE } from '../../electron/db/store-identity';
import { tempDir } from '../helpers';
import { contentHashesOf, fileSha, smallStoreFactory } from './fixtures';
import { captureIo as io } from '../support/cli-io';

const root = tempDir('pos-backup-identity-');
let newStore: (name: string) => string;
beforeAll(async () => {
  newStore = await smallStoreFactory(root);
});

/** A store given a new identity of its own: another store than every other copy of the fixture. */
function otherStore(name: string): string {
  const dbPath = newStore(name);
  const db = openDatabase(dbPath);
  db.exec(`DELETE FROM ${STORE_IDENTITY_TABLE}`);
  ensureStoreIdentity(db);
  db.close();
  return dbPath;
}

async function backupOf(dbPath: string) {
  const db = openDatabase(dbPath);
  try {
    return await createBackup(db, { backupDir: defaultBackupDir(dbPath), reason: 'manual' });
  } finally {
    db.close();
  }
}

describe('every store has an identity, and a backup of another store is not restored silently', () => {
  it('a new store gets one identity; giving it again changes nothing; every manifest records it with the tenants', async () => {
    const dbPath = newStore('identity');
    const db = openDatabase(dbPath);
    const first = readStoreIdentity(db);
    expect(first?.storeId).toMatch(/^[0-9a-f-]{36}$/);
    expect(ensureStoreIdentity(db)).toEqual(first);
    expect(db.prepare(`SELECT count(*) FROM ${STORE_IDENTITY_TABLE}`).pluck().get()).toBe(1);
    db.close();
    const made = await backupOf(dbPath);
    expect(made).toMatchObject({ storeId: first?.storeId, tenants: ['CAPS Automotive'] });
  });

  it("refuses another store's backup, naming both stores; nothing changes", async () => {
    const here = newStore('here');
    const there = otherStore('there');
    const theirs = await backupOf(there);
    fs.mkdirSync(defaultBackupDir(here));
    fs.copyFileSync(theirs.file, path.join(defaultBackupDir(here), path.basename(theirs.file)));
    fs.copyFileSync(path.join(defaultBackupDir(there), `${theirs.id}.json`), path.join(defaultBackupDir(here), `${theirs.id}.json`));
    const before = fileSha(here);

    const err = await restoreBackup({ dbPath: here, backupId: theirs.id, backupDir: defaultBackupDir(here) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OtherStoreBackupError);
    const look = openDatabase(here, { readonly: true });
    const ours = readStoreIdentity(look)?.storeId;
    look.close();
    expect((err as Error).message).toBe(
      `Backup ${theirs.id} is of another store (store ${theirs.storeId}, tenants CAPS Automotive) than this database (store ${ours}, tenants CAPS Automotive)`,
    );
    expect((err as OtherStoreBackupError).hint).toMatch(/Nothing was changed.*--other-store \(pos-db\) or confirm the second question \(POS Desktop\)/);
    expect(fileSha(here)).toBe(before);

    // pos-db: the same refusal on one line, exit 1; with --other-store it goes ahead and says so.
    const refused = io();
    expect(await runCli(['restore', '--db', here, '--backup', theirs.id, '--yes'], refused)).toBe(1);
    expect(refused.stderr[0]).toMatch(/^pos-db restore: Backup .* is of another store/);
    const asked = io();
    expect(await runCli(['restore', '--db', here, '--backup', theirs.id, '--yes', '--other-store'], asked)).toBe(0);
    expect(asked.stdout.join('\n')).toMatch(/Note: Backup .* is of another store .* as asked/);
    const db = openDatabase(here, { readonly: true });
    expect(readStoreIdentity(db)?.storeId).toBe(theirs.storeId);
    db.close();
  });

  it('accepts a backup whose manifest predates store ids, with a note; the restored store keeps its identity', async () => {
    const dbPath = newStore('legacy-manifest');
    const ours = await backupOf(dbPath);
    const manifestFile = path.join(defaultBackupDir(dbPath), `${ours.id}.json`);
    const { storeId: _s, tenants: _t, ...legacy } = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
    fs.writeFileSync(manifestFile, JSON.stringify(legacy));
    const result = await restoreBackup({ dbPath, backupId: ours.id, backupDir: defaultBackupDir(dbPath) });
    expect(result.notes).toEqual([`Backup ${ours.id} was made by a version that did not record which store a backup is of; make sure it is this store's`]);
    const db = openDatabase(dbPath, { readonly: true });
    expect(readStoreIdentity(db)?.storeId).toBe(ours.storeId);
    db.close();
  });

  it('refuses a manifest edited to name another store than its file is', async () => {
    const dbPath = newStore('edited-store');
    const ours = await backupOf(dbPath);
    const manifestFile = path.join(defaultBackupDir(dbPath), `${ours.id}.json`);
    fs.writeFileSync(manifestFile, JSON.stringify({ ...JSON.parse(fs.readFileSync(manifestFile, 'utf8')), storeId: 'someone-else' }));
    await expect(restoreBackup({ dbPath, backupId: ours.id, backupDir: defaultBackupDir(dbPath) })).rejects.toThrow(/names another store than the file is/);
  });
});

describe('a database from a newer version is never written to', () => {
  it('pos-db backup copies it and says so, without adding a backups row or an identity', async () => {
    const dbPath = newStore('future');
    const db = openDatabase(dbPath);
    db.prepare(`INSERT INTO schema_migrations (name, executed_at) VALUES ('0099-from-the-future', '2030-01-01T00:00:00Z')`).run();
    db.exec(`DROP TABLE ${STORE_IDENTITY_TABLE}`);
    db.close();
    const before = contentHashesOf(dbPath);
    const out = io();
    expect(await runCli(['backup', '--db', dbPath], out)).toBe(0);
    expect(out.stdout.join('\n')).toMatch(
      /Not recorded in the database's backup history: it was written by a newer version of POS Desktop \(0099-from-the-future\)/,
    );
    expect(contentHashesOf(dbPath)).toEqual(before);
    const check = openDatabase(dbPath, { readonly: true });
    expect(readStoreIdentity(check)).toBeNull();
    check.close();
  });
});
