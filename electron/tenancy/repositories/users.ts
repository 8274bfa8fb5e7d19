import type { Session, User, UserCredentials } from '../models';
import type { RepoDeps } from './deps';
import { requireParent } from './references';
import { scoped } from './scoped';
import { rowColumns } from './columns';

export const SQL = {
  userForSignIn: `SELECT ${rowColumns('users')} FROM users WHERE tenant_id = @tenantId AND username = @username`,
  /**
   * Every column but pin_hash (and tenant_id, as rowColumns leaves it out). Written out rather than built, so
   * a secret column a migration adds is not read here until someone decides it should be.
   */
  userById: `SELECT id, username, display_name, role, email, active, created_at, updated_at
    FROM users WHERE +tenant_id = @tenantId AND id = @id`,
  /** The store's active staff, for the technician picker and the quick switch (a handful of rows). */
  activeUsers: `SELECT id, username, display_name, role, email, active, created_at, updated_at
    FROM users WHERE tenant_id = @tenantId AND active = 1 ORDER BY display_name, id LIMIT 200`,
  /** The cost of the store's own PIN hashes: an unknown username is checked at that cost too. Read from perf_users_pin_sample's entry once built. */
  pinHashSample: `SELECT pin_hash FROM users WHERE tenant_id = @tenantId AND username >= '' ORDER BY username LIMIT 1`,
  insertSession: `INSERT INTO sessions (id, tenant_id, user_id, token, terminal_id, created_at, expires_at, revoked_at)
    VALUES (@id, @tenantId, @userId, @token, @terminalId, @createdAt, @expiresAt, NULL)`,
  /** By the token's sha256 (what the file keeps, migration 0006); the hash itself is not read back. */
  sessionByToken: `SELECT id, user_id, terminal_id, created_at, expires_at, revoked_at FROM sessions WHERE tenant_id = @tenantId AND token = @token`,
  revokeSession: `UPDATE sessions SET revoked_at = @now WHERE tenant_id = @tenantId AND token = @token AND revoked_at IS NULL`,
} as const;

export function usersRepository(deps: RepoDeps) {
  return {
    /** The one read of a PIN hash: sign-in, inside the chosen store. */
    credentials(username: string): UserCredentials | undefined {
      return scoped(deps.db).get<UserCredentials>(SQL.userForSignIn, { username });
    },
    byId(id: string): User | undefined {
      return scoped(deps.db).get<User>(SQL.userById, { id });
    },
    active(): User[] {
      return scoped(deps.db).all<User>(SQL.activeUsers);
    },
    /** One active user's PIN hash (its scrypt parameters are the store's cost), or undefined in an empty store. */
    pinHashSample(): string | undefined {
      return scoped(deps.db).get<{ pin_hash: string }>(SQL.pinHashSample)?.pin_hash;
    },
  };
}

export function sessionsRepository(deps: RepoDeps) {
  return {
    create(input: { userId: string; token: string; terminalId: string | null; expiresAt: Date }): Session {
      const s = scoped(deps.db);
      requireParent(s, 'sessions', 'user_id', 'users', input.userId);
      const id = deps.newId();
      const createdAt = deps.now().toISOString();
      s.run(SQL.insertSession, {
        id,
        userId: input.userId,
        token: input.token,
        terminalId: input.terminalId,
        createdAt,
        expiresAt: input.expiresAt.toISOString(),
      });
      return {
        id,
        user_id: input.userId,
        token: input.token,
        terminal_id: input.terminalId,
        created_at: createdAt,
        expires_at: input.expiresAt.toISOString(),
        revoked_at: null,
      };
    },
    /** `tokenHash`: hashToken(token) (electron/security/token-hash.ts). */
    byToken(tokenHash: string): Omit<Session, 'token'> | undefined {
      return scoped(deps.db).get<Omit<Session, 'token'>>(SQL.sessionByToken, { token: tokenHash });
    },
    /** True when a live session was revoked (signing out twice is harmless). */
    revoke(token: string): boolean {
      return scoped(deps.db).run(SQL.revokeSession, { token, now: deps.now().toISOString() }).changes > 0;
    },
  };
}
