import { MIGRATIONS } from '../../../migrations';
import { readStoreStatus } from '../../db/status';
import type { Command } from '../command';
import { requireString } from '../command';
import { formatTable } from '../format';

export const statusCommand: Command = {
  name: 'status',
  summary: 'show the schema version, executed and pending migrations, and rows per table',
  usage: 'pos-db status --db FILE [--json]',
  options: { db: { type: 'string' }, json: { type: 'boolean' } },
  async run(values, io) {
    const status = readStoreStatus(requireString(values, 'db', 'status'), MIGRATIONS);
    if (values.json) {
      io.out(JSON.stringify(status));
      return 0;
    }
    io.out(`Database:        ${status.path}`);
    io.out(`Schema version:  ${status.schemaVersion ?? '(empty)'}`);
    io.out(`Store id:        ${status.storeId ?? '(none yet: given at the next backup or upgrade)'}`);
    io.out(`Executed:        ${status.executed.join(', ') || '(none)'}`);
    io.out(`Pending:         ${status.pending.join(', ') || '(none)'}`);
    if (status.unknown.length > 0) {
      io.out(`Written by a newer POS Desktop: ${status.unknown.join(', ')} (this version will not change it)`);
    }
    io.out('');
    io.out(
      formatTable(
        ['table', 'group', 'rows', 'tenant_id'],
        status.tables.map((t) => [t.name, t.group, String(t.rows), t.hasTenantId ? 'yes' : 'no']),
      ),
    );
    io.out(`${status.tables.length} tables, ${status.totalRows} rows`);
    return 0;
  },
};
