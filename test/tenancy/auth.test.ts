import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../electron/security/token-hash';
import type { Db } from '../../electron/db/open';
import { resolveSession, signIn, signOut, SESSION_TTL_MS, tenantOfToken, withSession } from '../../electron/tenancy/auth';
import { currentTenantId } from '../../electron/tenancy/context';
import { InvalidSignInError, SessionExpiredError, UnknownTenantError } from '../../electron/tenancy/errors';
import { DEMO_PIN, hashPin } from '../../electron/tenancy/pin';
import { tempDir } from '../helpers';
import { CAPS, NORTHSIDE, openCopy, twoTenantDatabase } from './fixtures';

const dir = tempDir();
let db: Db;
beforeAll(async () => {
  db = openCopy(await twoTenantDatabase(dir), dir);
  return () => db.close();
});

// Each test starts with no failed PINs on the till (the lock-out has its own suite: test/security/lockout.test.ts).
afterEach(() => void db.prepare(`DELETE FROM sign_in_failures`).run());

const T0 = new Date('2026-11-29T08:00:00Z');
const at = (ms: number) => ({ now: () => new Date(T0.getTime() + ms) });

describe('sign-in: store + username + PIN', () => {
  it("the same username signs in to each store as that store's own user", () => {
    const caps = signIn(db, { tenantId: CAPS, username: 'admin', pin: DEMO_PIN }, at(0));
    const north = signIn(db, { tenantId: NORTHSIDE, username: 'admin', pin: DEMO_PIN }, at(0));
    const storeOf = (userId: string) => db.prepare(`SELECT tenant_id FROM users WHERE id = ?`).pluck().get(userId);
    expect(storeOf(caps.user.id)).toBe(CAPS);
    expect(storeOf(north.user.id)).toBe(NORTHSIDE);
    expect(caps.user).not.toHaveProperty('tenant_id');
    expect(caps.user.id).not.toBe(north.user.id);
    expect(caps.user).not.toHaveProperty('pin_hash');
    expect(tenantOfToken(caps.token)).toBe(CAPS);
    expect(resolveSession(db, north.token, at(1000)).scope).toEqual({ tenantId: NORTHSIDE, userId: north.user.id });
  });

  it('a wrong PIN, an unknown user and an inactive user all get the same refusal', () => {
    const inactive = db.prepare(`SELECT username FROM users WHERE tenant_id = ? AND active = 0 LIMIT 1`).get(NORTHSIDE) as { username: string } | undefined;
    expect(inactive, 'the demo data has an inactive Northside user').toBeDefined();
    const attempts = [
      { tenantId: CAPS, username: 'admin', pin: '9999' },
      { tenantId: CAPS, username: 'nobody', pin: DEMO_PIN },
      { tenantId: NORTHSIDE, username: inactive!.username, pin: DEMO_PIN },
    ];
    for (const a of attempts) expect(() => signIn(db, a), a.username).toThrow(InvalidSignInError);
  });

  it('a user of one store cannot sign in to the other', () => {
    const id = 'only-northside-user';
    db.prepare(
      `INSERT INTO users (id, tenant_id, username, display_name, role, pin_hash, active, created_at, updated_at) VALUES (?, ?, 'nina.only', 'Nina', 'cashier', ?, 1, '2026-01-01', '2026-01-01')`,
    ).run(id, NORTHSIDE, hashPin('5555', Buffer.alloc(16, 7)));
    expect(signIn(db, { tenantId: NORTHSIDE, username: 'nina.only', pin: '5555' }).user.id).toBe(id);
    expect(() => signIn(db, { tenantId: CAPS, username: 'nina.only', pin: '5555' })).toThrow(InvalidSignInError);
  });

  it('an unknown store is refused before anything is read', () => {
    expect(() => signIn(db, { tenantId: 'southside', username: 'admin', pin: DEMO_PIN })).toThrow(UnknownTenantError);
  });
});

