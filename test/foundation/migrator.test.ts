import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { executedMigrations, migrationStatus, runPendingMigrations } from '../../electron/db/migrator';
import { openDatabase } from '../../electron/db/open';
import { FutureDatabaseError, MigrationFailedError } from '../../electron/errors';
import { MIGRATIONS } from '../../migrations';
import type { Migration } from '../../electron/db/migration';
import { tempDir } from '../helpers';

const dir = tempDir();
let n = 0;
const freshDb = () => openDatabase(path.join(dir, `m${n++}.sqlite`), { create: true });

const addWidgets: Migration = { name: '9001-widgets', up: ({ db }) => db.exec('CREATE TABLE widgets (id TEXT PRIMARY KEY)') };
const explode: Migration = {
  name: '9002-explodes',
  up: ({ db }) => {
    db.exec('CREATE TABLE half_done (id TEXT)');
    throw new Error('disk on fire');
  },
};

describe('the migrator (Umzug, records in the same database, one transaction)', () => {
  it('runs every pending migration and records each by its explicit name', async () => {
    const db = freshDb();
    const ran = await runPendingMigrations(db, { migrations: [...MIGRATIONS.slice(0, 1), addWidgets] });
    expect(ran).toEqual(['0001-legacy-schema', '9001-widgets']);
    expect(executedMigrations(db)).toEqual(['0001-legacy-schema', '9001-widgets']);
    expect(await runPendingMigrations(db, { migrations: [...MIGRATIONS.slice(0, 1), addWidgets] })).toEqual([]);
  });

  it('a failing migration leaves no trace: not its tables, not the earlier ones of the run, not its record', async () => {
    const db = freshDb();
    const migrations = [...MIGRATIONS.slice(0, 1), addWidgets, explode];
    const err = await runPendingMigrations(db, { migrations }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MigrationFailedError);
    expect((err as MigrationFailedError).migration).toBe('9002-explodes');
    expect((err as Error).message).toMatch(/disk on fire/);
    expect(db.prepare(`SELECT name FROM sqlite_master`).all()).toEqual([]);
    expect(executedMigrations(db)).toEqual([]);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('rolls back when the migrated data breaks a foreign key', async () => {
    const db = freshDb();
    await runPendingMigrations(db, { migrations: MIGRATIONS.slice(0, 1) });
    const orphan: Migration = {
      name: '9003-orphan',
      up: ({ db: d }) => d.exec(`INSERT INTO sessions (id, user_id, token, created_at, expires_at) VALUES ('s', 'ghost', 't', 'a', 'b')`),
    };
    await expect(runPendingMigrations(db, { migrations: [...MIGRATIONS.slice(0, 1), orphan] })).rejects.toThrow(/foreign key/);
    expect(db.prepare('SELECT count(*) AS n FROM sessions').get()).toEqual({ n: 0 });
    expect(executedMigrations(db)).toEqual(['0001-legacy-schema']);
  });

  it('runs a check inside the transaction before COMMIT, and a failing check rolls back', async () => {
    const db = freshDb();
    await expect(
      runPendingMigrations(db, {
        migrations: MIGRATIONS.slice(0, 1),
        beforeCommit: (d) => {
          expect(d.inTransaction).toBe(true);
          throw new Error('verification failed: users.tenant_id');
        },
      }),
    ).rejects.toThrow(/verification failed/);
    expect(executedMigrations(db)).toEqual([]);
  });

  it('switches foreign keys off for the run (before BEGIN) and back on afterwards', async () => {
    const db = freshDb();
    let during: unknown;
    const probe: Migration = { name: '9004-probe', up: ({ db: d }) => void (during = d.pragma('foreign_keys', { simple: true })) };
    await runPendingMigrations(db, { migrations: [probe] });
    expect(during).toBe(0);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('refuses a database written by a newer version, and changes nothing', async () => {
    const file = path.join(dir, 'future.sqlite');
    const db = openDatabase(file, { create: true });
    await runPendingMigrations(db, { migrations: [...MIGRATIONS.slice(0, 1), addWidgets] });
    db.close();
    const before = fs.readFileSync(file);
    const again = openDatabase(file);
    const err = await runPendingMigrations(again, { migrations: MIGRATIONS.slice(0, 1) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FutureDatabaseError);
    expect((err as FutureDatabaseError).unknownMigrations).toEqual(['9001-widgets']);
    expect(migrationStatus(again, MIGRATIONS.slice(0, 1)).unknown).toEqual(['9001-widgets']);
    again.close();
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('gives every migration an explicit, unique, ordered name', () => {
    const names = MIGRATIONS.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^\d{4}-[a-z0-9-]+$/);
    expect([...names].sort()).toEqual(names);
  });
});
