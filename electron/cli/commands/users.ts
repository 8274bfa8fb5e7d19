import { MIGRATIONS } from '../../../migrations';
import { AUTH_MIGRATION } from '../../../migrations/0006-auth';
import { executedMigrations, migrationStatus } from '../../db/migrator';
import { openDatabase, type Db } from '../../db/open';
import { BadInputError } from '../../errors';
import { lockedUsernames } from '../../security/lockout';
import { unlockUser } from '../../security/unlock';
import { addUser, listUsers } from '../../security/staff';
import type { Command } from '../command';
import { requireString } from '../command';
import { formatTable } from '../format';

/** The store file, upgraded at least to 0006 (the lock-out counters), or a one-line error. */
function openAuthDatabase(file: string, command: string, readonly: boolean) {
  const db = openDatabase(file, { readonly });
  if (!executedMigrations(db).includes(AUTH_MIGRATION)) {
    const pending = migrationStatus(db, MIGRATIONS).pending;
    db.close();
    throw new BadInputError(
      `${file} has no PIN lock-out yet (pending: ${pending.join(', ')})`,
      `Run \`pos-db upgrade --db ${file}\` first, then \`pos-db ${command}\` again`,
    );
  }
  return db;
}

/** Every `pos-db users` command: --db and --tenant, the file opened (read-only or not) for the body, closed whatever happens. */
function withAuthStore(values: Record<string, unknown>, command: string, readonly: boolean, body: (db: Db, file: string, tenant: string) => number): number {
  const file = requireString(values, 'db', command);
  const tenant = requireString(values, 'tenant', command);
  const db = openAuthDatabase(file, command, readonly);
  try {
    return body(db, file, tenant);
  } finally {
    db.close();
  }
}

export const usersLockedCommand: Command = {
  name: 'users locked',
  summary: 'list the usernames of a store with wrong PINs counted or locked after 5 (read-only)',
  usage: 'pos-db users locked --db FILE --tenant STORE [--json]',
  options: { db: { type: 'string' }, tenant: { type: 'string' }, json: { type: 'boolean' } },
  async run(values, io) {
    return withAuthStore(values, 'users locked', true, (db, _file, tenant) => {
      const rows = lockedUsernames(db, tenant);
      if (values.json) io.out(JSON.stringify(rows));
      else if (rows.length === 0) io.out(`No wrong PINs counted for ${tenant}`);
      else
        io.out(
          formatTable(
            ['username', 'wrong PINs', 'last', 'locked at'],
            rows.map((r) => [r.subject, String(r.failures), r.last_failure_at ?? '', r.locked_at ?? '']),
          ),
        );
      return 0;
    });
  },
};

export const usersUnlockCommand: Command = {
  name: 'users unlock',
  summary: 'unlock a username locked after 5 wrong PINs, for a store where no manager can sign in (audited)',
  usage:
    'pos-db users unlock --db FILE --tenant STORE --username NAME\n\nExit 0 when it was locked or had wrong PINs counted, 1 when it had none, 2 on bad input.',
  options: { db: { type: 'string' }, tenant: { type: 'string' }, username: { type: 'string' } },
  async run(values, io) {
    const username = requireString(values, 'username', 'users unlock');
    return withAuthStore(values, 'users unlock', false, (db, file, tenant) => {
      if (!unlockUser(db, { tenantId: tenant, username, by: null, via: 'pos-db' })) {
        io.err(
          `pos-db users unlock: ${username} of ${tenant} has no wrong PINs counted; nothing was changed. Check the spelling with \`pos-db users locked --db ${file} --tenant ${tenant}\``,
        );
        return 1;
      }
      io.out(`Unlocked ${username} of ${tenant}: the next sign-in with the right PIN works`);
      return 0;
    });
  },
};

export const usersListCommand: Command = {
  name: 'users list',
  summary: "list a store's staff: username, name, role, active (read-only; never a PIN)",
  usage: 'pos-db users list --db FILE --tenant STORE [--json]',
  options: { db: { type: 'string' }, tenant: { type: 'string' }, json: { type: 'boolean' } },
  async run(values, io) {
    return withAuthStore(values, 'users list', true, (db, _file, tenant) => {
      const rows = listUsers(db, tenant);
      if (values.json) io.out(JSON.stringify(rows));
      else if (rows.length === 0) io.out(`${tenant} has no users`);
      else
        io.out(
          formatTable(
            ['username', 'name', 'role', 'active'],
            rows.map((r) => [r.username, r.display_name, r.role, r.active ? 'yes' : 'no']),
          ),
        );
      return 0;
    });
  },
};

export const usersAddCommand: Command = {
  name: 'users add',
  summary: 'add an employee to a store with a PIN of 6 to 8 digits (audited)',
  usage:
    'pos-db users add --db FILE --tenant STORE --username NAME --name "Full Name" --role cashier|manager|technician|admin (--pin DIGITS | --pin-stdin)\n\n' +
    '--pin-stdin reads the PIN from standard input (echo 482913 | pos-db users add ... --pin-stdin), keeping it out of the shell history.',
  options: {
    db: { type: 'string' },
    tenant: { type: 'string' },
    username: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string' },
    pin: { type: 'string' },
    'pin-stdin': { type: 'boolean' },
  },
  async run(values, io) {
    const command = 'users add';
    const username = requireString(values, 'username', command);
    const displayName = requireString(values, 'name', command);
    const role = requireString(values, 'role', command);
    if (values.pin !== undefined && values['pin-stdin'])
      throw new BadInputError('give --pin or --pin-stdin, not both', `Run \`pos-db ${command} --help\` for usage`);
    const pin = values['pin-stdin'] ? ((await io.readLine?.('PIN (6 to 8 digits): ')) ?? '').trim() : requireString(values, 'pin', command);
    return withAuthStore(values, command, false, (db, _file, tenant) => {
      const added = addUser(db, { tenantId: tenant, username, displayName, role, pin }, { via: 'pos-db' });
      io.out(`Added ${added.username} (${added.display_name}, ${added.role}) to ${tenant}: they can sign in with their PIN now`);
      return 0;
    });
  },
};

export const USERS_COMMANDS: readonly Command[] = [usersListCommand, usersAddCommand, usersLockedCommand, usersUnlockCommand];
