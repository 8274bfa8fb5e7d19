import crypto from 'node:crypto';
import type { Database } from 'better-sqlite3';

/** What every repository gets: the connection, a clock and an id source (both replaceable in tests). */
export interface RepoDeps {
  db: Database;
  now(): Date;
  newId(): string;
}

export interface RepoOptions {
  now?: () => Date;
  newId?: () => string;
}

export function repoDeps(db: Database, options: RepoOptions = {}): RepoDeps {
  return { db, now: options.now ?? (() => new Date()), newId: options.newId ?? (() => crypto.randomUUID()) };
}
