// Run by till-sync.test.ts, two at once on one file: `write-child.ts DB N` receives stock N times through
// the repositories (each a transaction writing a queued operation), pausing a little between writes so the
// two processes interleave. A write that meets the other process's commit (SQLITE_BUSY on the read-to-write
// upgrade of a deferred transaction) rolled back whole and is tried again, as the app's caller would.
import { openDatabase } from '../../../electron/db/open';
import { runAsTenant } from '../../../electron/tenancy/context';
import { createRepositories } from '../../../electron/tenancy/repositories';

const [dbPath, count] = process.argv.slice(2) as [string, string];
const CAPS = 'caps-automotive';
const db = openDatabase(dbPath);
const admin = db.prepare(`SELECT id FROM users WHERE tenant_id = ? AND username = 'admin'`).pluck().get(CAPS) as string;
const product = db.prepare(`SELECT id FROM products WHERE tenant_id = ? ORDER BY id LIMIT 1`).pluck().get(CAPS) as string;
const repos = createRepositories(db);
const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
for (let i = 0; i < Number(count); i++) {
  for (;;) {
    try {
      runAsTenant({ tenantId: CAPS, userId: admin }, () => repos.inventory.receive({ productId: product, quantity: 1, unitCostCents: 100 }));
      break;
    } catch (err) {
      if (!/^SQLITE_BUSY/.test((err as { code?: string }).code ?? '')) throw err;
      pause(2);
    }
  }
  pause(1 + (i % 3));
}
db.close();
