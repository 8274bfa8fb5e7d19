import { BadInputError } from '../errors';

/**
 * New PINs (a user created or given a new PIN from now on) have at least
 * NEW_PIN_MIN_DIGITS digits. Existing 4-digit PINs keep working: sign-in
 * accepts 4 to 8 digits (SIGN_IN_INPUT), and the lock-out protects them.
 */
export const NEW_PIN_MIN_DIGITS = 6;
export const PIN_MAX_DIGITS = 8;

/** The PIN for a new user, or a one-line BadInputError saying what to type instead. */
export function assertNewPin(pin: string): string {
  if (!/^\d+$/.test(pin)) throw new BadInputError('A PIN is digits only', `Choose ${NEW_PIN_MIN_DIGITS} to ${PIN_MAX_DIGITS} digits`);
  if (pin.length < NEW_PIN_MIN_DIGITS || pin.length > PIN_MAX_DIGITS)
    throw new BadInputError(
      `A new PIN needs ${NEW_PIN_MIN_DIGITS} to ${PIN_MAX_DIGITS} digits (this one has ${pin.length})`,
      `Choose a PIN of at least ${NEW_PIN_MIN_DIGITS} digits`,
    );
  return pin;
}
