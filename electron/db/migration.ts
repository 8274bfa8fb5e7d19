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

/**
 * Runs a migration's body as its one progress step (index 1 of 1, schema-sized: no row count), with a
 * start and a done event around it: what a small migration that creates and fills its own tables reports.
 */
export function asOneStep(context: MigrationContext, migration: string, step: string, weight: number, body: () => void): void {
  const event = (state: 'start' | 'done'): MigrationStepEvent => ({ migration, table: null, step, index: 1, total: 1, rows: 0, weight, state });
  context.progress(event('start'));
  body();
  context.progress(event('done'));
}
