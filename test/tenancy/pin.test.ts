import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/db/open';
import { DEMO_PIN, hashPin, verifyPin } from '../../electron/tenancy/pin';
import { makeDemoDatabase, tempDir } from '../helpers';

const dir = tempDir();

describe('PIN hashes', () => {
  it('verifies the right PIN and refuses a wrong one', () => {
    const stored = hashPin('4821', Buffer.from('0123456789abcdef'));
    expect(verifyPin('4821', stored)).toBe(true);
    expect(verifyPin('4822', stored)).toBe(false);
    expect(verifyPin('', stored)).toBe(false);
  });

  it('salts: the same PIN hashes differently under another salt', () => {
    expect(hashPin('1234', Buffer.alloc(16, 1))).not.toBe(hashPin('1234', Buffer.alloc(16, 2)));
  });

  it('refuses malformed and legacy hashes instead of throwing', () => {
    for (const bad of ['', 'pbkdf2$3f1c', 'scrypt$x$8$1$AAAA$BBBB', 'scrypt$1024$8$1$$', `scrypt$${2 ** 30}$8$1$AAAA$${'A'.repeat(44)}`]) {
      expect(verifyPin('1234', bad), bad).toBe(false);
    }
  });

  it('gives every demo user a real, salted hash of the demo PIN, deterministically', async () => {
    const read = async () => {
      const db = openDatabase(await makeDemoDatabase(dir, 'small', 3), { readonly: true });
      try {
        return db.prepare('SELECT username, pin_hash FROM users ORDER BY username').all() as { username: string; pin_hash: string }[];
      } finally {
        db.close();
      }
    };
    const users = await read();
    expect(users.length).toBeGreaterThan(3);
    for (const u of users) {
      expect(verifyPin(DEMO_PIN, u.pin_hash), u.username).toBe(true);
      expect(verifyPin('0000', u.pin_hash), u.username).toBe(false);
    }
    expect(new Set(users.map((u) => u.pin_hash)).size).toBe(users.length);
    expect(await read()).toEqual(users);
  });
});
