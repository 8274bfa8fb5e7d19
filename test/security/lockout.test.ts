import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../electron/cli/commands';
import { openDatabase, type Db } from '../../electron/db/open';
import { BadInputError } from '../../electron/errors';
import { SignInDelayedError } from '../../electron/security/errors';
import { signIn } from '../../electron/tenancy/auth';
import { InvalidSignInError } from '../../electron/tenancy/errors';
import { DEMO_PIN } from '../../electron/tenancy/pin';
import { tempDir } from '../helpers';
import { captureIo } from '../support/cli-io';
import { CAPS, NORTHSIDE, openCopy, twoTenantDatabase } from '../tenancy/fixtures';

const dir = tempDir('pos-lockout-');
let fixture: string;
beforeAll(async () => {
  fixture = await twoTenantDatabase(dir);
});

const T0 = Date.parse('2026-12-03T08:00:00Z');
const at = (ms: number) => ({ now: () => new Date(T0 + ms) });
const HOUR = 3600_000;

/** What a sign-in attempt answers: 'ok', or the error's class name (the page shows only its message). */
function attempt(db: Db, username: string, pin: string, ms: number): string {
  try {
    signIn(db, { tenantId: NORTHSIDE, username, pin }, at(ms));
    return 'ok';
  } catch (err) {
    if (err instanceof InvalidSignInError || err instanceof SignInDelayedError) return err.constructor.name;
    throw err;
  }
}

const audit = (db: Db, action: string) => db.prepare(`SELECT count(*) FROM audit_log WHERE tenant_id = ? AND action = ?`).pluck().get(NORTHSIDE, action);

async function pos(args: string[]) {
  const [group, sub, ...rest] = args;
  const command = COMMANDS.find((c) => c.name === `${group} ${sub}`)!;
  const { parseCommandArgs } = await import('../../electron/cli/command');
  const io = captureIo();
  const code = await command.run(parseCommandArgs(command, rest), io);
  return { code, io };
}

describe('PIN lock-out: the brute force of issue 11 stops within 5 tries and stays stopped', () => {
  it('a delay after 3 wrong PINs, a lock after 5 that even the right PIN does not pass, across a restart, until pos-db unlocks', async () => {
    let db = openCopy(fixture, dir);
    const file = db.name;
    // Tries 1-3: refused as any wrong PIN is.
    expect([0, 1, 2].map((i) => attempt(db, 'admin', `00000${i}`, i * 1000))).toEqual(['InvalidSignInError', 'InvalidSignInError', 'InvalidSignInError']);
    // Right after the third: the delay refuses without checking (the right PIN would not pass either).
    expect(attempt(db, 'admin', DEMO_PIN, 3000)).toBe('SignInDelayedError');
    // Tries 4 and 5, each after its delay (5 s, then 10 s): the fifth locks the username.
    expect(attempt(db, 'admin', '000003', 2000 + 5001)).toBe('InvalidSignInError');
    expect(attempt(db, 'admin', '000004', 7001 + 10_001)).toBe('InvalidSignInError');
    expect(attempt(db, 'admin', DEMO_PIN, HOUR)).toBe('InvalidSignInError');
    expect(audit(db, 'sign_in.failed')).toBe(6);
    expect(audit(db, 'sign_in.locked')).toBe(1);

    // A restart (the file closed and opened again) resets nothing.
    db.close();
    db = openDatabase(file);
    expect(attempt(db, 'admin', DEMO_PIN, 2 * HOUR)).toBe('InvalidSignInError');
    // CAPS's admin, another store's username of the same name, is not locked by Northside's failures.
    expect(signIn(db, { tenantId: CAPS, username: 'admin', pin: DEMO_PIN }, at(3 * HOUR)).user.username).toBe('admin');
    db.close();

    // A technician on the machine unlocks it; the unlock is audited; the right PIN works again.
    const listed = await pos(['users', 'locked', '--db', file, '--tenant', NORTHSIDE, '--json']);
    expect(JSON.parse(listed.io.stdout.join('\n')).map((r: { subject: string; locked_at: string | null }) => [r.subject, r.locked_at !== null])).toEqual([['admin', true]]);
    expect((await pos(['users', 'unlock', '--db', file, '--tenant', NORTHSIDE, '--username', 'Admin'])).code).toBe(0);
    const again = await pos(['users', 'unlock', '--db', file, '--tenant', NORTHSIDE, '--username', 'admin']);
    expect(again.code).toBe(1);
    db = openDatabase(file);
    expect(audit(db, 'user.unlocked')).toBe(1);
    expect(attempt(db, 'admin', DEMO_PIN, 4 * HOUR)).toBe('ok');
    db.close();
  });

  it('an unknown username gets the same answers in the same order as a real one, and locks the same way', () => {
    const answers = (username: string) => {
      const db = openCopy(fixture, dir);
      try {
        const times = [0, 1000, 2000, 3000, 7001, 17_002, HOUR];
        return times.map((ms, i) => attempt(db, username, i === times.length - 1 ? DEMO_PIN : `11111${i}`, ms));
      } finally {
        db.close();
      }
    };
    const real = answers('admin');
    expect(real).toEqual(['InvalidSignInError', 'InvalidSignInError', 'InvalidSignInError', 'SignInDelayedError', 'InvalidSignInError', 'InvalidSignInError', 'InvalidSignInError']);
    expect(answers('no-such-user')).toEqual(real);
  });

  it('the till counts failures across usernames: guessing a different user each time is delayed too', () => {
    const db = openCopy(fixture, dir);
    try {
      expect(['a', 'b', 'c'].map((u, i) => attempt(db, u, '999999', i))).toEqual(['InvalidSignInError', 'InvalidSignInError', 'InvalidSignInError']);
      expect(attempt(db, 'admin', DEMO_PIN, 10)).toBe('SignInDelayedError');
      // After the delay the right PIN works and the till's counter starts again.
      expect(attempt(db, 'admin', DEMO_PIN, 10_000)).toBe('ok');
      expect(attempt(db, 'd', '999999', 10_001)).toBe('InvalidSignInError');
    } finally {
      db.close();
    }
  });

  it('refuses a bad unlock with a one-line error and changes nothing', async () => {
    const db = openCopy(fixture, dir);
    const file = db.name;
    db.close();
    const before = fs.readFileSync(file);
    await expect(pos(['users', 'unlock', '--db', file, '--tenant', 'Not A Store', '--username', 'admin'])).rejects.toThrow(BadInputError);
    await expect(pos(['users', 'unlock', '--db', file, '--tenant', NORTHSIDE])).rejects.toThrow(/--username is required/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });
});
