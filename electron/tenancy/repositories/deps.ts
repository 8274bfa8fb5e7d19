import crypto from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { MoneyGate } from './money-gate';

/** What every repository gets: the connection, a clock and an id source (both replaceable in tests). */
export interface RepoDeps {
  db: Database;
  now(): Date;
  newId(): string;
  /** Asked before a gift card or store credit is spent (money-gate.ts); absent: spent as always. */
  money?: MoneyGate;
}

export interface RepoOptions {
  now?: () => Date;
  newId?: () => string;
  money?: MoneyGate;
}

export function repoDeps(db: Database, options: RepoOptions = {}): RepoDeps {
  return { db, now: options.now ?? (() => new Date()), newId: options.newId ?? (() => crypto.randomUUID()), money: options.money };
}
