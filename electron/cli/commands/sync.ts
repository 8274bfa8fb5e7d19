import { MIGRATIONS } from '../../../migrations';
import { SYNC_MIGRATION } from '../../../migrations/0004-sync';
import { executedMigrations, migrationStatus } from '../../db/migrator';
import { openDatabase, type Db } from '../../db/open';
import { BadInputError } from '../../errors';
import { createSyncService, NotEnrolledError, type SyncService, type TenantResult } from '../../sync';
import type { CliIo, Command } from '../command';
import { requireString } from '../command';
import { formatTable } from '../format';

/** The store database, upgraded at least to 0004 (the sync tables), or a one-line error; nothing is changed either way. */
function openSyncDatabase(file: string, command: string, readonly = false): Db {
  const db = openDatabase(file, { readonly });
  if (!executedMigrations(db).includes(SYNC_MIGRATION)) {
    const pending = migrationStatus(db, MIGRATIONS).pending;
    db.close();
    throw new BadInputError(
      `${file} is not upgraded for sync (pending: ${pending.join(', ')})`,
      `Run \`pos-db upgrade --db ${file}\` first, then \`pos-db ${command}\` again`,
    );
  }
  return db;
}

const timeoutOption = (values: Record<string, unknown>): number | undefined => {
  const text = values.timeout as string | undefined;
  if (text === undefined) return undefined;
  if (!/^\d{1,4}$/.test(text) || Number(text) === 0) throw new BadInputError(`--timeout must be whole seconds, got '${text}'`, 'Use for example --timeout 30');
  return Number(text) * 1000;
};

const when = (iso: string | null) => iso ?? 'never';

function reportFailures<T>(results: TenantResult<T & { tenantId: string }>[], io: CliIo, command: string): number {
  let code = 0;
  for (const r of results) {
    if (r.ok) continue;
    io.err(`pos-db ${command}: ${r.tenantId}: ${r.error.message}. ${r.error.hint}`);
    code = 1;
  }
  return code;
}

/**
 * push and pull alike: open the upgraded store, refuse a file with no enrolled
 * store, run the service call with a progress line, then one line (or the JSON)
 * per store and the failures on stderr.
 */
async function runEnrolled<T extends { tenantId: string }>(
  values: Record<string, unknown>,
  io: CliIo,
  command: string,
  call: (service: SyncService) => Promise<TenantResult<T>[]>,
  line: (result: T) => string,
): Promise<number> {
  const file = requireString(values, 'db', command);
  const timeoutMs = timeoutOption(values);
  const db = openSyncDatabase(file, command);
  try {
    const service = createSyncService(db, { timeoutMs });
    if (service.status().every((s) => !s.enrolled)) throw new NotEnrolledError(file);
    const results = await call(service);
    io.status('');
    if (values.json) io.out(JSON.stringify({ dbPath: file, results }));
    else for (const r of results) if (r.ok) io.out(line(r));
    return reportFailures(results, io, command);
  } finally {
    db.close();
  }
}

export const syncStatusCommand: Command = {
  name: 'sync status',
  summary: 'what each store of the database has queued, in flight and rejected; last push and pull; enrolled tills (read-only)',
  usage: 'pos-db sync status --db FILE [--json]\n\nRead-only. Exit 0; 2 on bad input.',
  options: { db: { type: 'string' }, json: { type: 'boolean' } },
  async run(values, io) {
    const file = requireString(values, 'db', 'sync status');
    const db = openSyncDatabase(file, 'sync status', true);
    try {
      const service = createSyncService(db);
      const status = service.status();
      const rejections = Object.fromEntries(status.map((s) => [s.tenantId, service.rejections(s.tenantId, 20)]));
      if (values.json) {
        io.out(JSON.stringify({ dbPath: file, tenants: status, rejections }));
        return 0;
      }
      if (status.length === 0) io.out(`${file}: nothing queued and no store enrolled`);
      for (const s of status) {
        io.out(
          `${s.tenantId}: ${s.enrolled ? `till '${s.enrolled.tillName}' (${s.enrolled.tillId}) at ${s.enrolled.hubUrl}, enrolled ${s.enrolled.enrolledAt}` : 'not enrolled'}`,
        );
        io.out(
          formatTable(
            ['queued', 'in flight', 'rejected', 'oldest queued', 'last push', 'last pull'],
            [[String(s.queued), String(s.inFlight), String(s.rejected), s.oldestQueuedAt ?? '-', when(s.lastPushAt), when(s.lastPullAt)]],
          ),
        );
        if (s.lastError) io.out(`last error (${s.lastErrorAt}): ${s.lastError}`);
        if (s.nextAttemptAt) io.out(`after ${s.failures} failed attempt(s) in a row, the next try is due at ${s.nextAttemptAt}`);
        const listed = rejections[s.tenantId] ?? [];
        for (const r of listed)
          io.out(
            `rejected seq ${r.seq ?? '?'} ${r.entityType} ${r.entityId}: (${r.code}) ${r.reason.length > 140 ? `${r.reason.slice(0, 137)}...` : r.reason}`,
          );
        if (s.rejected > listed.length) io.out(`... and ${s.rejected - listed.length} more rejections (--json lists the first 20 in full)`);
        io.out('');
      }
      return 0;
    } finally {
      db.close();
    }
  },
};

