import { PosError } from '../errors';

/** Too many failed PINs at this till, or for this username: wait before the next try. The same for every username, known or not. */
export class SignInDelayedError extends PosError {
  readonly code = 'SIGN_IN_DELAYED';
  readonly exitCode = 1 as const;
  constructor(readonly retryAfterSeconds: number) {
    super(
      `Too many wrong PINs: wait ${retryAfterSeconds} s before the next try`,
      'After 5 wrong PINs a username is locked until a manager unlocks it (or a technician runs `pos-db users unlock`)',
    );
  }
}

/** The session went unused for the store's idle time: the same user types the PIN again (or signs out). */
export class SessionLockedError extends PosError {
  readonly code = 'SESSION_LOCKED';
  readonly exitCode = 1 as const;
  constructor(readonly idleMinutes: number) {
    super(`The till locked after ${idleMinutes} min without use`, 'Type your PIN to go on, or sign out so someone else can sign in');
  }
}

/** The technician code typed at the till is not the store's. The same answer whatever was typed. */
export class TechnicianCodeRefusedError extends PosError {
  readonly code = 'TECHNICIAN_CODE_REFUSED';
  readonly exitCode = 1 as const;
  constructor(readonly triesLeft: number) {
    super(
      `That is not this store's technician code`,
      triesLeft > 0
        ? `Check it with the technician who set it up (${triesLeft} ${triesLeft === 1 ? 'try' : 'tries'} left before it locks)`
        : 'The technician code is now locked: a technician unlocks it on this computer with `pos-db technician-code unlock`',
    );
  }
}

/** 5 wrong technician codes: refused, even the right one, until a technician unlocks it (or sets a new one) with pos-db on the machine. */
export class TechnicianCodeLockedError extends PosError {
  readonly code = 'TECHNICIAN_CODE_LOCKED';
  readonly exitCode = 1 as const;
  constructor() {
    super(
      'The technician code is locked after 5 wrong tries',
      'A technician unlocks it on this computer with `pos-db technician-code unlock --db FILE` (or sets a new one with `pos-db technician-code set`)',
    );
  }
}

/** The store has no technician code (none was set at install), or its database cannot hold one yet. */
export class TechnicianCodeNotSetError extends PosError {
  readonly code = 'TECHNICIAN_CODE_NOT_SET';
  readonly exitCode = 1 as const;
  constructor(reason: 'none-set' | 'schema-too-old') {
    super(
      reason === 'none-set' ? 'No technician code is set up for this store' : 'This store database cannot hold a technician code until it is upgraded',
      reason === 'none-set'
        ? 'A technician sets one on this computer with `pos-db technician-code set --db FILE`, or signs in as a technician or an admin'
        : 'Run the upgrade first (the Upgrade screen, or `pos-db upgrade --db FILE`)',
    );
  }
}

/**
 * No technician code for a store file that cannot hold one (not a readable
 * database, or a schema older than 0006) and no copy beside it: the Backups stay
 * refused with no one signed in until a technician sets one on the machine.
 */
export class TechnicianCodeMissingError extends PosError {
  readonly code = 'TECHNICIAN_CODE_MISSING';
  readonly exitCode = 1 as const;
  constructor(readonly file: string) {
    super(
      `No technician code is set up for this store: a technician must set it on this computer with \`pos-db technician-code set --db ${file}\``,
      `pos-db works without the app: \`echo CODE | pos-db technician-code set --db ${file}\``,
    );
  }
}
