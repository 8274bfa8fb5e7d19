import crypto from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { databaseContentHashes } from '../../electron/db/content-hash';
import { executedMigrations, runPendingMigrations } from '../../electron/db/migrator';
import type { Db } from '../../electron/db/open';
import { MIGRATIONS } from '../../migrations';
import { SALES_MIGRATION } from '../../migrations/0005-sales';
import { AUTH_MIGRATION, AUTH_MIGRATION_ROWS_WRITTEN } from '../../migrations/0006-auth';
import { CREATE_TABLES, SIGN_IN_FAILURES, STORE_SECRETS } from '../../migrations/0006-auth/schema';
import { makeDemoDatabase, tempDir } from '../helpers';
import { openCopy } from './helpers';

const dir = tempDir('pos-0006-');
let v1: string;
beforeAll(async () => {
  v1 = await makeDemoDatabase(dir, 'small');
});

const sha256 = (s: string) => crypto.createHash('sha256').update(s, 'utf8').digest('hex');
const tokens = (db: Db) => db.prepare(`SELECT id, token FROM sessions ORDER BY id`).all() as { id: string; token: string }[];

async function at0005(): Promise<Db> {
  const db = openCopy(v1, dir);
  await runPendingMigrations(db, { migrations: MIGRATIONS, to: SALES_MIGRATION });
  return db;
}

describe(`migration ${AUTH_MIGRATION}`, () => {
  it('runs right after 0005 and is recorded by its explicit name', async () => {
    const db = openCopy(v1, dir);
    await runPendingMigrations(db, { migrations: MIGRATIONS });
    const executed = executedMigrations(db);
    expect(executed.indexOf(AUTH_MIGRATION)).toBe(executed.indexOf(SALES_MIGRATION) + 1);
    db.close();
  });

  it('replaces every session token by its sha256 and changes no other row', async () => {
    const db = await at0005();
    const before = tokens(db);
    expect(before.length, 'the demo store has sessions').toBeGreaterThan(0);
    const hashesBefore = databaseContentHashes(db);
    await runPendingMigrations(db, { migrations: MIGRATIONS });
    expect(tokens(db)).toEqual(before.map(({ id, token }) => ({ id, token: sha256(token) })));
    const hashesAfter = databaseContentHashes(db);
    const changed = Object.keys({ ...hashesBefore, ...hashesAfter }).filter((t) => hashesBefore[t] !== hashesAfter[t]);
    expect(changed).toEqual([...AUTH_MIGRATION_ROWS_WRITTEN]);
    // No raw token is left anywhere in the file's sessions: a backup from now on carries none.
    const raw = new Set(before.map((t) => t.token));
    expect(tokens(db).filter((t) => raw.has(t.token))).toEqual([]);
    db.close();
  });

  it('leaves a token that is already a sha256 as it is, and hashes one that only looks close', async () => {
    const db = await at0005();
    const [a, b] = tokens(db);
    const hashed = sha256('already hashed');
    const upper = sha256('upper case').toUpperCase();
    db.prepare(`UPDATE sessions SET token = ? WHERE id = ?`).run(hashed, a?.id);
    db.prepare(`UPDATE sessions SET token = ? WHERE id = ?`).run(upper, b?.id);
    await runPendingMigrations(db, { migrations: MIGRATIONS });
    const after = new Map(tokens(db).map((t) => [t.id, t.token]));
    expect(after.get(a?.id as string)).toBe(hashed);
    expect(after.get(b?.id as string)).toBe(sha256(upper));
    db.close();
  });

  it('creates the lock-out and secrets tables empty, with their checks', async () => {
    const db = await at0005();
    await runPendingMigrations(db, { migrations: MIGRATIONS });
    for (const t of [SIGN_IN_FAILURES, STORE_SECRETS]) expect(db.prepare(`SELECT count(*) FROM ${t}`).pluck().get(), t).toBe(0);
    expect(() => db.prepare(`INSERT INTO ${SIGN_IN_FAILURES} (scope, tenant_id, subject) VALUES ('nobody', '', 'x')`).run()).toThrow(/CHECK/);
    expect(() => db.prepare(`INSERT INTO ${SIGN_IN_FAILURES} (scope, tenant_id, subject, failures) VALUES ('till', '', 'till', -1)`).run()).toThrow(/CHECK/);
    db.prepare(`INSERT INTO ${SIGN_IN_FAILURES} (scope, tenant_id, subject) VALUES ('till', '', 'till')`).run();
    expect(() => db.prepare(`INSERT INTO ${SIGN_IN_FAILURES} (scope, tenant_id, subject) VALUES ('till', '', 'till')`).run()).toThrow(/UNIQUE|PRIMARY/);
    db.close();
  });

  it('is frozen: its statements are its own constants', () => {
    expect(CREATE_TABLES.join('\n')).toMatchSnapshot();
  });

  it('fails as one transaction: a store whose sessions cannot be rewritten keeps its tokens and no new table', async () => {
    const db = await at0005();
    const before = tokens(db);
    // A trigger that refuses the rewrite stands in for a failing write; the migrator's transaction rolls back.
    db.exec(`CREATE TRIGGER refuse_token_rewrite BEFORE UPDATE OF token ON sessions BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`);
    await expect(runPendingMigrations(db, { migrations: MIGRATIONS })).rejects.toThrow(/refused by the test/);
    expect(tokens(db)).toEqual(before);
    expect(db.prepare(`SELECT count(*) FROM sqlite_master WHERE name IN (?, ?)`).pluck().get(SIGN_IN_FAILURES, STORE_SECRETS)).toBe(0);
    expect(executedMigrations(db)).not.toContain(AUTH_MIGRATION);
    db.close();
  });
});
