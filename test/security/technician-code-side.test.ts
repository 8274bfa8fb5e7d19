import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli';
import { openDatabase } from '../../electron/db/open';
import { sideCodePath } from '../../electron/security/technician-code-file';
import { PermissionDeniedError } from '../../electron/tenancy/errors';
import { workerContext } from '../../electron/worker/context';
import { checkAccess, checkTechnicianCodeOp } from '../../electron/worker/ops/access';
import { copyDatabase, makeDemoDatabase, tempDir } from '../helpers';
import { captureIo } from '../support/cli-io';

/**
 * Where the store file cannot hold a technician code (not a readable database:
 * the Problem screen; or a schema older than 0006), the copy beside it
 * (`<file>.technician-code.json`, written by pos-db) is checked, with the same
 * lock after 5 wrong tries, kept in that copy across a restart. With no copy the
 * Backups are refused with no one signed in, and say how to set one.
 */
const dir = tempDir('pos-techcode-side-');
const CODE = '482916';
let legacyFixture: string;
beforeAll(async () => {
  legacyFixture = await makeDemoDatabase(dir, 'small');
});

async function posDb(args: string[]) {
  const io = captureIo();
  const code = await runCli(args, io);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

let n = 0;
/** A store file that SQLite cannot read (the Problem screen). */
function unreadableStore(): string {
  const file = path.join(dir, `broken-${++n}.sqlite`);
  fs.writeFileSync(file, Buffer.from('this is not a database, it was a spreadsheet once'.repeat(100)));
  return file;
}
/** A copy of the legacy store (schema before 0006: no store_secrets). */
const legacyStore = (): string => copyDatabase(legacyFixture, path.join(dir, `legacy-${++n}.sqlite`));

/** A worker as after a start: a new context, nothing in memory. */
const worker = (file: string) => workerContext({ databasePath: file, backupDir: path.join(dir, 'backups') }, () => {});

async function tryCode(file: string, code: string, ctx = worker(file)): Promise<string> {
  try {
    await checkTechnicianCodeOp({ code }, ctx);
    return 'ok';
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
}

const backupsWithNoSession = (file: string, technicianCode: boolean) => () =>
  checkAccess({ channel: 'backups.list', token: null, technicianCode }, worker(file));

describe.each([
  ['a file that is not a readable database', unreadableStore],
  ['a store older than 0006', legacyStore],
])('the technician code of %s, kept beside it', (_what, makeStore) => {
  it('refuses the Backups with no one signed in until the code was typed (no longer open)', () => {
    const file = makeStore();
    expect(backupsWithNoSession(file, false)).toThrow(PermissionDeniedError);
    expect(backupsWithNoSession(file, true)).not.toThrow();
  });

  it('with no copy beside it: refused in one line saying a technician must set it with pos-db', async () => {
    const file = makeStore();
    let refusal: Error | undefined;
    try {
      await checkTechnicianCodeOp({ code: CODE }, worker(file));
    } catch (err) {
      refusal = err as Error;
    }
    expect((refusal as { code?: string } | undefined)?.code).toBe('TECHNICIAN_CODE_MISSING');
    expect(refusal?.message.split('\n')).toHaveLength(1);
    expect(refusal?.message).toContain(`a technician must set it on this computer with \`pos-db technician-code set --db ${file}\``);
    await expect(posDb(['technician-code', 'status', '--db', file, '--json'])).resolves.toMatchObject({ out: '{"set":false,"failures":0,"locked":false}' });
  });

  it('pos-db sets it beside the store only (mode 0600, the store untouched); the right code opens; 5 wrong lock it across a restart until pos-db unlocks', async () => {
    const file = makeStore();
    const before = fs.readFileSync(file);
    expect(await posDb(['technician-code', 'set', '--db', file, '--code', CODE])).toMatchObject({ code: 0, err: '' });
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    const side = sideCodePath(file);
    expect(fs.statSync(side).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(side, 'utf8')).not.toContain(CODE);
    expect(JSON.parse(fs.readFileSync(side, 'utf8'))).toMatchObject({ hash: expect.stringMatching(/^scrypt\$16384\$8\$1\$/), failures: 0, lockedAt: null });

    expect(await tryCode(file, CODE)).toBe('ok');
    const ctx = worker(file);
    const wrong: string[] = [];
    for (const c of ['100001', '100002', '100003', '100004', '100005']) wrong.push(await tryCode(file, c, ctx));
    expect(wrong).toEqual(Array(5).fill('TECHNICIAN_CODE_REFUSED'));
    expect(await tryCode(file, CODE, ctx)).toBe('TECHNICIAN_CODE_LOCKED');
    // A restart of the worker keeps the lock: it is in the copy beside the store.
    expect(await tryCode(file, CODE)).toBe('TECHNICIAN_CODE_LOCKED');
    await expect(posDb(['technician-code', 'status', '--db', file])).resolves.toMatchObject({ out: 'Technician code set · LOCKED after 5 wrong tries' });
    expect((await posDb(['technician-code', 'unlock', '--db', file])).code).toBe(0);
    expect((await posDb(['technician-code', 'unlock', '--db', file])).code).toBe(1);
    expect(await tryCode(file, CODE)).toBe('ok');
    expect(fs.readFileSync(file).equals(before)).toBe(true);

    // clear removes the copy: refused again, and saying so.
    expect((await posDb(['technician-code', 'clear', '--db', file])).code).toBe(0);
    expect(fs.existsSync(side)).toBe(false);
    expect(await tryCode(file, CODE)).toBe('TECHNICIAN_CODE_MISSING');
    expect((await posDb(['technician-code', 'clear', '--db', file])).code).toBe(1);
  });

  it('refuses an unreadable copy as locked (after scrypt) until pos-db sets a new code', async () => {
    const file = makeStore();
    fs.writeFileSync(sideCodePath(file), '{not json');
    expect(await tryCode(file, CODE)).toBe('TECHNICIAN_CODE_LOCKED');
    expect((await posDb(['technician-code', 'set', '--db', file, '--code', CODE])).code).toBe(0);
    expect(await tryCode(file, CODE)).toBe('ok');
  });
});

describe('a store at 0006 or later keeps its own code, and the copy beside it counts once the store holds none', () => {
  it('a code set while the store was older than 0006 still opens after its upgrade', async () => {
    const file = legacyStore();
    expect((await posDb(['technician-code', 'set', '--db', file, '--code', CODE])).code).toBe(0);
    expect((await posDb(['upgrade', '--db', file])).code).toBe(0);
    expect(await tryCode(file, '999999')).toBe('TECHNICIAN_CODE_REFUSED');
    expect(await tryCode(file, CODE)).toBe('ok');
    // Audited in the upgraded store, whose schema now holds the trail.
    const db = openDatabase(file, { readonly: true });
    expect(db.prepare(`SELECT count(*) FROM audit_log WHERE action = 'technician_code.accepted'`).pluck().get()).toBeGreaterThan(0);
    db.close();
  });
});
