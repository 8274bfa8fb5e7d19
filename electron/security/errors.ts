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
