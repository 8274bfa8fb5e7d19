// Run by hub-sync.test.ts in a child process (node --import tsx) so it can be SIGKILLed mid-push:
// `push-child.ts DB TENANT BATCH`. Prints one JSON line per progress event, then "done" and the counts.
import fs from 'node:fs';
import { openDatabase } from '../../../electron/db/open';
import { pushTenant } from '../../../electron/sync';

const [dbPath, tenantId, batch] = process.argv.slice(2) as [string, string, string];
const db = openDatabase(dbPath);
const counts = await pushTenant(db, tenantId, { batchSize: Number(batch), onProgress: (p) => fs.writeSync(1, `${JSON.stringify(p)}\n`) });
fs.writeSync(1, `done ${JSON.stringify(counts)}\n`);
db.close();
