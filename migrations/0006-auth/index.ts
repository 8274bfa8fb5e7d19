import crypto from 'node:crypto';
import type { Migration } from '../../electron/db/migration';
import { CREATE_TABLES, TOKEN_HASH_PATTERN } from './schema';

export const AUTH_MIGRATION = '0006-auth';

/**
 * Migration 0006: the till's sign-in security. Creates the lock-out counters
 * and the store's secrets (the technician code), and replaces every stored
 * session token by its sha256, so the file (and every backup of it from now
 * on) holds no token that could be used. A session still in a running app's
 * memory keeps working: the app hashes the token it holds before looking it up.
 * Cost: two empty tables plus one UPDATE per session row (a few thousand at most).
 */
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
      weight: index === 2 ? Math.max(1, rows) : 1000,
      state,
    });
    progress(event('auth-tables', 1, 0, 'start'));
    for (const sql of CREATE_TABLES) db.exec(sql);
    progress(event('auth-tables', 1, 0, 'done'));

    const rows = db.prepare(`SELECT id, token FROM sessions`).all() as { id: string; token: string }[];
    progress(event('hash-session-tokens', 2, rows.length, 'start'));
    const update = db.prepare(`UPDATE sessions SET token = ? WHERE id = ?`);
    for (const { id, token } of rows) {
      if (TOKEN_HASH_PATTERN.test(token)) continue;
      update.run(crypto.createHash('sha256').update(token, 'utf8').digest('hex'), id);
    }
    progress(event('hash-session-tokens', 2, rows.length, 'done'));
  },
};

/** The rows 0006 writes in existing tables: the session tokens (what the upgrade's foreign key check must cover). */
export const AUTH_MIGRATION_ROWS_WRITTEN: readonly string[] = ['sessions'];
