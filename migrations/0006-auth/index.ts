import crypto from 'node:crypto';
import type { Migration } from '../../electron/db/migration';
import { CREATE_TABLES } from './schema';

export const AUTH_MIGRATION = '0006-auth';

/**
 * Migration 0006: the till's sign-in security. Creates the lock-out counters
 * and the store's secrets (the technician code), and replaces every stored
 * session token by its sha256, so the file (and every backup of it from now
 * on) holds no token that could be used. A session still in a running app's
 * memory keeps working: the app hashes the token it holds before looking it up.
 * Cost: two empty tables plus one UPDATE statement over the sessions (20,000 on the large store: 0.2 s).
 */
const SHA256_FUNCTION = 'pos_0006_sha256_hex';
const sha256Hex = (token: string) => crypto.createHash('sha256').update(token, 'utf8').digest('hex');

/** TOKEN_HASH_PATTERN as SQL (already a sha256 in lowercase hex: left as it is). */
const TOKEN_HASH_SQL = `length(token) = 64 AND token NOT GLOB '*[^0-9a-f]*'`;

export const authSchema: Migration = {
  name: AUTH_MIGRATION,
  up({ db, progress }) {
    const event = (step: string, index: number, rows: number, state: 'start' | 'done') => ({
      migration: AUTH_MIGRATION,
      table: index === 2 ? 'sessions' : null,
      step,
      index,
      total: 2,
      rows,
      // Estimated microseconds, as 0002's weights: about 10 per session (measured on the large store).
      weight: index === 2 ? Math.max(1, rows * 10) : 1000,
      state,
    });
    progress(event('auth-tables', 1, 0, 'start'));
    for (const sql of CREATE_TABLES) db.exec(sql);
    progress(event('auth-tables', 1, 0, 'done'));

    const rows = db.prepare(`SELECT count(*) FROM sessions`).pluck().get() as number;
    progress(event('hash-session-tokens', 2, rows, 'start'));
    // One UPDATE inside SQLite instead of one statement per row from JS (large store, 20,000 sessions:
    // 0.2 s instead of 0.4-0.55 s; what is left is the token's UNIQUE index, rewritten at random places).
    // The function lives on this connection only and is never stored in the schema.
    db.function(SHA256_FUNCTION, { deterministic: true }, (token: unknown) => sha256Hex(String(token)));
    db.prepare(`UPDATE sessions SET token = ${SHA256_FUNCTION}(token) WHERE NOT (${TOKEN_HASH_SQL})`).run();
    progress(event('hash-session-tokens', 2, rows, 'done'));
  },
};

/** The rows 0006 writes in existing tables: the session tokens (what the upgrade's foreign key check must cover). */
export const AUTH_MIGRATION_ROWS_WRITTEN: readonly string[] = ['sessions'];