export const syncPushCommand: Command = {
  name: 'sync push',
  summary: "send every enrolled store's queued operations to its hub now, in order, with a progress line",
  usage: [
    'pos-db sync push --db FILE [--timeout SECONDS] [--json]',
    '',
    'Each enrolled store pushes with its own credential. Exit 0 when every queue was sent; 1 when a hub',
    'refused or could not be reached (the operations stay queued, nothing is lost); 2 on bad input or no enrolled store.',
  ].join('\n'),
  options: { db: { type: 'string' }, timeout: { type: 'string' }, json: { type: 'boolean' } },
  run: (values, io) =>
    runEnrolled(
      values,
      io,
      'sync push',
      (service) => service.push({ onProgress: (p) => io.status(`${p.tenantId}: pushed ${p.done} of ${p.total} operations`) }),
      (r) =>
        `${r.tenantId}: ${r.applied} applied, ${r.duplicate} already on the hub, ${r.rejected} rejected (see pos-db sync status); ${r.remaining} still queued`,
    ),
};

export const syncPullCommand: Command = {
  name: 'sync pull',
  summary: "bring every enrolled store's changes from its hub now (catalogue, balances, other tills' work), with a progress line",
  usage: 'pos-db sync pull --db FILE [--timeout SECONDS] [--json]\n\nEach page is applied in one transaction with its cursor. Exit codes as sync push.',
  options: { db: { type: 'string' }, timeout: { type: 'string' }, json: { type: 'boolean' } },
  run: (values, io) =>
    runEnrolled(
      values,
      io,
      'sync pull',
      (service) =>
        service.pull({ onProgress: (p) => io.status(`${p.tenantId}: pulled ${p.changes} changes in ${p.pages} page(s)${p.resync ? ' (full copy)' : ''}`) }),
      (r) =>
        `${r.tenantId}: ${r.changes} changes${r.resync ? ' (a full copy)' : ''}: ${r.inserted} new rows, ${r.updated} updated, ${r.deleted} deleted${r.kept ? `, ${r.kept} kept (still referenced here)` : ''}`,
    ),
};

export const syncEnrollCommand: Command = {
  name: 'sync enroll',
  summary: 'trade a one-time enrollment code from the hub for this till\u2019s credential, kept in the database',
  usage: [
    'pos-db sync enroll --db FILE --hub URL --code CODE [--name TILL_NAME] [--replace] [--json]',
    '',
    '  --hub URL    https://... (plain http only to localhost, 127.0.0.1 or [::1])',
    '  --code CODE  as `pos-hub enroll-code` printed it; it names the store, and works once',
    '  --replace    replace the store\u2019s existing credential (after the hub revoked it)',
    '',
    'Operations already queued are sent first, in order, by the next push.',
  ].join('\n'),
  options: {
    db: { type: 'string' },
    hub: { type: 'string' },
    code: { type: 'string' },
    name: { type: 'string' },
    replace: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  async run(values, io) {
    const file = requireString(values, 'db', 'sync enroll');
    const hubUrl = requireString(values, 'hub', 'sync enroll');
    const code = requireString(values, 'code', 'sync enroll');
    const db = openSyncDatabase(file, 'sync enroll');
    try {
      const enrollment = await createSyncService(db).enroll({ hubUrl, code, tillName: values.name as string | undefined, replace: values.replace === true });
      if (values.json) io.out(JSON.stringify(enrollment));
      else
        io.out(
          `Enrolled ${enrollment.tenantId} as till '${enrollment.tillName}' (${enrollment.tillId}) with ${enrollment.hubUrl}${enrollment.replaced ? ', replacing the previous credential' : ''}; ${enrollment.queued} queued operations go out with the next push`,
        );
      return 0;
    } finally {
      db.close();
    }
  },
};

export const SYNC_COMMANDS: readonly Command[] = [syncStatusCommand, syncPushCommand, syncPullCommand, syncEnrollCommand];
