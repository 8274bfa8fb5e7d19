import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../electron/errors';
import { assertNewPin, NEW_PIN_MIN_DIGITS } from '../../electron/security/pin-rules';
import { SIGN_IN_INPUT } from '../../electron/tenancy/pos/service';

describe('PIN rules: at least 6 digits for new PINs, existing 4-digit PINs still sign in', () => {
  it.each(['123456', '12345678', '000000'])('accepts %s for a new user', (pin) => {
    expect(assertNewPin(pin)).toBe(pin);
  });

  it.each([
    ['1234', /needs 6 to 8 digits \(this one has 4\)/],
    ['12345', /this one has 5/],
    ['123456789', /this one has 9/],
    ['12a456', /digits only/],
    ['', /digits only/],
  ])('refuses %j with a one-line error', (pin, message) => {
    expect(() => assertNewPin(pin)).toThrow(BadInputError);
    expect(() => assertNewPin(pin)).toThrow(message);
    try {
      assertNewPin(pin);
    } catch (err) {
      expect((err as BadInputError).oneLine()).not.toMatch(/\n/);
    }
  });

  it('sign-in still takes a 4-digit PIN (existing users keep working)', () => {
    expect(NEW_PIN_MIN_DIGITS).toBe(6);
    expect(SIGN_IN_INPUT.parse({ storeId: 'caps-automotive', username: 'admin', pin: '1234' }).pin).toBe('1234');
  });
});
