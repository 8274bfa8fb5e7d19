import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli';
import { openDatabase, type Db } from '../../electron/db/open';
import { TechnicianCodeLockedError, TechnicianCodeNotSetError, TechnicianCodeRefusedError } from '../../electron/security/errors';
import { checkTechnicianCode, TECHNICIAN_SCRYPT } from '../../electron/security/technician-code';
import { parsePinHash } from '../../electron/tenancy/pin';
import { copyDatabase, makeDemoDatabase, tempDir } from '../helpers';
import { captureIo } from '../support/cli-io';
import { CAPS, NORTHSIDE, openCopy, twoTenantDatabase } from '../tenancy/fixtures';

const dir = tempDir('pos-techcode-');
let fixture: string;
beforeAll(async () => {
  fixture = await twoTenantDatabase(dir);
});

const CODE = '482916';

async function posDb(args: string[], stdin?: string) {
  const io = { ...captureIo(), ...(stdin === undefined ? {} : { readLine: async () => stdin }) };
  const code = await runCli(args, io);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

/** A fresh copy of the two-tenant store, closed: the path. */
function storeFile(): string {
  const db = openCopy(fixture, dir);
  const file = db.name;
  db.close();
  return file;
}

const secrets = (db: Db) => db.prepare(`SELECT name, value, updated_at FROM store_secrets ORDER BY name`).all();
const audits = (db: Db, action: string) =>
  db.prepare(`SELECT tenant_id, count(*) AS n FROM audit_log WHERE action = ? GROUP BY tenant_id ORDER BY tenant_id`).all(action) as {
    tenant_id: string;
    n: number;
  }[];

/** What checking a code answers: 'ok' or the error's code. */
function tryCode(db: Db, code: string): string {
  try {
    checkTechnicianCode(db, code);
    return 'ok';
  } catch (err) {
    if (err instanceof TechnicianCodeRefusedError || err instanceof TechnicianCodeLockedError || err instanceof TechnicianCodeNotSetError) return err.code;
    throw err;
  }
}

describe('pos-db technician-code: set at install on the machine, hashed, one per store file', () => {
  it('sets it from standard input as a scrypt hash (never the code), audited in every tenant of the file', async () => {
    const file = storeFile();
    const set = await posDb(['technician-code', 'set', '--db', file], `${CODE}\n`);
    expect(set).toMatchObject({ code: 0, err: '' });
    const db = openDatabase(file, { readonly: true });
    const [row] = secrets(db) as { name: string; value: string }[];
    expect(row?.name).toBe('technician_code');
    expect(row?.value).not.toContain(CODE);
    expect(parsePinHash(row!.value)?.params).toEqual(TECHNICIAN_SCRYPT);
    expect(audits(db, 'technician_code.set')).toEqual([
      { tenant_id: CAPS, n: 1 },
      { tenant_id: NORTHSIDE, n: 1 },
    ]);
    db.close();
    await expect(posDb(['technician-code', 'status', '--db', file, '--json'])).resolves.toMatchObject({
      code: 0,
      out: '{"set":true,"failures":0,"locked":false}',
    });
  });

  it('refuses a bad code in one line with exit 2 and changes nothing', async () => {
    const file = storeFile();
    expect((await posDb(['technician-code', 'set', '--db', file, '--code', CODE])).code).toBe(0);
    const db = openDatabase(file, { readonly: true });
    const before = secrets(db);
    db.close();
    for (const bad of ['12345', '4829l6', '1111111', '1234567890123', '']) {
      const r = await posDb(['technician-code', 'set', '--db', file, '--code', bad], bad);
      expect(r.code, bad).toBe(2);
      expect(r.err.split('\n'), bad).toHaveLength(1);
      expect(r.err).toMatch(/^pos-db technician-code set: /);
    }
    expect((await posDb(['technician-code', 'set', '--db', file])).err).toMatch(/No technician code given\. Pipe it on standard input or give --code DIGITS/);
    const after = openDatabase(file, { readonly: true });
    expect(secrets(after)).toEqual(before);
    expect(audits(after, 'technician_code.set')).toEqual([
      { tenant_id: CAPS, n: 1 },
      { tenant_id: NORTHSIDE, n: 1 },
    ]);
    after.close();
  });

  it('sets a store older than 0006 (no store_secrets yet) only in the copy beside it, leaving the store as it was', async () => {
    const legacy = copyDatabase(await makeDemoDatabase(dir, 'small'), `${dir}/legacy.sqlite`);
    const r = await posDb(['technician-code', 'set', '--db', legacy, '--code', CODE]);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toMatch(/only in .*legacy\.sqlite\.technician-code\.json: the store cannot hold it yet/);
    const db = openDatabase(legacy, { readonly: true });
    expect(db.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'store_secrets'`).pluck().get()).toBe(0);
    db.close();
  });

  it('clear removes it (exit 1 when there is none)', async () => {
    const file = storeFile();
    await posDb(['technician-code', 'set', '--db', file, '--code', CODE]);
    expect((await posDb(['technician-code', 'clear', '--db', file])).code).toBe(0);
    expect((await posDb(['technician-code', 'clear', '--db', file])).code).toBe(1);
    const db = openDatabase(file);
    expect(secrets(db)).toEqual([]);
    expect(tryCode(db, CODE)).toBe('TECHNICIAN_CODE_NOT_SET');
    db.close();
  });
});

describe('checking the technician code: a lock after 5 wrong codes that a restart does not lift', () => {
  it('accepts the right code, locks on the fifth wrong one (the right one refused too), across a reopen, until pos-db unlocks', async () => {
    const file = storeFile();
    await posDb(['technician-code', 'set', '--db', file, '--code', CODE]);
    let db = openDatabase(file);
    expect(tryCode(db, CODE)).toBe('ok');
    expect(['000001', '000002', '000003', '000004'].map((c) => tryCode(db, c))).toEqual(Array(4).fill('TECHNICIAN_CODE_REFUSED'));
    // The right code resets the count before the fifth.
    expect(tryCode(db, CODE)).toBe('ok');
    const wrong = ['100001', '100002', '100003', '100004', '100005'].map((c) => tryCode(db, c));
    expect(wrong).toEqual([...Array(4).fill('TECHNICIAN_CODE_REFUSED'), 'TECHNICIAN_CODE_REFUSED']);
    expect(tryCode(db, CODE)).toBe('TECHNICIAN_CODE_LOCKED');
    expect(audits(db, 'technician_code.locked')).toEqual([
      { tenant_id: CAPS, n: 1 },
      { tenant_id: NORTHSIDE, n: 1 },
    ]);
    // 9 wrong + the locked right one, each in both tenants' trails.
    expect(audits(db, 'technician_code.failed').map((r) => r.n)).toEqual([10, 10]);
    db.close();

    db = openDatabase(file);
    expect(tryCode(db, CODE)).toBe('TECHNICIAN_CODE_LOCKED');
    db.close();
    await expect(posDb(['technician-code', 'status', '--db', file])).resolves.toMatchObject({ out: 'Technician code set · LOCKED after 5 wrong tries' });
    expect((await posDb(['technician-code', 'unlock', '--db', file])).code).toBe(0);
    expect((await posDb(['technician-code', 'unlock', '--db', file])).code).toBe(1);
    db = openDatabase(file);
    expect(tryCode(db, CODE)).toBe('ok');
    expect(audits(db, 'technician_code.unlocked').map((r) => r.n)).toEqual([1, 1]);
    db.close();
  });

  it('says how many tries are left, and runs scrypt at the stored cost for a wrong code as for the right one', () => {
    const db = openCopy(fixture, dir);
    db.prepare(`INSERT INTO store_secrets (name, value, updated_at) VALUES ('technician_code', 'not-a-hash', '2026-01-01')`).run();
    let refusal: unknown;
    try {
      checkTechnicianCode(db, CODE);
    } catch (err) {
      refusal = err;
    }
    // A malformed stored hash never verifies (scrypt still runs at the technician cost).
    expect(refusal).toBeInstanceOf(TechnicianCodeRefusedError);
    expect((refusal as TechnicianCodeRefusedError).triesLeft).toBe(4);
    expect((refusal as Error).message).toBe("That is not this store's technician code");
    db.close();
  });
});
