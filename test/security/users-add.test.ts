import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli';
import { databaseContentHashes } from '../../electron/db/content-hash';
import { openDatabase } from '../../electron/db/open';
import { signIn } from '../../electron/tenancy/auth';
import { DEMO_PIN, parsePinHash } from '../../electron/tenancy/pin';
import { tempDir } from '../helpers';
import { captureIo } from '../support/cli-io';
import { CAPS, NORTHSIDE, openCopy, twoTenantDatabase } from '../tenancy/fixtures';

/** `pos-db users add` and `users list`: the 6-digit rule for new PINs, one-line errors, nothing changed on bad input. */
const dir = tempDir();
let fixture: string;
beforeAll(async () => {
  fixture = await twoTenantDatabase(dir);
});

function store(): string {
  const db = openCopy(fixture, dir);
  const file = db.name;
  db.close();
  return file;
}

async function posDb(args: string[], stdin?: string) {
  const io = { ...captureIo(), ...(stdin === undefined ? {} : { readLine: async () => stdin }) };
  const code = await runCli(args, io);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

const contents = (file: string) => {
  const db = openDatabase(file, { readonly: true });
  try {
    return databaseContentHashes(db);
  } finally {
    db.close();
  }
};

const add = (file: string, extra: string[]) => ['users', 'add', '--db', file, '--tenant', NORTHSIDE, ...extra];

describe('pos-db users add', () => {
  it('adds an employee with a 6-digit PIN who can then sign in; audited; listed without a hash', async () => {
    const file = store();
    const r = await posDb(add(file, ['--username', 'dana', '--name', 'Dana Smith', '--role', 'cashier', '--pin', '482913']));
    expect(r).toMatchObject({ code: 0, out: 'Added dana (Dana Smith, cashier) to northside-tires: they can sign in with their PIN now' });
    const db = openDatabase(file);
    const signed = signIn(db, { tenantId: NORTHSIDE, username: 'dana', pin: '482913' });
    expect(signed.user).toMatchObject({ username: 'dana', role: 'cashier' });
    expect(db.prepare(`SELECT tenant_id FROM users WHERE id = ?`).pluck().get(signed.user.id)).toBe(NORTHSIDE);
    // Hashed at the cost of the store's own hashes, so an unknown username takes as long to refuse.
    const [mine, sample] = ['dana', 'admin'].map(
      (u) =>
        parsePinHash((db.prepare(`SELECT pin_hash FROM users WHERE tenant_id = ? AND username = ?`).get(NORTHSIDE, u) as { pin_hash: string }).pin_hash)!
          .params,
    );
    expect(mine).toEqual(sample);
    const audited = db.prepare(`SELECT details FROM audit_log WHERE tenant_id = ? AND action = 'user.created'`).all(NORTHSIDE);
    expect(audited).toEqual([{ details: JSON.stringify({ username: 'dana', role: 'cashier', via: 'pos-db' }) }]);
    expect(db.prepare(`SELECT count(*) FROM users WHERE tenant_id = ? AND username = 'dana'`).pluck().get(CAPS)).toBe(0);
    db.close();
    const listed = await posDb(['users', 'list', '--db', file, '--tenant', NORTHSIDE, '--json']);
    expect(listed.code).toBe(0);
    expect(listed.out).not.toMatch(/scrypt|pin/i);
    expect(JSON.parse(listed.out)).toContainEqual({ username: 'dana', display_name: 'Dana Smith', role: 'cashier', active: 1, created_at: expect.any(String) });
  });

  it('takes the PIN from stdin with --pin-stdin', async () => {
    const file = store();
    expect((await posDb(add(file, ['--username', 'lee', '--name', 'Lee Ng', '--role', 'manager', '--pin-stdin']), '73920184\n')).code).toBe(0);
    const db = openDatabase(file);
    expect(signIn(db, { tenantId: NORTHSIDE, username: 'lee', pin: '73920184' }).user.role).toBe('manager');
    db.close();
  });

  it.each([
    [
      ['--username', 'dana', '--name', 'Dana', '--role', 'cashier', '--pin', DEMO_PIN],
      'A new PIN needs 6 to 8 digits (this one has 4). Choose a PIN of at least 6 digits',
    ],
    [
      ['--username', 'dana', '--name', 'Dana', '--role', 'cashier', '--pin', '123456789'],
      'A new PIN needs 6 to 8 digits (this one has 9). Choose a PIN of at least 6 digits',
    ],
    [['--username', 'dana', '--name', 'Dana', '--role', 'cashier', '--pin', '12a456'], 'A PIN is digits only. Choose 6 to 8 digits'],
    [['--username', 'dana', '--name', 'Dana', '--role', 'boss', '--pin', '482913'], "'boss' is not a role. Choose one of: cashier, manager, technician, admin"],
    [
      ['--username', 'ADMIN', '--name', 'Dana', '--role', 'cashier', '--pin', '482913'],
      "northside-tires already has the username 'admin'. Choose another username; nothing was changed",
    ],
    [['--username', 'da na', '--name', 'Dana', '--role', 'cashier', '--pin', '482913'], "'da na' is not a username"],
    [['--username', 'dana', '--name', '  ', '--role', 'cashier', '--pin', '482913'], '--name is required (at most 100 characters)'],
    [['--username', 'dana', '--name', 'Dana', '--role', 'cashier'], '--pin is required'],
    [['--username', 'dana', '--name', 'Dana', '--role', 'cashier', '--pin', '482913', '--pin-stdin'], 'give --pin or --pin-stdin, not both'],
  ])('refuses %j in one line and changes nothing', async (extra, message) => {
    const file = store();
    const before = contents(file);
    const r = await posDb(add(file, extra));
    expect(r.code).toBe(2);
    expect(r.err.split('\n')).toHaveLength(1);
    expect(r.err).toContain(message);
    expect(r.err.startsWith('pos-db users add: ')).toBe(true);
    expect(contents(file)).toEqual(before);
  });

  it('an unknown store or a missing --db is one line too', async () => {
    const file = store();
    const before = contents(file);
    const unknown = await posDb([
      'users',
      'add',
      '--db',
      file,
      '--tenant',
      'nowhere-shop',
      '--username',
      'dana',
      '--name',
      'Dana',
      '--role',
      'cashier',
      '--pin',
      '482913',
    ]);
    expect(unknown).toMatchObject({ code: 2, err: expect.stringContaining("Unknown store 'nowhere-shop'") });
    const noDb = await posDb(['users', 'add', '--tenant', NORTHSIDE, '--username', 'dana', '--name', 'Dana', '--role', 'cashier', '--pin', '482913']);
    expect(noDb).toMatchObject({ code: 2, err: 'pos-db users add: --db is required. Run `pos-db users add --help` for usage' });
    expect(contents(file)).toEqual(before);
  });
});
