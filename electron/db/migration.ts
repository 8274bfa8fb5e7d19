import type { Database } from 'better-sqlite3';

/** One unit of work inside a migration, reported so a progress bar can move. */
export interface MigrationStepEvent {
  migration: string;
  table: string | null;
  step: string;
  /** 1-based position of this step among the migration's steps. */
  index: number;
  total: number;
  /** Rows this step touches (rows rebuilt or indexed); 0 for schema-only steps. */
  rows: number;
  /** Relative cost of this step; the fraction done is the sum of finished weights over all weights. */
  weight: number;
  state: 'start' | 'done';
}

export interface MigrationContext {
  db: Database;
  progress: (event: MigrationStepEvent) => void;
}

/** A migration is a name that never changes and a synchronous body run inside the migrator's transaction. */
export interface Migration {
  name: string;
  up(context: MigrationContext): void;
}
