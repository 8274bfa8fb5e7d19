// Faults a test injects into a real upgrade, from the outside: production code knows nothing of them.
import { buildMigrations, type MigrationList, type VerifyDatabase } from '../../electron/upgrade';
import { verifyTenantDatabase } from '../../electron/verify/verify';
import { TENANT_MIGRATION } from '../../migrations/0002-tenant-id';

/** The real migrations, but 0002 throws when it starts `step` on `table`: the real rollback runs. */
export function migrationsFailingAt(table: string | null, step: string): MigrationList {
  return (plan) =>
    buildMigrations(plan).map((m) =>
      m.name !== TENANT_MIGRATION
        ? m
        : {
            name: m.name,
            up: (context) =>
              m.up({
                ...context,
                // The step is announced, then fails as a step of SQLite's would: the upgrade knows where it was.
                progress: (e) => {
                  context.progress(e);
                  if (e.state === 'start' && e.table === table && e.step === step)
                    throw new Error(`Failure injected by the test at ${step}${table ? ` on ${table}` : ''}`);
                },
              }),
          },
    );
}

/** The real verification, with one check reported as failed (its real result kept in the detail). */
export function verifyFailing(check: string, table: string | null): VerifyDatabase {
  return (db, options) =>
    verifyTenantDatabase(db, options).map((r) =>
      r.check === check && r.table === table ? { ...r, ok: false, detail: `failed by the test; really: ${r.detail}` } : r,
    );
}

/**
 * The real migrations, with 0002 first capping the file at its current size plus `pages`
 * (PRAGMA max_page_count): SQLite then fails the migration with SQLITE_FULL, as on a full disk.
 */
export function migrationsWithDiskFull(pages = 64): MigrationList {
  return (plan) =>
    buildMigrations(plan).map((m) =>
      m.name !== TENANT_MIGRATION
        ? m
        : {
            name: m.name,
            up: (context) => {
              const count = context.db.pragma('page_count', { simple: true }) as number;
              context.db.pragma(`max_page_count = ${count + pages}`);
              m.up(context);
            },
          },
    );
}