describe('sessions: the middleware resolves sessions -> users -> tenant', () => {
  it("runs the handler inside the session's tenant", () => {
    const { token } = signIn(db, { tenantId: NORTHSIDE, username: 'admin', pin: DEMO_PIN }, at(0));
    expect(withSession(db, token, () => currentTenantId(), at(60_000))).toBe(NORTHSIDE);
  });

  it('expires after the shift length, not before', () => {
    const { token, expiresAt } = signIn(db, { tenantId: CAPS, username: 'admin', pin: DEMO_PIN }, at(0));
    expect(Date.parse(expiresAt) - T0.getTime()).toBe(SESSION_TTL_MS);
    expect(resolveSession(db, token, at(SESSION_TTL_MS - 1)).scope.tenantId).toBe(CAPS);
    expect(() => resolveSession(db, token, at(SESSION_TTL_MS))).toThrow(SessionExpiredError);
    expect(() => withSession(db, token, () => 'ran', at(SESSION_TTL_MS + 1))).toThrow(/expired/);
  });

  it('sign-out revokes the session for good', () => {
    const { token } = signIn(db, { tenantId: CAPS, username: 'admin', pin: DEMO_PIN }, at(0));
    signOut(db, token, at(10));
    expect(() => resolveSession(db, token, at(20))).toThrow(/revoked/);
    signOut(db, token, at(30));
  });

  it("editing the token's store prefix does not switch stores", () => {
    const { token } = signIn(db, { tenantId: CAPS, username: 'admin', pin: DEMO_PIN }, at(0));
    const forged = token.replace(`${CAPS}.`, `${NORTHSIDE}.`);
    expect(() => resolveSession(db, forged, at(1))).toThrow(/missing/);
    expect(() => resolveSession(db, 'Not A Tenant.abc', at(1))).toThrow(SessionExpiredError);
    expect(() => resolveSession(db, '', at(1))).toThrow(SessionExpiredError);
  });

  it('a session of the single-tenant app (token without a store prefix) still belongs to CAPS Automotive', () => {
    const legacy = db
      .prepare(
        `SELECT s.id, s.created_at, s.user_id FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE s.tenant_id = ? AND s.revoked_at IS NULL AND u.active = 1 LIMIT 1`,
      )
      .get(CAPS) as { id: string; created_at: string; user_id: string };
    // The file keeps only sha256s of tokens (migration 0006); the v1 app's token (no store prefix) is what the caller holds.
    const legacyToken = 'v1TokenWithoutAStorePrefix0123456789';
    db.prepare(`UPDATE sessions SET token = ? WHERE id = ?`).run(hashToken(legacyToken), legacy.id);
    const during = { now: () => new Date(Date.parse(legacy.created_at) + 3600_000) };
    expect(resolveSession(db, legacyToken, during).scope).toEqual({ tenantId: CAPS, userId: legacy.user_id });
    // Northside's demo sessions have unprefixed tokens too, but they are not CAPS's: they do not resolve.
    const other = db.prepare(`SELECT id, created_at FROM sessions WHERE tenant_id = ? AND revoked_at IS NULL LIMIT 1`).get(NORTHSIDE) as {
      id: string;
      created_at: string;
    };
    const otherToken = 'anotherV1TokenWithoutAStorePrefix';
    db.prepare(`UPDATE sessions SET token = ? WHERE id = ?`).run(hashToken(otherToken), other.id);
    expect(() => resolveSession(db, otherToken, { now: () => new Date(Date.parse(other.created_at) + 60_000) })).toThrow(/missing/);
  });

  it('a deactivated user loses their live session', () => {
    const { token, user } = signIn(db, { tenantId: NORTHSIDE, username: 'admin', pin: DEMO_PIN }, at(0));
    db.prepare(`UPDATE users SET active = 0 WHERE id = ?`).run(user.id);
    expect(() => resolveSession(db, token, at(1))).toThrow(/user inactive/);
    db.prepare(`UPDATE users SET active = 1 WHERE id = ?`).run(user.id);
  });
});
